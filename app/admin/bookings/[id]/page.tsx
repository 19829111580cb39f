import type { Metadata } from 'next';
import { AdminBookingDetail } from '@/components/admin/AdminBookingDetail';

export const metadata: Metadata = { title: 'Booking (admin)' };

export default async function AdminBookingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AdminBookingDetail bookingId={decodeURIComponent(id)} />;
}
