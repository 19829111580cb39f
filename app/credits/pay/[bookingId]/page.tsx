import type { Metadata } from 'next';
import { PayWithCredits } from '@/components/credits/PayWithCredits';
import { safeDecode } from '@/lib/client/navigation';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'Pay with credits' };

export default async function Page({ params }: { params: Promise<{ bookingId: string }> }) {
  const { bookingId } = await params;
  return (
    <>
      <PageHeader title="Pay with credits">Use your credits for all or part of this booking.</PageHeader>
      <PayWithCredits bookingId={safeDecode(bookingId)} />
    </>
  );
}
