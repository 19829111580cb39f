import type { Metadata } from 'next';
import { CreditsPage } from '@/components/credits/CreditsPage';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'Credits' };

export default function Page() {
  return (
    <>
      <PageHeader title="Credits">Buy credits in packages and pay for bookings with them.</PageHeader>
      <CreditsPage />
    </>
  );
}
