import type { Metadata } from 'next';
import { BookingStatusView } from '@/components/booking/BookingStatusView';
import { safeDecode } from '@/lib/client/navigation';

export const metadata: Metadata = { title: 'Your booking' };

export default async function BookingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <BookingStatusView bookingId={safeDecode(id)} />;
}
