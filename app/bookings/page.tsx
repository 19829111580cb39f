import type { Metadata } from 'next';
import { MyBookings } from '@/components/booking/MyBookings';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'My bookings' };

export default function BookingsPage() {
  return (
    <>
      <PageHeader title="My bookings">Your upcoming and past bookings, with their payment status.</PageHeader>
      <MyBookings />
    </>
  );
}
