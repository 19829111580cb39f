/**
 * What the scheduled run reads bookings by (`scheduleShard`, index Booking.byScheduleEnd, sort key endDateTime), pure.
 * The attribute is sparse and write-sharded: a CONFIRMED booking (to be completed after its end) carries
 * `CONFIRMED#<shard>`, a COMPLETED one (its share awaiting the payout) `COMPLETED#<shard>`; leaving those statuses
 * removes it, so those partitions hold only bookings the scheduler still has to act on. A PAID_OUT booking carries
 * `PAID_OUT#<YYYY-MM of the payout>#<shard>` (the payout sweep looks at recent ones): time-bucketed, never read whole.
 * The shard comes from the booking id, so a booking keeps its shard through its life.
 */
import type { BookingStatus } from './booking-status';
import { monthsBetween, shardOf } from './rollups';

export const SCHEDULE_SHARDS = 4;

/** The statuses whose bookings the scheduler reads by end: all of them, shard by shard. */
export type AwaitingStatus = 'CONFIRMED' | 'COMPLETED';

const shards = () => Array.from({ length: SCHEDULE_SHARDS }, (_, i) => i);

/** The booking's key in its new status (undefined: the attribute is removed), given when it enters that status. */
export function scheduleShardOf(bookingId: string, status: BookingStatus, now: Date): string | undefined {
  const shard = shardOf(bookingId, SCHEDULE_SHARDS);
  if (status === 'CONFIRMED' || status === 'COMPLETED') return `${status}#${shard}`;
  if (status === 'PAID_OUT') return `PAID_OUT#${now.toISOString().slice(0, 7)}#${shard}`;
  return undefined;
}

/** Every partition of bookings awaiting the scheduler in a status. */
export const awaitingKeys = (status: AwaitingStatus): string[] => shards().map((shard) => `${status}#${shard}`);

/** Every partition of bookings paid out from one time to another (months × shards). */
export const paidOutKeys = (fromIso: string, toIso: string): string[] =>
  monthsBetween(fromIso.slice(0, 10), toIso.slice(0, 10)).flatMap((month) => shards().map((shard) => `PAID_OUT#${month}#${shard}`));
