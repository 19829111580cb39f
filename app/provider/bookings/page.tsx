import type { Metadata } from 'next';
import { ProviderBookings } from '@/components/earnings/ProviderBookings';

export const metadata: Metadata = { title: 'Your bookings' };

export default function ProviderBookingsPage() {
  return (
    <div className="container">
      <header className="page-header">
        <h1>Your bookings</h1>
        <p className="muted">Mark a booking completed once you have delivered it: its earnings become eligible for payout.</p>
      </header>
      <ProviderBookings />
    </div>
  );
}
