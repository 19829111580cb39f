import { describe, expect, it } from 'vitest';
import { splitCommission } from '../../lib/domain/commission';
import { bookingMoneyFlow, chargeLedgerLines, refundLedgerLines } from '../../lib/domain/ledger';
import {
  calculateRefund,
  netEarningsAfterDebt,
  policyRefundCents,
  RefundError,
  splitReversal,
  type RefundBreakdown,
  type RefundState,
} from '../../lib/domain/refunds';
import type { CancellationPolicy } from '../../lib/data/records';

function state(paid: number, over: Partial<RefundState> = {}): RefundState {
  const split = splitCommission(paid, 'usd');
  return {
    currency: 'usd',
    paidCents: paid,
    platformFeeCents: split.platformFeeCents,
    refundedCents: 0,
    feeRefundedCents: 0,
    transferredCents: 0,
    providerRefundedCents: 0,
    compensationCents: 0,
    ...over,
  };
}

/** Applies a breakdown to the state, as the service records it. */
function apply(s: RefundState, b: RefundBreakdown): RefundState {
  return {
    ...s,
    refundedCents: s.refundedCents + b.refundCents,
    feeRefundedCents: s.feeRefundedCents + b.platformFeeRefundCents,
    transferredCents: s.transferredCents - b.providerReversalCents,
    providerRefundedCents: s.providerRefundedCents + b.providerReversalCents + b.providerEarningReductionCents,
    compensationCents: s.compensationCents + b.providerCompensationCents,
  };
}

describe('policy refund at each time boundary', () => {
  // $120.00 paid; hours before the start → refund
  const table: [CancellationPolicy, number, number][] = [
    ['FLEXIBLE', 48, 12_000],
    ['FLEXIBLE', 24, 12_000], // the boundary earns the better refund
    ['FLEXIBLE', 23.99, 6_000],
    ['FLEXIBLE', 0, 6_000],
    ['FLEXIBLE', -0.01, 0], // started: no-show
    ['MODERATE', 5 * 24 + 1, 12_000],
    ['MODERATE', 5 * 24, 12_000],
    ['MODERATE', 5 * 24 - 0.01, 6_000],
    ['MODERATE', 24, 6_000],
    ['MODERATE', 23.99, 0],
    ['MODERATE', 0, 0],
    ['STRICT', 8 * 24, 6_000],
    ['STRICT', 7 * 24, 6_000],
    ['STRICT', 7 * 24 - 0.01, 0],
    ['STRICT', 0, 0],
    ['STRICT', -5, 0],
  ];
  it.each(table)('%s at %s h → %s cents', (policy, hours, expected) => {
    expect(policyRefundCents(state(12_000), policy, hours).refundCents).toBe(expected);
  });

  it('an odd amount rounds half up once (50% of 13 651 = 6 826)', () => {
    expect(policyRefundCents(state(13_651), 'FLEXIBLE', 1).refundCents).toBe(6_826);
  });

  it('subtracts what was already refunded and never goes negative', () => {
    expect(policyRefundCents(state(12_000, { refundedCents: 2_000 }), 'FLEXIBLE', 48).refundCents).toBe(10_000);
    expect(policyRefundCents(state(12_000, { refundedCents: 7_000 }), 'FLEXIBLE', 1).refundCents).toBe(0);
  });
});

