import type { BookingView } from '@/lib/http/booking-processor';
import { formatMoney } from '@/lib/domain/money';
import { bookingReference, formatDate, formatTime, timeZoneLabel } from '@/lib/client/format';
import { PromotionLines } from '@/components/checkout/PromotionLines';

/** What the customer bought and what they pay. The platform fee is internal: customers see the total. */
export function BookingSummary({
  booking,
  timeZone,
  headingLevel = 2,
  title = 'Booking summary',
}: {
  booking: BookingView;
  timeZone: string | null;
  headingLevel?: 2 | 3;
  title?: string;
}) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const total = formatMoney({ amountCents: booking.pricing.totalAmountCents, currency: booking.pricing.currency });
  return (
    <section aria-labelledby={`summary-${booking.id}`}>
      <H id={`summary-${booking.id}`}>{title}</H>
      <dl className="summary">
        <div>
          <dt>Service</dt>
          <dd>{booking.service.title}</dd>
        </div>
        <div>
          <dt>Date</dt>
          <dd>{timeZone ? formatDate(booking.dateTime.start, timeZone) : '…'}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>
            {timeZone ? (
              <>
                {formatTime(booking.dateTime.start, timeZone)} – {formatTime(booking.dateTime.end, timeZone)}
                <br />
                <span className="small muted">{timeZoneLabel(timeZone, new Date(booking.dateTime.start))}</span>
              </>
            ) : (
              '…'
            )}
          </dd>
        </div>
        {booking.rescheduled && timeZone ? (
          <div>
            <dt>Rescheduled</dt>
            <dd>
              Moved from {formatDate(booking.rescheduled.fromStart, timeZone)}, {formatTime(booking.rescheduled.fromStart, timeZone)}
              <br />
              <span className="small muted">
                on {formatDate(booking.rescheduled.at, timeZone)}
                {booking.rescheduled.count > 1 ? ` (moved ${booking.rescheduled.count} times)` : ''}
              </span>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Group size</dt>
          <dd>
            {booking.groupSize} {booking.groupSize === 1 ? 'person' : 'people'}
          </dd>
        </div>
        {booking.specialRequests ? (
          <div>
            <dt>Special requests</dt>
            <dd style={{ whiteSpace: 'pre-line' }}>{booking.specialRequests}</dd>
          </div>
        ) : null}
        <div>
          <dt>Reference</dt>
          <dd className="mono">{bookingReference(booking.id)}</dd>
        </div>
        <PromotionLines pricing={booking.pricing} />
        <div className="summary__total">
          <dt>Total</dt>
          <dd data-testid="booking-total">{total}</dd>
        </div>
        {booking.currentPriceCents !== undefined ? (
          <div>
            <dt>Price after the move</dt>
            <dd>
              {formatMoney({ amountCents: booking.currentPriceCents, currency: booking.pricing.currency })} (the difference was refunded)
            </dd>
          </div>
        ) : null}
      </dl>
      <p className="small muted" style={{ margin: '0.5rem 0 0' }}>
        Taxes and fees included.
      </p>
    </section>
  );
}
