import type { Metadata } from 'next';
import { MyBookings } from '@/components/booking/MyBookings';

export const metadata: Metadata = { title: 'My bookings' };

export default function BookingsPage() {
  return (
    <>
      <div className="page-header">
        <h1>My bookings</h1>
        <p>Your upcoming and past bookings, with their payment status.</p>
      </div>
      <MyBookings />
    </>
  );
}
