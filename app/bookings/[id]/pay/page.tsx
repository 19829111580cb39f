import type { Metadata } from 'next';
import { PayCheckout } from '@/components/booking/PayCheckout';
import { safeDecode } from '@/lib/client/navigation';

export const metadata: Metadata = { title: 'Checkout' };

export default async function PayPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PayCheckout bookingId={safeDecode(id)} />;
}
