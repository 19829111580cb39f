import type { Metadata } from 'next';
import { PaymentHistory } from '@/components/account/PaymentHistory';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'Payment history' };

export default function Page() {
  return (
    <>
      <PageHeader title="Payment history">Your bookings, credit packages and membership payments.</PageHeader>
      <PaymentHistory />
    </>
  );
}