describe('calculateRefund', () => {
  it('full refund before the transfer: the whole fee back, nothing to reverse', () => {
    const b = calculateRefund(state(12_000), { refundCents: 12_000 });
    expect(b).toMatchObject({ refundCents: 12_000, platformFeeRefundCents: 960, providerReversalCents: 0, providerRetainedCents: 0, providerEarningReductionCents: 11_040 });
  });

  it('fee share is proportional (round half up): 8% of a 1 001-cent refund of 12 000', () => {
    const b = calculateRefund(state(12_000), { refundCents: 1_001 });
    expect(b.platformFeeRefundCents).toBe(80); // 960 × 1001 / 12000 = 80.08
    expect(b.providerRetainedCents).toBe(11_040 - 921);
  });

  it('after the transfer the provider part is reversed', () => {
    const b = calculateRefund(state(12_000, { transferredCents: 11_040 }), { refundCents: 6_000 });
    expect(b).toMatchObject({ platformFeeRefundCents: 480, providerReversalCents: 5_520, providerRetainedCents: 5_520, providerEarningReductionCents: 0 });
  });

  it('provider compensation is absorbed by the platform: less is reversed', () => {
    const b = calculateRefund(state(12_000, { transferredCents: 11_040 }), { refundCents: 6_000, providerCompensationCents: 500 });
    expect(b).toMatchObject({ providerReversalCents: 5_020, providerRetainedCents: 6_020, providerCompensationCents: 500 });
    expect(() => calculateRefund(state(12_000), { refundCents: 100, providerCompensationCents: 93 })).toThrow(RefundError);
  });

  it('never exceeds what was paid', () => {
    expect(() => calculateRefund(state(12_000), { refundCents: 12_001 })).toThrow(/exceeds/);
    expect(() => calculateRefund(state(12_000, { refundedCents: 11_999, feeRefundedCents: 960 }), { refundCents: 2 })).toThrow(RefundError);
    expect(() => calculateRefund(state(12_000), { refundCents: -1 })).toThrow(RefundError);
  });

  it.each([
    [13_651, [1, 333, 4_999, 1, 77]],
    [12_000, [1_001, 1_001, 1_001]],
    [999, [1, 1, 1, 1, 1]],
    [100_003, [33_334, 33_334]],
  ])('partials after partials of %s, then the last refund settles the remainder exactly', (paid, partials) => {
    for (const transferred of [0, paid - splitCommission(paid, 'usd').platformFeeCents]) {
      let s = state(paid, { transferredCents: transferred });
      let refunds = 0;
      let fees = 0;
      let reversals = 0;
      for (const amount of partials) {
        const b = calculateRefund(s, { refundCents: amount });
        // cumulative fee refunded is always the rounded proportion of the cumulative refund
        expect(s.feeRefundedCents + b.platformFeeRefundCents).toBe(Math.floor(((s.refundedCents + amount) * s.platformFeeCents * 2 + paid) / (2 * paid)));
        refunds += b.refundCents;
        fees += b.platformFeeRefundCents;
        reversals += b.providerReversalCents;
        s = apply(s, b);
      }
      const last = calculateRefund(s, { refundCents: paid - refunds });
      s = apply(s, last);
      expect(s.refundedCents).toBe(paid);
      expect(s.feeRefundedCents).toBe(s.platformFeeCents);
      expect(last.remainingRefundableCents).toBe(0);
      expect(last.providerRetainedCents).toBe(0);
      if (transferred > 0) expect(reversals + last.providerReversalCents).toBe(transferred);
      expect(fees + last.platformFeeRefundCents).toBe(s.platformFeeCents);
      expect(() => calculateRefund(s, { refundCents: 1 })).toThrow(RefundError);
    }
  });
});

describe('reversal shortfall and debt', () => {
  it('splits a reversal into what the balance covers and the debt', () => {
    expect(splitReversal(5_520, 10_000)).toEqual({ reverseCents: 5_520, debtCents: 0 });
    expect(splitReversal(5_520, 1_000)).toEqual({ reverseCents: 1_000, debtCents: 4_520 });
    expect(splitReversal(5_520, -300)).toEqual({ reverseCents: 0, debtCents: 5_520 });
  });
  it('nets debt from future earnings', () => {
    expect(netEarningsAfterDebt(10_000, 4_520)).toEqual({ payableCents: 5_480, debtRecoveredCents: 4_520, debtRemainingCents: 0 });
    expect(netEarningsAfterDebt(3_000, 4_520)).toEqual({ payableCents: 0, debtRecoveredCents: 3_000, debtRemainingCents: 1_520 });
    expect(netEarningsAfterDebt(3_000, 0)).toEqual({ payableCents: 3_000, debtRecoveredCents: 0, debtRemainingCents: 0 });
  });
});

describe('refund ledger lines', () => {
  it('balance with the charge, before and after the transfer, with compensation and debt', () => {
    const split = splitCommission(12_000, 'usd');
    const charge = chargeLedgerLines(split);
    const b = calculateRefund(state(12_000, { transferredCents: 11_040 }), { refundCents: 6_000, providerCompensationCents: 500 });
    const { reverseCents, debtCents } = splitReversal(b.providerReversalCents, 2_000);
    const lines = [
      ...charge,
      { type: 'TRANSFER' as const, amountCents: 11_040 },
      ...refundLedgerLines({ ...b, reverseCents, currency: 'usd' }, 'test'),
    ];
    const flow = bookingMoneyFlow(lines, debtCents);
    expect(flow).toMatchObject({ refundedCents: 6_000, feeRefundedCents: 980, platformNetCents: -20, providerNetCents: 6_020, transferReversedCents: 2_000, balanced: true });
    expect(bookingMoneyFlow(lines, 0).balanced).toBe(false); // the debt must be accounted for
  });
});
