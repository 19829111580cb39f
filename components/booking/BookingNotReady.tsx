import Link from 'next/link';
import { ErrorState, LoadingState } from '@/components/ui/States';
import type { BookingLoad } from './useBooking';

/** What a booking's pages show until the booking is there: loading, on the way to log in, not found, or the error. */
export function BookingNotReady({
  result,
  loadingLabel,
  errorTitle,
  onRetry,
}: {
  result: Exclude<BookingLoad, { state: 'ready' }>;
  loadingLabel: string;
  errorTitle: string;
  onRetry: () => void;
}) {
  switch (result.state) {
    case 'loading':
      return <LoadingState label={loadingLabel} />;
    case 'unauthenticated':
      return <LoadingState label="Taking you to the login page…" />;
    case 'not-found':
      return (
        <ErrorState title="Booking not found" message="We couldn't find this booking in your account.">
          <Link href="/bookings">Go to my bookings</Link>
        </ErrorState>
      );
    case 'error':
      return <ErrorState title={errorTitle} message={result.message} onRetry={onRetry} />;
  }
}
