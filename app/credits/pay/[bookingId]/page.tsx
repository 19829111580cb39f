import type { Metadata } from 'next';
import { PayWithCredits } from '@/components/credits/PayWithCredits';
import { safeDecode } from '@/lib/client/api';

export const metadata: Metadata = { title: 'Pay with credits' };

export default async function Page({ params }: { params: Promise<{ bookingId: string }> }) {
  const { bookingId } = await params;
  return (
    <>
      <div className="page-header">
        <h1>Pay with credits</h1>
        <p>Use your credits for all or part of this booking.</p>
      </div>
      <PayWithCredits bookingId={safeDecode(bookingId)} />
    </>
  );
}
