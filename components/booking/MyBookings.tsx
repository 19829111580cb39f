'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { BookingView } from '@/lib/http/booking-processor';
import { formatMoney } from '@/lib/domain/money';
import { ApiError, bookingApi, errorMessage, loginHref } from '@/lib/client/api';
import { bookingReference, formatDate, formatTime, timeZoneLabel } from '@/lib/client/format';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/States';
import { StatusBadge } from './StatusBadge';
import { serviceTimeZone, useServiceTimeZone } from './useBooking';

type Load = { state: 'loading' } | { state: 'unauthenticated' } | { state: 'error'; message: string } | { state: 'ready'; bookings: BookingView[] };

const ACTIVE = new Set<BookingView['status']>(['PENDING_PAYMENT', 'PAYMENT_FAILED', 'CONFIRMED']);

export function MyBookings() {
  const router = useRouter();
  const [result, setResult] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setResult({ state: 'loading' });
    bookingApi('LIST_MY_BOOKINGS', {}, { signal: controller.signal })
      .then(async (res) => {
        // Look up each service's time zone first, so times render once, in the right zone.
        await Promise.all([...new Set(res.bookings.map((b) => b.service.id))].map((id) => serviceTimeZone(id)));
        if (!controller.signal.aborted) setResult({ state: 'ready', bookings: res.bookings });
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        if (err instanceof ApiError && err.isUnauthenticated) setResult({ state: 'unauthenticated' });
        else setResult({ state: 'error', message: errorMessage(err) });
      });
    return () => controller.abort();
  }, [attempt]);

  useEffect(() => {
    if (result.state === 'unauthenticated') router.replace(loginHref('/bookings'));
  }, [result.state, router]);

  if (result.state === 'loading') return <LoadingState label="Loading your bookings…" />;
  if (result.state === 'unauthenticated') return <LoadingState label="Taking you to the login page…" />;
  if (result.state === 'error') {
    return <ErrorState title="We couldn't load your bookings" message={result.message} onRetry={() => setAttempt((a) => a + 1)} />;
  }

  const now = Date.now();
  const upcoming = result.bookings
    .filter((b) => ACTIVE.has(b.status) && Date.parse(b.dateTime.end) > now)
    .sort((a, b) => a.dateTime.start.localeCompare(b.dateTime.start));
  const past = result.bookings
    .filter((b) => !upcoming.includes(b))
    .sort((a, b) => b.dateTime.start.localeCompare(a.dateTime.start));

  if (result.bookings.length === 0) {
    return (
      <EmptyState title="No bookings yet">
        <p>When you book a service, it will show up here.</p>
        <Link href="/services" className="button">
          Browse services
        </Link>
      </EmptyState>
    );
  }

  return (
    <>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">Upcoming</h2>
        {upcoming.length === 0 ? (
          <p className="muted">
            No upcoming bookings. <Link href="/services">Find something to book</Link>.
          </p>
        ) : (
          <ul className="booking-list">
            {upcoming.map((b) => (
              <li key={b.id}>
                <BookingItem booking={b} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="past-title">
        <h2 id="past-title">Past and cancelled</h2>
        {past.length === 0 ? (
          <p className="muted">Nothing here yet.</p>
        ) : (
          <ul className="booking-list">
            {past.map((b) => (
              <li key={b.id}>
                <BookingItem booking={b} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function BookingItem({ booking }: { booking: BookingView }) {
  const zone = useServiceTimeZone(booking);
  const ref = bookingReference(booking.id);
  const href = `/bookings/${encodeURIComponent(booking.id)}`;
  const when = zone ? `${formatDate(booking.dateTime.start, zone)}, ${formatTime(booking.dateTime.start, zone)}` : '';
  const holdOpen = !booking.holdExpiresAt || Date.parse(booking.holdExpiresAt) > Date.now();
  const canPay = (booking.status === 'PENDING_PAYMENT' || booking.status === 'PAYMENT_FAILED') && holdOpen;
  return (
    <article className="booking-item" aria-label={`${booking.service.title}${when ? `, ${when}` : ''}, reference ${ref}`}>
      <div>
        <h3>
          <Link href={href}>{booking.service.title}</Link>
        </h3>
        <div className="booking-item__meta">
          <span>
            {zone ? (
              <>
                {when} <span className="small">· {timeZoneLabel(zone, new Date(booking.dateTime.start))}</span>
              </>
            ) : (
              'Loading time…'
            )}
          </span>
          <span>
            {booking.groupSize} {booking.groupSize === 1 ? 'person' : 'people'}
          </span>
          <span>{formatMoney({ amountCents: booking.pricing.totalAmountCents, currency: booking.pricing.currency })}</span>
          <span>
            Reference <span className="mono">{ref}</span>
          </span>
        </div>
      </div>
      <div className="booking-item__actions">
        <StatusBadge status={booking.status} />
        {canPay ? (
          <Link href={`${href}/pay`} className="button" aria-label={`Pay for ${booking.service.title}, reference ${ref}`}>
            Pay now
          </Link>
        ) : null}
        <Link href={href} className="button button--secondary" aria-label={`View booking ${booking.service.title}, reference ${ref}`}>
          View
        </Link>
      </div>
    </article>
  );
}
