import { describe, expect, it, test } from 'vitest';
import { splitCommission } from '../../lib/domain/commission';
import { creditBookingLedgerLines, splitBookingRefund } from '../../lib/domain/credits';
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
    expect(b).toMatchObject({
      refundCents: 12_000,
      platformFeeRefundCents: 960,
      providerReversalCents: 0,
      providerRetainedCents: 0,
      providerEarningReductionCents: 11_040,
    });
  });

  it('fee share is proportional (round half up): 8% of a 1 001-cent refund of 12 000', () => {
    const b = calculateRefund(state(12_000), { refundCents: 1_001 });
    expect(b.platformFeeRefundCents).toBe(80); // 960 × 1001 / 12000 = 80.08
    expect(b.providerRetainedCents).toBe(11_040 - 921);
  });

  it('after the transfer the provider part is reversed', () => {
    const b = calculateRefund(state(12_000, { transferredCents: 11_040 }), { refundCents: 6_000 });
    expect(b).toMatchObject({
      platformFeeRefundCents: 480,
      providerReversalCents: 5_520,
      providerRetainedCents: 5_520,
      providerEarningReductionCents: 0,
    });
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
        expect(s.feeRefundedCents + b.platformFeeRefundCents).toBe(
          Math.floor(((s.refundedCents + amount) * s.platformFeeCents * 2 + paid) / (2 * paid)),
        );
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
  test.each([
    // earnings, debt → payable, recovered, remaining
    [10_000, 4_520, 5_480, 4_520, 0],
    [3_000, 4_520, 0, 3_000, 1_520],
    [3_000, 0, 3_000, 0, 0],
    [11_040, 10_040, 1_000, 10_040, 0],
    [10_040, 10_040, 0, 10_040, 0],
    [1, 1, 0, 1, 0],
    [0, 500, 0, 0, 500],
  ])(
    "nets a debt from one booking's earnings: %i earned, %i owed → %i transferred, %i recovered, %i still owed",
    (earnings, debt, payable, recovered, remaining) => {
      expect(netEarningsAfterDebt(earnings, debt)).toEqual({
        payableCents: payable,
        debtRecoveredCents: recovered,
        debtRemainingCents: remaining,
      });
    },
  );
  test.each([
    // debt netted booking by booking (oldest first): each transfer is reduced, never below 0, and the total matches
    [10_040, [11_040, 11_040], [1_000, 11_040]],
    [10_040, [3_000, 3_000, 6_000], [0, 0, 1_960]],
    [0, [5_000, 6_000], [5_000, 6_000]],
    [25_000, [11_040, 11_040], [0, 0]],
  ])('debt %i over bookings %j → transfers %j', (debt, earnings, transfers) => {
    let owed = debt;
    const made = earnings.map((e) => {
      const r = netEarningsAfterDebt(e, owed);
      owed = r.debtRemainingCents;
      return r.payableCents;
    });
    expect(made).toEqual(transfers);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(earnings) - sum(made)).toBe(debt - owed);
  });
  test.each([
    [-1, 0],
    [0, -1],
    [1.5, 0],
  ])('rejects %d earnings / %d debt', (e, d) => {
    expect(() => netEarningsAfterDebt(e, d)).toThrow();
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
    const withDebt = [...lines, { type: 'PROVIDER_DEBT' as const, amountCents: debtCents }];
    const flow = bookingMoneyFlow(withDebt);
    expect(flow).toMatchObject({
      refundedCents: 6_000,
      feeRefundedCents: 980,
      platformNetCents: -20,
      providerNetCents: 6_020,
      transferReversedCents: 2_000,
      providerDebtCents: debtCents,
      balanced: true,
    });
    expect(bookingMoneyFlow(lines).balanced).toBe(false); // the debt must be accounted for (a PROVIDER_DEBT line)
  });

  test.each([
    // share, debt netted → the booking that recovered the debt balances with a short TRANSFER and a −PROVIDER_DEBT line
    [12_000, 10_040],
    [12_000, 11_040],
    [12_000, 0],
    [5_001, 3_333],
  ])('a booking of %i whose payout netted %i of earlier debt balances', (total, netted) => {
    const split = splitCommission(total, 'usd');
    const transfer = split.providerEarningsCents - netted;
    const lines = [
      ...chargeLedgerLines(split),
      ...(transfer > 0 ? [{ type: 'TRANSFER' as const, amountCents: transfer }] : []),
      ...(netted > 0 ? [{ type: 'PROVIDER_DEBT' as const, amountCents: -netted }] : []),
    ];
    const flow = bookingMoneyFlow(lines);
    expect(flow).toMatchObject({
      transferredCents: transfer,
      providerDebtCents: netted > 0 ? -netted : 0,
      providerNetCents: split.providerEarningsCents,
      balanced: true,
    });
    // netting without its line is caught (once a transfer shows the booking was paid out)
    if (netted > 0 && transfer > 0) expect(bookingMoneyFlow(lines.filter((l) => l.type !== 'PROVIDER_DEBT')).balanced).toBe(false);
  });

  test.each([
    // total, credits paid, refund → card / credits split (proportional), the ledger balances
    [12_000, 12_000, 12_000],
    [12_000, 12_000, 5_000],
    [12_000, 2_000, 12_000],
    [12_000, 2_000, 6_000],
    [4_550, 4_000, 1_001],
  ])('a refund of a booking of %i paid with %i credits (refund %i) balances with its CREDIT_RETURN line', (total, credits, refund) => {
    const split = splitCommission(total, 'usd');
    const parts = splitBookingRefund({
      totalCents: total,
      creditsApplied: credits,
      creditsReturnedSoFar: 0,
      cardRefundedSoFar: 0,
      refundCents: refund,
    });
    const b = calculateRefund(state(total), { refundCents: refund });
    const lines = [
      ...creditBookingLedgerLines(split, credits),
      ...refundLedgerLines({ ...b, cardRefundCents: parts.cardCents, reverseCents: 0, currency: 'usd' }, 'test'),
      ...(parts.credits > 0 ? [{ type: 'CREDIT_RETURN' as const, amountCents: parts.credits }] : []),
    ];
    const flow = bookingMoneyFlow(lines);
    expect(flow).toMatchObject({
      refundedCents: refund,
      cardRefundedCents: parts.cardCents,
      creditsReturnedCents: parts.credits,
      balanced: true,
    });
    // a credits-only refund has no card REFUND line
    expect(lines.some((l) => l.type === 'REFUND')).toBe(parts.cardCents > 0);
  });
});
