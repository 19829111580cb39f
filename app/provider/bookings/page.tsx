import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ProviderBookings } from '@/components/earnings/ProviderBookings';
import { LoadingState } from '@/components/ui/States';

export const metadata: Metadata = { title: 'Your bookings' };

export default function ProviderBookingsPage() {
  return (
    <div className="container">
      <header className="page-header">
        <h1>Your bookings</h1>
        <p className="muted">
          Check customers in, mark a booking completed once you have delivered it (its earnings become eligible for payout), or cancel it or
          mark a no-show.
        </p>
      </header>
      <Suspense fallback={<LoadingState label="Loading your bookings…" />}>
        <ProviderBookings />
      </Suspense>
    </div>
  );
}
