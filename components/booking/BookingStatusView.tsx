'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { BookingView } from '@/lib/http/booking-processor';
import { formatMoney } from '@/lib/domain/money';
import { bookingApi, loginHref } from '@/lib/client/api';
import { ErrorState, LoadingState, Spinner } from '@/components/ui/States';
import { BookingReceipt } from './BookingReceipt';
import { BookingSummary } from './BookingSummary';
import { CheckInQrCode } from './CheckInQrCode';
import { StatusBadge } from './StatusBadge';
import { StatusTimeline } from './StatusTimeline';
import { useBooking, useServiceTimeZone } from './useBooking';
import { Icon } from '@/components/ui/Icon';

const POLL_INTERVAL_MS = 1500;
/** Statuses a booking may have once paid (CANCELLED too: the receipt view says whether it ever was). */
const PAID_OR_AFTER: BookingView['status'][] = ['CONFIRMED', 'COMPLETED', 'PAID_OUT', 'DISPUTED', 'REFUNDED', 'CANCELLED'];
const MAX_POLLS = 40; // about a minute

export function BookingStatusView({ bookingId }: { bookingId: string }) {
  const router = useRouter();
  const { result, reload, setBooking } = useBooking(bookingId);
  const booking = result.state === 'ready' ? result.booking : null;
  const zone = useServiceTimeZone(booking);
  const confirmedOnce = useRef(false);
  const [polls, setPolls] = useState(0);
  const [pollRound, setPollRound] = useState(0);

  useEffect(() => {
    if (result.state === 'unauthenticated') router.replace(loginHref(`/bookings/${encodeURIComponent(bookingId)}`));
  }, [result.state, router, bookingId]);

  const pending = booking?.status === 'PENDING_PAYMENT';
  // After a declined attempt the booking reads PAYMENT_FAILED until the retry's webhook lands: reconcile that too.
  const unpaid = pending || booking?.status === 'PAYMENT_FAILED';

  // Ask the server once to reconcile with Stripe (covers a webhook that is late or lost).
  useEffect(() => {
    if (!unpaid || confirmedOnce.current) return;
    confirmedOnce.current = true;
    bookingApi('CONFIRM_BOOKING', { bookingId })
      .then((res) => setBooking(res.booking))
      .catch(() => undefined);
  }, [unpaid, bookingId, setBooking]);

  // Then poll until the status leaves PENDING_PAYMENT (or we give up and offer a button).
  useEffect(() => {
    if (!pending || polls >= MAX_POLLS) return;
    let live = true;
    const t = setTimeout(() => {
      bookingApi('GET_BOOKING', { bookingId })
        .then((res) => {
          if (live) setBooking(res.booking);
        })
        .catch(() => undefined)
        .finally(() => {
          if (live) setPolls((p) => p + 1);
        });
    }, POLL_INTERVAL_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [pending, polls, pollRound, bookingId, setBooking]);

  if (result.state === 'loading') return <LoadingState label="Loading your booking…" />;
  if (result.state === 'unauthenticated') return <LoadingState label="Taking you to the login page…" />;
  if (result.state === 'not-found') {
    return (
      <ErrorState title="Booking not found" message="We couldn't find this booking in your account.">
        <Link href="/bookings">Go to my bookings</Link>
      </ErrorState>
    );
  }
  if (result.state === 'error') {
    return <ErrorState title="We couldn't load your booking" message={result.message} onRetry={reload} />;
  }

  const b = result.booking;
  const gaveUp = pending && polls >= MAX_POLLS;

  return (
    <div style={{ maxWidth: 760, margin: '0 auto' }}>
      <div className="card">
        <div aria-live="polite" aria-atomic="true">
          <StatusHero booking={b} gaveUp={gaveUp} />
        </div>
        {gaveUp ? (
          <p style={{ textAlign: 'center' }}>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setPolls(0);
                setPollRound((r) => r + 1);
              }}
            >
              Check again
            </button>
          </p>
        ) : null}
      </div>

      {b.status === 'CONFIRMED' || b.status === 'COMPLETED' || b.status === 'PAID_OUT' ? (
        <section className="card" aria-labelledby="checkin-title">
          <h2 id="checkin-title">Your check-in code</h2>
          <p className="muted">Show this QR code (or the code under it) to your provider when you arrive.</p>
          <CheckInQrCode code={b.qrCode} />
        </section>
      ) : null}

      <div className="card">
        <BookingSummary booking={b} timeZone={zone} title="Booking details" />
      </div>

      {/* Paid (or paid, then cancelled or disputed): what was paid and how, with the card receipt. */}
      {PAID_OR_AFTER.includes(b.status) ? <BookingReceipt bookingId={b.id} timeZone={zone} /> : null}

      <div className="card">
        <StatusTimeline booking={b} timeZone={zone} />
      </div>

      <p style={{ display: 'flex', gap: '0.75rem', flexWrap: 'wrap', marginTop: '1.5rem' }}>
        <Link href="/bookings" className="button button--secondary">
          My bookings
        </Link>
        <Link href="/services" className="button button--ghost">
          Browse more services
        </Link>
      </p>
    </div>
  );
}

