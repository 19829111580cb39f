'use client';

import { useState } from 'react';
import { statusLabel } from '@/lib/domain/booking-status';
import { bookingApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { ProviderBookingView } from '@/lib/http/booking-processor';
import { BookingReview } from '@/components/reviews/BookingReview';
import { ContestRefund } from '@/components/booking/ContestRefund';
import { CheckInForm } from './CheckInForm';
import { useLoad } from '@/components/ui/useLoad';

/** Statuses a refund may have been decided in (the provider may contest one given). */
const CONTESTABLE: ProviderBookingView['status'][] = ['CONFIRMED', 'COMPLETED', 'PAID_OUT', 'CANCELLED', 'REFUNDED', 'DISPUTED'];

/**
 * The provider's paid bookings: upcoming and recent, with "Mark completed" once a booking has started, and its
 * refunds (contesting a refund given: ContestRefund).
 */
export function ProviderBookings() {
  const load = useLoad(async (signal) => {
    const { bookings } = await bookingApi('LIST_PROVIDER_BOOKINGS', {}, { signal });
    // Upcoming and past as of the server's answer, the moment its "can complete" flags stand for too.
    return { bookings, loadedAt: Date.now() };
  });
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [refundsOf, setRefundsOf] = useState<string | null>(null);
  const [checkInOf, setCheckInOf] = useState<string | null>(null);
  const error = actionError ?? (load.error === undefined ? null : errorMessage(load.error));

  const complete = async (bookingId: string) => {
    setBusy(bookingId);
    setActionError(null);
    try {
      await bookingApi('COMPLETE_BOOKING', { bookingId });
      load.reload();
    } catch (err) {
      setActionError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  if (!load.data)
    return error ? (
      <div className="alert alert--error" role="alert">
        {error}
      </div>
    ) : (
      <p className="muted">Loading your bookings…</p>
    );
  const { bookings, loadedAt: now } = load.data;
  const upcoming = bookings.filter((b) => Date.parse(b.dateTime.start) > now);
  const past = bookings.filter((b) => Date.parse(b.dateTime.start) <= now);
  const row = (b: ProviderBookingView) => (
    <li key={b.id} className="booking-item" data-testid={`provider-booking-${b.id}`}>
      <div>
        <strong>{b.service.title}</strong> · {new Date(b.dateTime.start).toLocaleString('en-US')} · {b.customerEmail}
      </div>
      <div>
        {money(b.pricing.providerEarningsCents, b.pricing.currency)} to you ·{' '}
        <span className="badge badge--info">{b.status === 'PAID_OUT' ? 'Paid out' : statusLabel(b.status)}</span>{' '}
        {b.canComplete ? (
          <button type="button" className="button" onClick={() => complete(b.id)} disabled={busy === b.id}>
            Mark completed
          </button>
        ) : null}{' '}
        {b.checkedInAt ? (
          <span className="badge badge--success">Checked in {new Date(b.checkedInAt).toLocaleTimeString('en-US')}</span>
        ) : b.status === 'CONFIRMED' ? (
          <button
            type="button"
            className="button button--ghost"
            aria-expanded={checkInOf === b.id}
            onClick={() => setCheckInOf(checkInOf === b.id ? null : b.id)}
          >
            {checkInOf === b.id ? 'Hide check-in' : 'Check in'}
          </button>
        ) : null}{' '}
        {CONTESTABLE.includes(b.status) ? (
          <button
            type="button"
            className="button button--ghost"
            aria-expanded={refundsOf === b.id}
            onClick={() => setRefundsOf(refundsOf === b.id ? null : b.id)}
          >
            {refundsOf === b.id ? 'Hide refunds' : 'Refunds'}
          </button>
        ) : null}
      </div>
      {checkInOf === b.id && !b.checkedInAt ? <CheckInForm bookingId={b.id} onCheckedIn={() => load.reload()} /> : null}
      {refundsOf === b.id ? <ContestRefund bookingId={b.id} nothingText="No refund to contest on this booking." /> : null}
      {/* The customer's review of a completed booking, and the provider's one reply. */}
      {b.status === 'COMPLETED' || b.status === 'PAID_OUT' ? <BookingReview bookingId={b.id} quietWhenNone /> : null}
    </li>
  );
  return (
    <div>
      {error ? (
        <div className="alert alert--error" role="alert">
          {error}
        </div>
      ) : null}
      <section className="card" aria-labelledby="started-title">
        <h2 id="started-title">Started or past</h2>
        {past.length === 0 ? <p className="muted">Nothing yet.</p> : <ul className="booking-list">{past.map(row)}</ul>}
      </section>
      <section className="card" aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">Upcoming</h2>
        {upcoming.length === 0 ? <p className="muted">No upcoming bookings.</p> : <ul className="booking-list">{upcoming.map(row)}</ul>}
      </section>
    </div>
  );
}
