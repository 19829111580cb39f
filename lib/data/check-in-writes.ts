/** Recording a check-in: the booking's `checkedInAt` and its BookingCheckedIn event, in one transaction, once. */
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
      expect: [{ attr: 'checkedInAt', absent: true }],
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
