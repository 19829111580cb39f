'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { BookingView } from '@/lib/http/booking-processor';
import { bookingApi } from '@/lib/client/api';
import { mediumDateTime } from '@/lib/client/format';
import { BookingNotReady } from './BookingNotReady';
import { BookingReceipt } from './BookingReceipt';
import { BookingSummary } from './BookingSummary';
import { CancelBooking } from './CancelBooking';
import { CheckInQrCode } from './CheckInQrCode';
import { ContestRefund } from './ContestRefund';
import { canOfferReschedule, RescheduleBooking } from './RescheduleBooking';
import { BookingReview } from '@/components/reviews/BookingReview';
import { StatusHero } from './StatusHero';
import { StatusTimeline } from './StatusTimeline';
import { useBooking, useServiceTimeZone } from './useBooking';
import { useRefundProgress } from './useRefundProgress';

const POLL_INTERVAL_MS = 1500;
/** Statuses a booking may have once paid (CANCELLED too: the receipt view says whether it ever was). */
const PAID_OR_AFTER: BookingView['status'][] = ['CONFIRMED', 'COMPLETED', 'PAID_OUT', 'DISPUTED', 'REFUNDED', 'CANCELLED'];
const MAX_POLLS = 40; // about a minute

export function BookingStatusView({ bookingId }: { bookingId: string }) {
  const { result, reload, setBooking } = useBooking(bookingId, `/bookings/${encodeURIComponent(bookingId)}`);
  const booking = result.state === 'ready' ? result.booking : null;
  const zone = useServiceTimeZone(booking);
  const refund = useRefundProgress(bookingId, booking !== null && PAID_OR_AFTER.includes(booking.status));
  const confirmedOnce = useRef(false);
  const [polls, setPolls] = useState(0);
  const [pollRound, setPollRound] = useState(0);

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

  if (result.state !== 'ready')
    return (
      <BookingNotReady result={result} loadingLabel="Loading your booking…" errorTitle="We couldn't load your booking" onRetry={reload} />
    );

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

      {b.qrCode && (b.status === 'CONFIRMED' || b.status === 'COMPLETED' || b.status === 'PAID_OUT') ? (
        <section className="card" aria-labelledby="checkin-title">
          <h2 id="checkin-title">Your check-in code</h2>
          {b.checkedInAt ? (
            <p role="status">You were checked in on {mediumDateTime(b.checkedInAt)}.</p>
          ) : (
            <p className="muted">
              Show this QR code (or the code under it) to your provider when you arrive. Keep it to yourself until then.
            </p>
          )}
          <CheckInQrCode code={b.qrCode} />
          <p>
            {/* a plain download (GET): the same invite, with the same UID, as the confirmation email carries */}
            <a href={`/api/bookings/${encodeURIComponent(b.id)}/calendar`} download className="button button--secondary">
              Add to calendar (.ics)
            </a>
          </p>
        </section>
      ) : null}

      <div className="card">
        <BookingSummary booking={b} timeZone={zone} title="Booking details" />
      </div>

      {/* Before its deadline: move it to another free time of the same service. */}
      {canOfferReschedule(b) ? <RescheduleBooking booking={b} onMoved={setBooking} /> : null}

      {/* Paid (or paid, then cancelled or disputed): what was paid and how, with the card receipt. */}
      {PAID_OR_AFTER.includes(b.status) ? <BookingReceipt bookingId={b.id} timeZone={zone} /> : null}
      {/* Once a refund was decided: contest it (shown only when there is something to contest, or a case is open). */}
      {PAID_OR_AFTER.includes(b.status) ? (
        <ContestRefund
          bookingId={b.id}
          version={`${refund.status?.refundDispute?.status}:${refund.status?.refunds.length}`}
          onChanged={refund.reload}
        />
      ) : null}
      {/* After completion: "Rate this booking", or the review left (editable for a while). */}
      {b.status === 'COMPLETED' || b.status === 'PAID_OUT' ? <BookingReview bookingId={b.id} /> : null}

      <div className="card">
        <StatusTimeline booking={b} timeZone={zone} refund={refund.status} />
      </div>

      <p style={{ display: 'flex', gap: '0.75rem', flexWrap: 'wrap', marginTop: '1.5rem' }}>
        <CancelBooking
          booking={b}
          timeZone={zone}
          onCancelled={() => {
            reload();
            refund.reload();
          }}
        />
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
