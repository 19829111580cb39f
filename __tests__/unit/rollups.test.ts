import { describe, expect, it } from 'vitest';
import { dailyMetricsFromRollups } from '../../lib/domain/metrics';
import { addInto, emptyRollup, eventDelta, lineDelta, monthsBetween, PLATFORM_SHARDS, shardOf } from '../../lib/domain/rollups';

describe('what a fact adds to a rollup', () => {
  it.each([
    ['CHARGE', 12_000, { chargedCents: 12_000, charges: 1 }],
    ['DISCOUNT', 1_200, { discountsCents: 1_200 }],
    ['PLATFORM_FEE', 960, { feesCents: 960 }],
    ['FEE_REFUND', 200, { feeRefundsCents: 200 }],
    ['REFUND', 2_500, { refundedCents: 2_500 }],
    ['PAYOUT', 5_000, { payoutsCents: 5_000, payouts: 1 }],
    ['PAYOUT_FAILED', 5_000, { payoutsFailedCents: 5_000, payoutsFailed: 1 }],
    ['DISPUTE', 12_000, { disputedCents: 12_000 }],
    ['PROVIDER_EARNING', 11_040, {}],
    ['TRANSFER', 11_040, {}],
    ['CREDIT_PURCHASE', 4_000, {}],
  ] as const)('a %s line of %i adds %o', (type, amount, delta) => {
    expect(lineDelta(type, amount)).toEqual(delta);
  });

  it.each([
    ['BookingRequested', { bookings: 1 }],
    ['BookingConfirmed', { paymentAttempts: 1 }],
    ['BookingPaymentFailed', { paymentAttempts: 1, paymentFailures: 1 }],
    ['DisputeOpened', { disputes: 1 }],
  ] as const)('%s counts %o', (type, delta) => {
    expect(eventDelta(type)).toEqual(delta);
  });

  it('adds deltas field by field', () => {
    const sum = addInto(addInto(emptyRollup(), { chargedCents: 100, bookings: 1 }), { chargedCents: 50 });
    expect(sum).toMatchObject({ chargedCents: 150, bookings: 1, refundedCents: 0 });
  });
});

describe('keys', () => {
  it.each([
    ['2026-11-20', '2026-12-03', ['2026-11', '2026-12']],
    ['2026-12-01', '2027-02-01', ['2026-12', '2027-01', '2027-02']],
    ['2026-12-07', '2026-12-07', ['2026-12']],
  ])('the months from %s to %s', (from, to, months) => {
    expect(monthsBetween(from, to)).toEqual(months);
  });

  it('spreads event ids over every platform shard, the same id always to the same one', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`ev_${i}`, PLATFORM_SHARDS)));
    expect([...shards].sort()).toEqual([0, 1, 2, 3]);
    expect(shardOf('ev_abc', PLATFORM_SHARDS)).toBe(shardOf('ev_abc', PLATFORM_SHARDS));
  });
});

describe('the dashboard days from rollups', () => {
  it('sums money in the one currency, bookings in all, and leaves empty days at 0', () => {
    const row = (day: string, currency: string, over: Partial<ReturnType<typeof emptyRollup>>) => ({
      day,
      currency,
      ...emptyRollup(),
      ...over,
    });
    const days = dailyMetricsFromRollups(
      ['2026-12-06', '2026-12-07'],
      [
        row('2026-12-07', 'usd', {
          bookings: 2,
          chargedCents: 10_000,
          feesCents: 800,
          feeRefundsCents: 80,
          discountsCents: 20,
          refundedCents: 1_000,
        }),
        row('2026-12-07', 'eur', { bookings: 1, chargedCents: 9_999, feesCents: 999 }),
        row('2026-11-30', 'usd', { bookings: 7 }),
      ],
      'usd',
    );
    expect(days).toEqual([
      { day: '2026-12-06', commissionCents: 0, chargedCents: 0, refundedCents: 0, refundRateBps: 0, bookings: 0 },
      { day: '2026-12-07', commissionCents: 700, chargedCents: 10_000, refundedCents: 1_000, refundRateBps: 1_000, bookings: 3 },
    ]);
  });
});
