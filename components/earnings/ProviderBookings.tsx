'use client';

import { useCallback, useEffect, useState } from 'react';
import { statusLabel } from '@/lib/client/format';
import { formatMoney } from '@/lib/domain/money';
import type { ProviderBookingView } from '@/lib/http/booking-processor';
import { lifecycleApi } from './api';

/** The provider's paid bookings: upcoming and recent, with "Mark completed" once a booking has started. */
export function ProviderBookings() {
  const [bookings, setBookings] = useState<ProviderBookingView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setBookings((await lifecycleApi('LIST_PROVIDER_BOOKINGS')).bookings);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not load your bookings.');
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const complete = async (bookingId: string) => {
    setBusy(bookingId);
    setError(null);
    try {
      await lifecycleApi('COMPLETE_BOOKING', { bookingId });
      await load();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not mark the booking completed.');
    } finally {
      setBusy(null);
    }
  };

  if (!bookings) return error ? <div className="alert alert--error" role="alert">{error}</div> : <p className="muted">Loading your bookings…</p>;
  const now = Date.now();
  const upcoming = bookings.filter((b) => Date.parse(b.dateTime.start) > now);
  const past = bookings.filter((b) => Date.parse(b.dateTime.start) <= now);
  const row = (b: ProviderBookingView) => (
    <li key={b.id} className="booking-item" data-testid={`provider-booking-${b.id}`}>
      <div>
        <strong>{b.service.title}</strong> · {new Date(b.dateTime.start).toLocaleString('en-US')} · {b.customerEmail}
      </div>
      <div>
        {formatMoney({ amountCents: b.pricing.providerEarningsCents, currency: b.pricing.currency })} to you ·{' '}
        <span className="badge badge--info">{b.status === 'PAID_OUT' ? 'Paid out' : statusLabel(b.status)}</span>{' '}
        {b.canComplete ? (
          <button type="button" className="button" onClick={() => complete(b.id)} disabled={busy === b.id}>
            Mark completed
          </button>
        ) : null}
      </div>
    </li>
  );
  return (
    <div>
      {error ? <div className="alert alert--error" role="alert">{error}</div> : null}
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
