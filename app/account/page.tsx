import type { Metadata } from 'next';
import { AccountDataSection } from '@/components/account/AccountDataSection';
import { NotificationPreferences } from '@/components/account/NotificationPreferences';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'Your account' };

export default function Page() {
  return (
    <>
      <PageHeader title="Your account">Which emails you get, your data, and leaving Bookwell.</PageHeader>
      <NotificationPreferences />
      <AccountDataSection />
    </>
  );
}
