import { describe, expect, it } from 'vitest';
import type { BookingStatus } from '../../lib/domain/booking-status';
import { awaitingKeys, paidOutKeys, SCHEDULE_SHARDS, scheduleShardOf } from '../../lib/domain/booking-schedule';

const now = new Date('2026-12-07T10:00:00.000Z');

describe("the scheduled run's key on a booking", () => {
  it.each([
    ['CONFIRMED', /^CONFIRMED#[0-3]$/],
    ['COMPLETED', /^COMPLETED#[0-3]$/],
    ['PAID_OUT', /^PAID_OUT#2026-12#[0-3]$/],
  ] as const)('%s → %s', (status, key) => expect(scheduleShardOf('bk_1', status, now)).toMatch(key));

  it.each(['PENDING_PAYMENT', 'PAYMENT_FAILED', 'CANCELLED', 'REFUNDED', 'DISPUTED', 'EXPIRED'] as const)(
    'none while %s (the attribute is removed)',
    (status) => expect(scheduleShardOf('bk_1', status as BookingStatus, now)).toBeUndefined(),
  );

  it('keeps a booking on one shard through its life, and spreads bookings over every shard', () => {
    const shard = (key: string | undefined) => key?.split('#').at(-1);
    expect(shard(scheduleShardOf('bk_42', 'CONFIRMED', now))).toBe(shard(scheduleShardOf('bk_42', 'COMPLETED', now)));
    expect(shard(scheduleShardOf('bk_42', 'PAID_OUT', now))).toBe(shard(scheduleShardOf('bk_42', 'COMPLETED', now)));
    const used = new Set(Array.from({ length: 200 }, (_, i) => scheduleShardOf(`bk_${i}`, 'CONFIRMED', now)));
    expect([...used].sort()).toEqual(awaitingKeys('CONFIRMED'));
  });

  it('reads every shard, and for paid-out bookings every month from the start of the window to now', () => {
    expect(awaitingKeys('COMPLETED')).toEqual(['COMPLETED#0', 'COMPLETED#1', 'COMPLETED#2', 'COMPLETED#3']);
    const keys = paidOutKeys('2026-11-07T10:00:00.000Z', now.toISOString());
    expect(keys).toHaveLength(2 * SCHEDULE_SHARDS);
    expect(keys[0]).toBe('PAID_OUT#2026-11#0');
    expect(keys.at(-1)).toBe('PAID_OUT#2026-12#3');
  });
});
