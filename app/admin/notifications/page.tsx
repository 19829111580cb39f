import type { Metadata } from 'next';
import { AdminUndeliveredMessages } from '@/components/admin/AdminMessages';
import { oneOf } from '@/components/admin/search-params';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'Emails (admin)' };

type Search = Record<string, string | string[] | undefined>;

/** Failed and dead-lettered emails across the marketplace (filter in the URL: ?status=DEAD&order=oldest); a booking's own messages are on its admin page. */
export default async function Page({ searchParams }: { searchParams: Promise<Search> }) {
  const q = await searchParams;
  return (
    <>
      <PageHeader title="Emails">Messages that could not be delivered. A booking&apos;s messages are on its page.</PageHeader>
      <AdminUndeliveredMessages
        filter={{ status: oneOf(q.status, ['FAILED', 'DEAD'] as const), order: oneOf(q.order, ['oldest'] as const) ?? 'newest' }}
      />
    </>
  );
}
