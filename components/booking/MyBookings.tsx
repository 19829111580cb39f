'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import type { BookingView } from '@/lib/http/booking-processor';
import { formatMoney } from '@/lib/domain/money';
import { bookingApi } from '@/lib/client/api';
import { ApiError, errorMessage } from '@/lib/client/http';
import { loginHref } from '@/lib/client/navigation';
import { bookingReference, formatDate, formatTime, timeZoneLabel } from '@/lib/client/format';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { CancelBooking } from './CancelBooking';
import { StatusBadge } from './StatusBadge';
import { serviceTimeZone, useServiceTimeZone } from './useBooking';

const ACTIVE = new Set<BookingView['status']>(['PENDING_PAYMENT', 'PAYMENT_FAILED', 'CONFIRMED']);

export function MyBookings() {
  const router = useRouter();
  const load = useLoad(async (signal) => {
    const { bookings } = await bookingApi('LIST_MY_BOOKINGS', {}, { signal });
    // When the list was read: what is upcoming and which holds are still open are judged against that moment, not
    // the clock at each render.
    const loadedAt = Date.now();
    // Look up each service's time zone first, so times render once, in the right zone.
    await Promise.all([...new Set(bookings.map((b) => b.service.id))].map((id) => serviceTimeZone(id)));
    return { bookings, loadedAt };
  });
  const unauthenticated = load.error instanceof ApiError && load.error.isUnauthenticated;

  useEffect(() => {
    if (unauthenticated) router.replace(loginHref('/bookings'));
  }, [unauthenticated, router]);

  if (unauthenticated) return <LoadingState label="Taking you to the login page…" />;
  if (load.error !== undefined) {
    return <ErrorState title="We couldn't load your bookings" message={errorMessage(load.error)} onRetry={load.reload} />;
  }
  if (!load.data) return <LoadingState label="Loading your bookings…" />;

  const { bookings, loadedAt: now } = load.data;
  const upcoming = bookings
    .filter((b) => ACTIVE.has(b.status) && Date.parse(b.dateTime.end) > now)
    .sort((a, b) => a.dateTime.start.localeCompare(b.dateTime.start));
  const past = bookings.filter((b) => !upcoming.includes(b)).sort((a, b) => b.dateTime.start.localeCompare(a.dateTime.start));

  if (bookings.length === 0) {
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
                <BookingItem booking={b} now={now} onChanged={load.reload} />
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
                <BookingItem booking={b} now={now} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function BookingItem({ booking, now, onChanged }: { booking: BookingView; now: number; onChanged?: () => void }) {
  const zone = useServiceTimeZone(booking);
  const ref = bookingReference(booking.id);
  const href = `/bookings/${encodeURIComponent(booking.id)}`;
  const when = zone ? `${formatDate(booking.dateTime.start, zone)}, ${formatTime(booking.dateTime.start, zone)}` : '';
  const holdOpen = !booking.holdExpiresAt || Date.parse(booking.holdExpiresAt) > now;
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
        {onChanged ? (
          <CancelBooking
            booking={booking}
            timeZone={zone}
            onCancelled={onChanged}
            accessibleName={`Cancel booking: ${booking.service.title}, reference ${ref}`}
          />
        ) : null}
      </div>
    </article>
  );
}
