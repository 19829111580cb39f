import type { Metadata } from 'next';
import { AccountDataSection } from '@/components/account/AccountDataSection';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'Your account' };

export default function Page() {
  return (
    <>
      <PageHeader title="Your account">Your data, and leaving Bookwell.</PageHeader>
      <AccountDataSection />
    </>
  );
}
