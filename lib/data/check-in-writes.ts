/** Recording a check-in: the booking's `checkedInAt` and its BookingCheckedIn event, in one transaction, once. */
import { NO_SHOW_REFUND_ID } from '../domain/no-show';
import { bookingUpdateItem } from './booking-writer';
import { eventItem } from './outbox';
import { commitTransition } from './status-writer';
import type { DataDeps } from './transact';

/** False when the database refused it: checked in meanwhile, or no longer CONFIRMED (re-read and say why). */
export async function recordCheckIn(deps: DataDeps, bookingId: string, providerId: string, now: Date): Promise<boolean> {
  const checkedInAt = now.toISOString();
  return commitTransition(deps, [
    bookingUpdateItem(deps, bookingId, {
      whileStatusIn: ['CONFIRMED'],
      change: { set: { checkedInAt, checkedInBy: providerId } },
      expect: [
        { attr: 'checkedInAt', absent: true },
        // not while the provider's no-show is being recorded (its claim requires checkedInAt absent in turn)
        {
          or: [
            { attr: 'refundClaimId', absent: true },
            { attr: 'refundClaimId', ne: NO_SHOW_REFUND_ID },
          ],
        },
      ],
      now,
    }),
    eventItem(
      deps,
      {
        type: 'BookingCheckedIn',
        aggregateType: 'Booking',
        aggregateId: bookingId,
        actor: { role: 'PROVIDER', id: providerId },
        payload: { checkedInAt },
      },
      now,
    ),
  ]);
}