function StatusHero({ booking, gaveUp }: { booking: BookingView; gaveUp: boolean }) {
  const total = formatMoney({ amountCents: booking.pricing.totalAmountCents, currency: booking.pricing.currency });
  const payHref = `/bookings/${encodeURIComponent(booking.id)}/pay`;
  switch (booking.status) {
    case 'PENDING_PAYMENT':
      return (
        <div className="status-hero">
          <div className="status-hero__icon status-hero__icon--pending" aria-hidden="true">
            {gaveUp ? <Icon name="clock" size={28} /> : <Spinner />}
          </div>
          <h1>{gaveUp ? 'Still waiting for your payment' : 'Confirming your payment…'}</h1>
          <p className="muted">
            {gaveUp
              ? "We haven't received a payment confirmation yet. If you paid, it can take a little longer."
              : 'This usually takes a few seconds. Please keep this page open.'}
          </p>
          <p className="small">
            Haven&apos;t paid yet? <Link href={payHref}>Go to checkout</Link>
          </p>
        </div>
      );
    case 'CONFIRMED':
      return (
        <div className="status-hero">
          <div className="status-hero__icon status-hero__icon--success" aria-hidden="true">
            <Icon name="check" size={28} strokeWidth={2.5} />
          </div>
          <h1>Booking confirmed</h1>
          <p className="muted">
            Thanks! We received your payment of <strong>{total}</strong>. See you there.
          </p>
          <StatusBadge status={booking.status} />
        </div>
      );
    case 'COMPLETED':
    case 'PAID_OUT':
      return (
        <div className="status-hero">
          <div className="status-hero__icon status-hero__icon--success" aria-hidden="true">
            <Icon name="check" size={28} strokeWidth={2.5} />
          </div>
          <h1>Booking completed</h1>
          <p className="muted">We hope you enjoyed it.</p>
          <StatusBadge status={booking.status} />
        </div>
      );
    case 'PAYMENT_FAILED':
      return (
        <div className="status-hero">
          <div className="status-hero__icon status-hero__icon--danger" aria-hidden="true">
            <Icon name="alert" size={28} />
          </div>
          <h1>Payment didn&apos;t go through</h1>
          <p>{booking.paymentFailureMessage ?? 'Your card was declined.'}</p>
          <Link href={payHref} className="button">
            Try another card
          </Link>
        </div>
      );
    case 'CANCELLED':
      return (
        <div className="status-hero">
          <div className="status-hero__icon status-hero__icon--neutral" aria-hidden="true">
            <Icon name="x" size={28} />
          </div>
          <h1>Booking cancelled</h1>
          <StatusBadge status={booking.status} />
        </div>
      );
    case 'EXPIRED':
      return (
        <div className="status-hero">
          <div className="status-hero__icon status-hero__icon--neutral" aria-hidden="true">
            <Icon name="clock" size={28} />
          </div>
          <h1>Booking expired</h1>
          <p className="muted">The hold ran out before payment, so the slot was released. You have not been charged.</p>
          <Link href={`/services/${encodeURIComponent(booking.service.id)}`} className="button">
            Pick a new time
          </Link>
        </div>
      );
    default:
      return (
        <div className="status-hero">
          <h1>Your booking</h1>
          <StatusBadge status={booking.status} />
        </div>
      );
  }
}
