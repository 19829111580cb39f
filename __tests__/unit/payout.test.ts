import { describe, expect, it, test } from 'vitest';
import {
  decideScheduledPayout,
  instantPayoutFeeCents,
  MINIMUM_PAYOUT_CENTS,
  payableAfterDebt,
  payoutStatusRank,
  quoteInstantPayout,
  scheduledPayoutBatch,
} from '../../lib/domain/payout';

describe('instant payout fee: max(50, round-half-up(1.5%))', () => {
  test.each([
    [0, 50],
    [1, 50],
    [3_333, 50], // 49.995 → 50
    [3_366, 50], // 50.49 → 50
    [3_367, 51], // 50.505 → 51
    [3_400, 51],
    [10_000, 150],
    [11_040, 166], // 165.6 → 166
    [12_558, 188], // 188.37 → 188
    [100_033, 1_500], // 1500.495 → 1500
    [100_034, 1_501], // 1500.51 → 1501
    [99_999_999, 1_500_000], // 1499999.985 → 1500000
  ])('%i → %i', (amount, fee) => {
    expect(instantPayoutFeeCents(amount, 'usd')).toBe(fee);
    expect(Number.isInteger(instantPayoutFeeCents(amount, 'eur'))).toBe(true);
  });

  it('refuses fractions and negatives', () => {
    expect(() => instantPayoutFeeCents(10.5, 'usd')).toThrow(RangeError);
    expect(() => instantPayoutFeeCents(-1, 'usd')).toThrow(RangeError);
  });
});

describe('instant payout quote', () => {
  test.each([
    // available, payoutsEnabled, eligible, reason, fee, net
    [0, true, false, 'NOTHING_AVAILABLE', 0, 0],
    [-5, true, false, 'NOTHING_AVAILABLE', 0, 0],
    [1_000, true, false, 'BELOW_MINIMUM', 50, 950],
    [1_050, true, true, undefined, 50, 1_000],
    [1_049, true, false, 'BELOW_MINIMUM', 50, 999],
    [11_040, true, true, undefined, 166, 10_874],
    [11_040, false, false, 'PAYOUTS_DISABLED', 166, 10_874],
  ] as const)('%i available (payouts %s) → eligible %s %s, fee %i, net %i', (available, enabled, eligible, reason, fee, net) => {
    const q = quoteInstantPayout(available, 'usd', enabled);
    expect(q).toMatchObject({ eligible, feeCents: fee, netCents: net, minimumCents: MINIMUM_PAYOUT_CENTS.usd, currency: 'usd' });
    expect(q.reason).toBe(reason);
    if (available > 0) expect(q.feeCents + q.netCents).toBe(available);
  });
});

describe('what the provider owes stays on their account', () => {
  test.each([
    // available, debt → payable, withheld
    [11_040, 0, 11_040, 0],
    [11_040, 10_040, 1_000, 10_040],
    [11_040, 11_040, 0, 11_040],
    [1_000, 10_040, 0, 1_000],
    [0, 500, 0, 0],
    [-5, 500, 0, 0],
  ])('%i available, %i owed → %i payable, %i withheld', (available, debt, payable, withheld) => {
    expect(payableAfterDebt(available, debt)).toEqual({ payableCents: payable, withheldCents: withheld });
  });
  test.each([
    // instantly available, debt → eligible, reason, net, withheld
    [20_000, 5_000, true, undefined, 14_775, 5_000], // 15,000 − 225 fee
    [11_040, 10_040, false, 'BELOW_MINIMUM', 950, 10_040],
    [5_000, 5_000, false, 'NOTHING_AVAILABLE', 0, 5_000],
    [11_040, 0, true, undefined, 10_874, undefined],
  ] as const)(
    'instant quote: %i available, %i owed → eligible %s %s, net %i, withheld %s',
    (available, debt, eligible, reason, net, withheld) => {
      const q = quoteInstantPayout(available, 'usd', true, debt);
      expect(q).toMatchObject({ eligible, netCents: net });
      expect(q.reason).toBe(reason);
      expect(q.withheldForDebtCents).toBe(withheld);
    },
  );
});

describe('scheduled payout decision', () => {
  const monday = new Date('2026-11-23T00:00:00Z');
  const tuesday = new Date('2026-11-24T00:00:00Z');
  test.each([
    [undefined, monday, 5_000, { payout: true, amountCents: 5_000 }],
    ['DAILY', tuesday, 5_000, { payout: true, amountCents: 5_000 }],
    ['DAILY', tuesday, 999, { payout: false, reason: 'BELOW_MINIMUM' }],
    ['DAILY', tuesday, 1_000, { payout: true, amountCents: 1_000 }],
    ['WEEKLY', monday, 5_000, { payout: true, amountCents: 5_000 }],
    ['WEEKLY', tuesday, 5_000, { payout: false, reason: 'NOT_SCHEDULED_TODAY' }],
    ['MANUAL', monday, 5_000, { payout: false, reason: 'MANUAL_SCHEDULE' }],
  ] as const)('%s on %s with %i', (schedule, now, available, expected) => {
    expect(decideScheduledPayout(schedule, now, available, 'usd')).toEqual(expected);
  });

  it('batches by day, currency and amount (same balance, same key; new funds, new payout)', () => {
    expect(scheduledPayoutBatch(monday, 'usd', 11_040)).toBe('auto-20261123-usd-11040');
    expect(scheduledPayoutBatch(new Date('2026-11-23T23:59:59Z'), 'usd', 11_040)).toBe('auto-20261123-usd-11040');
    expect(scheduledPayoutBatch(monday, 'usd', 22_080)).not.toBe(scheduledPayoutBatch(monday, 'usd', 11_040));
  });
});

describe('payout status order', () => {
  test.each([
    ['pending', 0],
    ['in_transit', 1],
    ['paid', 2],
    ['failed', 2],
    ['canceled', 2],
  ] as const)('%s → rank %i', (status, rank) => {
    expect(payoutStatusRank(status)).toBe(rank);
  });

  it('never lets a final state be overwritten by an earlier one', () => {
    expect(payoutStatusRank('paid')).toBeGreaterThan(payoutStatusRank('in_transit'));
  });
});
