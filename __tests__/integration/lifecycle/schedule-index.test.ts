/**
 * The scheduled run's index (Booking.byScheduleEnd, `scheduleShard` kept by the booking writer): paid bookings are
 * found across every shard by their end, completed once (a second run finds nothing), paid out, and then no longer in
 * the COMPLETED partitions; a cancelled booking leaves them; the payout sweep's recent PAID_OUT ones are found by month.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitingKeys, SCHEDULE_SHARDS } from '../../../lib/domain/booking-schedule';
import { shardOf } from '../../../lib/domain/rollups';
import { repo } from '../../../lib/data/repository';
import { completeDueBookings } from '../../../lib/services/booking-lifecycle';
import type { SchedulePayoutResponse } from '../../../lib/http/payout-manager';
import { paidBooking, PORTRAIT, startLifecycleStack, type CreatedBooking, type LifecycleStack } from '../support/lifecycle';

let stack: LifecycleStack;
const bookings: CreatedBooking[] = [];
const month = (iso: string) => iso.slice(0, 7);

beforeAll(async () => {
  stack = await startLifecycleStack('schedule-index');
  for (let i = 0; i < 4; i++) bookings.push(await paidBooking(stack, PORTRAIT, i));
});
afterAll(async () => stack?.close());

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('Booking.byScheduleEnd', () => {
  it('finds due bookings across the shards, completes them once, and forgets them once paid out', async () => {
    for (const { bookingId } of bookings) {
      expect((await stack.storedBooking(bookingId)).scheduleShard).toBe(`CONFIRMED#${shardOf(bookingId, SCHEDULE_SHARDS)}`);
    }
    expect(awaitingKeys('CONFIRMED')).toHaveLength(SCHEDULE_SHARDS);
    const lastEnd = Math.max(...bookings.map((b) => Date.parse(b.slot.endDateTime)));
    // before their end (+ grace) nothing is due; the reader still sees them all, earliest end first
    const confirmed = await repo.bookingsInStatusEndedBy(stack.deps, 'CONFIRMED');
    expect(ids(confirmed)).toEqual(expect.arrayContaining(bookings.map((b) => b.bookingId)));
    const ends = confirmed.map((b) => b.endDateTime);
    expect(ends).toEqual([...ends].sort());
    expect((await completeDueBookings(stack.deps)).completed).toBe(0);

    stack.setClockOffset(lastEnd + 3 * 3_600_000 - Date.now());
    try {
      // a limit keeps the earliest across shards
      const firstTwo = await repo.bookingsInStatusEndedBy(stack.deps, 'CONFIRMED', new Date(lastEnd).toISOString(), 2);
      expect(ids(firstTwo)).toEqual(ids(confirmed).slice(0, 2));
      const run = await completeDueBookings(stack.deps);
      expect(run.completed).toBe(4);
      // the run again (a retried schedule): nothing left to complete
      expect(await completeDueBookings(stack.deps)).toEqual({ completed: 0, failed: 0 });
      expect(await repo.bookingsInStatusEndedBy(stack.deps, 'CONFIRMED')).toEqual([]);
      for (const { bookingId } of bookings) {
        expect(await stack.storedBooking(bookingId)).toMatchObject({
          status: 'COMPLETED',
          scheduleShard: `COMPLETED#${shardOf(bookingId, SCHEDULE_SHARDS)}`,
        });
      }
      expect(ids(await repo.bookingsInStatusEndedBy(stack.deps, 'COMPLETED'))).toEqual(
        expect.arrayContaining(bookings.map((b) => b.bookingId)),
      );

      // paid out (the provider's own SCHEDULE_PAYOUT transfers each share): out of the COMPLETED partitions
      const payout = await stack.payouts<SchedulePayoutResponse>('SCHEDULE_PAYOUT', {}, stack.providerToken);
      expect(payout.status).toBe(200);
      expect(payout.body.transfers.filter((t) => t.outcome === 'transferred')).toHaveLength(4);
      const now = stack.deps.clock.now();
      for (const { bookingId } of bookings) {
        expect(await stack.storedBooking(bookingId)).toMatchObject({
          status: 'PAID_OUT',
          scheduleShard: `PAID_OUT#${month(now.toISOString())}#${shardOf(bookingId, SCHEDULE_SHARDS)}`,
        });
      }
      expect(await repo.bookingsInStatusEndedBy(stack.deps, 'COMPLETED')).toEqual([]);
      const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
      expect(ids(await repo.bookingsPaidOutEndedSince(stack.deps, since, now)).sort()).toEqual(bookings.map((b) => b.bookingId).sort());
      // asked again (a replayed request): nothing more is transferred
      const again = await stack.payouts<SchedulePayoutResponse>('SCHEDULE_PAYOUT', {}, stack.providerToken);
      expect(again.body.transfers).toEqual([]);
    } finally {
      stack.setClockOffset(0);
    }
  });

  it('a cancelled booking leaves the scheduler’s partitions', async () => {
    const booking = await paidBooking(stack, PORTRAIT, 6);
    expect((await stack.storedBooking(booking.bookingId)).scheduleShard).toMatch(/^CONFIRMED#\d$/);
    const cancel = () => stack.booking('CANCEL_PAID_BOOKING', { bookingId: booking.bookingId }, stack.customerToken);
    expect((await cancel()).status).toBe(200);
    // pressed again: refused or answered the same, never back in the scheduler's partitions
    expect((await cancel()).status).toBeLessThan(500);
    const stored = await stack.storedBooking(booking.bookingId);
    expect(stored.status).toBe('CANCELLED');
    expect(stored.scheduleShard).toBeUndefined();
    expect(ids(await repo.bookingsInStatusEndedBy(stack.deps, 'CONFIRMED'))).not.toContain(booking.bookingId);
  });
});
