import type { Metadata } from 'next';
import { PaymentHistory } from '@/components/account/PaymentHistory';

export const metadata: Metadata = { title: 'Payment history' };

export default function Page() {
  return (
    <>
      <div className="page-header">
        <h1>Payment history</h1>
        <p>Your bookings, credit packages and membership payments.</p>
      </div>
      <PaymentHistory />
    </>
  );
}
