'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import type { BookingView } from '@/lib/http/booking-processor';
import { formatMoney } from '@/lib/domain/money';
import { bookingApi } from '@/lib/client/api';
import { isLocalMode } from '@/lib/client/config';
import { CheckoutForm } from '@/components/checkout/CheckoutForm';
import { PromotionCodeField } from '@/components/checkout/PromotionCodeField';
import { ErrorState, LoadingState } from '@/components/ui/States';
import { BookingNotReady } from './BookingNotReady';
import { BookingSummary } from './BookingSummary';
import { HoldCountdown } from './HoldCountdown';
import { StatusBadge } from './StatusBadge';
import { useBooking, useServiceTimeZone } from './useBooking';
import { Icon } from '@/components/ui/Icon';

const PAYABLE = new Set<BookingView['status']>(['PENDING_PAYMENT', 'PAYMENT_FAILED']);

export function PayCheckout({ bookingId }: { bookingId: string }) {
  const router = useRouter();
  const selfPath = `/bookings/${encodeURIComponent(bookingId)}/pay`;
  const { result, reload, setBooking } = useBooking(bookingId, selfPath);
  const booking = result.state === 'ready' ? result.booking : null;
  const zone = useServiceTimeZone(booking);
  const [holdExpired, setHoldExpired] = useState(false);
  const [declinedHere, setDeclinedHere] = useState(false);

  const statusPath = `/bookings/${encodeURIComponent(bookingId)}`;

  // Paid already (or paid in another tab): the status page is the right place.
  useEffect(() => {
    if (booking && !PAYABLE.has(booking.status) && booking.status !== 'CANCELLED' && booking.status !== 'EXPIRED') {
      router.replace(statusPath);
    }
  }, [booking, router, statusPath]);

  // The countdown calls this when the hold runs out, and as soon as it shows if the hold had run out already.
  const onExpire = useCallback(() => setHoldExpired(true), []);

  // After a decline the server has recorded it; refresh quietly (keeps the form and its message on screen).
  const onDeclined = useCallback(() => {
    setDeclinedHere(true);
    bookingApi('GET_BOOKING', { bookingId })
      .then((res) => setBooking(res.booking))
      .catch(() => undefined);
  }, [bookingId, setBooking]);

  if (result.state !== 'ready')
    return (
      <BookingNotReady result={result} loadingLabel="Loading your checkout…" errorTitle="We couldn't load your checkout" onRetry={reload} />
    );

  const b = result.booking;
  const amountLabel = formatMoney({ amountCents: b.pricing.totalAmountCents, currency: b.pricing.currency });

  if (!PAYABLE.has(b.status)) {
    if (b.status === 'CANCELLED' || b.status === 'EXPIRED') {
      return (
        <div className="card" style={{ maxWidth: 640, margin: '0 auto' }}>
          <h1>This booking can no longer be paid</h1>
          <p>
            <StatusBadge status={b.status} />
          </p>
          <p>
            {b.status === 'EXPIRED'
              ? 'The hold on this slot ran out before the payment was completed, so the slot was released.'
              : 'This booking was cancelled.'}{' '}
            You have not been charged.
          </p>
          <Link href={`/services/${encodeURIComponent(b.service.id)}`} className="button">
            Pick a new time
          </Link>
        </div>
      );
    }
    return <LoadingState label="This booking is paid. Opening your booking…" />;
  }

  return (
    <>
      <div className="page-header">
        <p className="breadcrumbs" style={{ margin: '0 0 0.5rem' }}>
          <Link href={`/services/${encodeURIComponent(b.service.id)}`} className="back-link">
            <Icon name="arrowLeft" size={16} />
            <span>Back to {b.service.title}</span>
          </Link>
        </p>
        <h1>Checkout</h1>
        <p>Complete your payment to confirm the booking.</p>
      </div>
      <div className="checkout-layout">
        <div className="card">
          <BookingSummary booking={b} timeZone={zone} />
        </div>
        <section className="card" aria-labelledby="payment-title">
          <h2 id="payment-title">Payment</h2>
          <p className="small">
            Have credits? <Link href={`/credits/pay/${encodeURIComponent(b.id)}`}>Pay all or part with credits</Link>
          </p>
          {b.holdExpiresAt ? <HoldCountdown expiresAt={b.holdExpiresAt} onExpire={onExpire} /> : null}
          {holdExpired ? (
            <div className="alert alert--error" role="alert">
              <p className="alert__title">Your hold on this slot has expired</p>
              <p>
                You have not been charged. <Link href={`/services/${encodeURIComponent(b.service.id)}`}>Pick a new time</Link> to book
                again.
              </p>
            </div>
          ) : null}
          {b.status === 'PAYMENT_FAILED' && !declinedHere ? (
            <div className="alert alert--warning">
              <p className="alert__title">Your last payment attempt didn&apos;t go through</p>
              <p>{b.paymentFailureMessage ?? 'The card was declined.'} You can try again with another card.</p>
            </div>
          ) : null}
          {holdExpired ? null : <PromotionCodeField booking={b} onApplied={setBooking} />}
          {isLocalMode ? <TestCardHint /> : null}
          {b.clientSecret ? (
            <CheckoutForm
              bookingId={b.id}
              clientSecret={b.clientSecret}
              amountLabel={amountLabel}
              disabled={holdExpired}
              onDeclined={onDeclined}
            />
          ) : (
            <ErrorState
              title="Payment isn't available right now"
              message="We couldn't prepare the payment for this booking. Please try again in a moment."
              onRetry={reload}
            />
          )}
        </section>
      </div>
    </>
  );
}

function TestCardHint() {
  return (
    <div className="test-cards">
      <strong>Test mode</strong> — no real money moves. Use any future expiry date, any 3-digit security code and any postal code.
      <ul>
        <li>
          <span className="mono">4242 4242 4242 4242</span> — payment succeeds
        </li>
        <li>
          <span className="mono">4000 0000 0000 0002</span> — card is declined
        </li>
      </ul>
    </div>
  );
}
