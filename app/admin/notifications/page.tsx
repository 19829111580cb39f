import type { Metadata } from 'next';
import { AdminMessages } from '@/components/admin/AdminMessages';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'Emails (admin)' };

/** Failed and dead-lettered emails across the marketplace; a booking's own messages are on its admin page. */
export default function Page() {
  return (
    <>
      <PageHeader title="Emails">Messages that could not be delivered. A booking&apos;s messages are on its page.</PageHeader>
      <AdminMessages title="Failed emails" />
    </>
  );
}
