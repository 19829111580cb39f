import type { BookingView } from '@/lib/http/booking-processor';
import type { RefundStatus } from '@/lib/http/refund-processor';
import { formatDateTimeShort } from '@/lib/client/format';
import { refundSteps, type TimelineStep as Step } from '@/lib/client/refund-timeline';

function steps(booking: BookingView, timeZone: string | null): Step[] {
  const created = formatDateTimeShort(booking.createdAt, timeZone ?? undefined);
  const booked: Step = { label: 'Slot reserved', detail: created, state: 'done' };
  switch (booking.status) {
    case 'PENDING_PAYMENT':
      return [
        booked,
        { label: 'Payment', detail: 'Awaiting payment', state: 'current' },
        { label: 'Booking confirmed', state: 'todo' },
        { label: 'Service completed', state: 'todo' },
      ];
    case 'PAYMENT_FAILED':
      return [
        booked,
        { label: 'Payment failed', detail: booking.paymentFailureMessage ?? 'The card was declined.', state: 'failed' },
        { label: 'Booking confirmed', state: 'todo' },
        { label: 'Service completed', state: 'todo' },
      ];
    case 'CONFIRMED':
      return [
        booked,
        { label: 'Payment received', state: 'done' },
        { label: 'Booking confirmed', state: 'done' },
        ...moved(booking, timeZone),
        { label: 'Service completed', detail: 'After your appointment', state: 'todo' },
      ];
    case 'COMPLETED':
    case 'PAID_OUT':
      return [
        booked,
        { label: 'Payment received', state: 'done' },
        { label: 'Booking confirmed', state: 'done' },
        booking.noShowAt
          ? {
              label: 'Marked as a no-show',
              detail: `The provider recorded that you did not attend (${formatDateTimeShort(booking.noShowAt, timeZone ?? undefined)}). Any refund under the policy is shown below.`,
              state: 'failed',
            }
          : { label: 'Service completed', state: 'done' },
      ];
    case 'CANCELLED':
      return [booked, { label: 'Booking cancelled', state: 'failed' }];
    case 'EXPIRED':
      return [booked, { label: 'Hold expired before payment', detail: 'The slot was released.', state: 'failed' }];
    default:
      return [booked];
  }
}

/** The last move to another time, when the customer rescheduled. */
function moved(booking: BookingView, timeZone: string | null): Step[] {
  const r = booking.rescheduled;
  if (!r) return [];
  const zone = timeZone ?? undefined;
  return [
    {
      label: 'Moved to a new time',
      detail: `${formatDateTimeShort(r.at, zone)}: from ${formatDateTimeShort(r.fromStart, zone)} to ${formatDateTimeShort(booking.dateTime.start, zone)}`,
      state: 'done',
    },
  ];
}

/** `refund`: the booking's refunds and refund contest (GET_REFUND_STATUS), shown after the booking's own steps. */
export function StatusTimeline({
  booking,
  timeZone,
  refund,
}: {
  booking: BookingView;
  timeZone: string | null;
  refund?: RefundStatus | null;
}) {
  const list = [...steps(booking, timeZone), ...(refund ? refundSteps(refund, timeZone ?? undefined) : [])];
  return (
    <section aria-labelledby={`timeline-${booking.id}`}>
      <h2 id={`timeline-${booking.id}`}>Status</h2>
      <ol className="timeline">
        {list.map((s, i) => (
          <li key={`${i}:${s.label}`} data-state={s.state} aria-current={s.state === 'current' ? 'step' : undefined}>
            <span className="timeline__dot" aria-hidden="true" />
            <span className="timeline__label">
              {s.label}
              <span className="visually-hidden">
                {s.state === 'done'
                  ? ' (done)'
                  : s.state === 'current'
                    ? ' (in progress)'
                    : s.state === 'failed'
                      ? ' (did not happen)'
                      : ' (to come)'}
              </span>
            </span>
            {s.detail ? <span className="timeline__detail">{s.detail}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
