import type { Metadata } from 'next';
import { NotificationPreferences } from '@/components/account/NotificationPreferences';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'Email preferences' };

export default function Page() {
  return (
    <>
      <PageHeader title="Email preferences">Which emails you get from us.</PageHeader>
      <NotificationPreferences />
    </>
  );
}
