import { describe, expect, it, test } from 'vitest';
import { describeNoShowPolicy, NO_SHOW_REFUND_BPS, refundPercentBps } from '../../lib/domain/cancellation-policy';
import { needsAction, noShowRefusal, NO_SHOW_GRACE_MINUTES, type NeedsActionSubject } from '../../lib/domain/no-show';
import { calculateRefund, noShowRefundCents, type RefundState } from '../../lib/domain/refunds';
import type { CancellationPolicy } from '../../lib/domain/vocabulary';

const state = (paidCents: number, refundedCents = 0, platformFeeCents = Math.round(paidCents * 0.08)): RefundState => ({
  currency: 'usd',
  paidCents,
  platformFeeCents,
  refundedCents,
  feeRefundedCents: 0,
  transferredCents: 0,
  providerRefundedCents: 0,
  compensationCents: 0,
});

describe('the no-show refund, per policy, to the cent', () => {
  test.each<[CancellationPolicy, number, number, number]>([
    // policy, paid, already refunded, refunded for the no-show
    ['FLEXIBLE', 12_000, 0, 3_000],
    ['FLEXIBLE', 4_550, 0, 1_138], // 1137.5 rounds half up
    ['FLEXIBLE', 999, 0, 250], // 249.75
    ['FLEXIBLE', 2, 0, 1], // 0.5 rounds up
    ['FLEXIBLE', 1, 0, 0], // 0.25 rounds down
    ['FLEXIBLE', 12_000, 1_000, 2_000], // what was refunded already counts towards the 25%
    ['FLEXIBLE', 12_000, 3_500, 0], // never negative
    ['MODERATE', 12_000, 0, 0],
    ['MODERATE', 4_550, 0, 0],
    ['STRICT', 12_000, 0, 0],
    ['STRICT', 999, 0, 0],
  ])('%s: paid %i, refunded %i before → %i back', (policy, paid, refunded, expected) => {
    expect(noShowRefundCents(state(paid, refunded), policy)).toEqual({ refundCents: expected, bps: NO_SHOW_REFUND_BPS[policy] });
  });

  test.each<[CancellationPolicy, number, number, number]>([
    // policy, paid (fee 8% half up), refund, what the provider keeps of their share
    ['FLEXIBLE', 12_000, 3_000, 8_280], // share 11 040; the refund takes 25% of it (2 760)
    ['FLEXIBLE', 4_550, 1_138, 3_139], // share 4 186; fee 364, fee refund 91 (half up of 91.04), share reduction 1 047
    ['STRICT', 12_000, 0, 11_040],
  ])('%s: paid %i, refunded %i → the provider keeps %i', (policy, paid, refundCents, keeps) => {
    const s = state(paid, 0, Math.floor((paid * 800 + 5_000) / 10_000));
    const breakdown = calculateRefund(s, { refundCents, policy, refundBps: NO_SHOW_REFUND_BPS[policy] });
    expect(breakdown.refundCents).toBe(refundCents);
    expect(breakdown.providerRetainedCents).toBe(keeps);
    expect(breakdown.refundCents - breakdown.platformFeeRefundCents + breakdown.providerRetainedCents).toBe(paid - s.platformFeeCents);
  });

  it('never refunds more than a late cancellation under the same policy', () => {
    for (const policy of ['FLEXIBLE', 'MODERATE', 'STRICT'] as const) {
      expect(NO_SHOW_REFUND_BPS[policy]).toBeLessThanOrEqual(refundPercentBps(policy, 0.5));
    }
  });

  test.each<[CancellationPolicy, string]>([
    ['FLEXIBLE', 'Flexible policy: a no-show gets 25% back.'],
    ['MODERATE', 'Moderate policy: a no-show gets nothing back.'],
    ['STRICT', 'Strict policy: a no-show gets nothing back.'],
  ])('%s in words', (policy, words) => expect(describeNoShowPolicy(policy)).toBe(words));
});

const START = '2026-03-10T10:00:00.000Z';
const END = '2026-03-10T11:00:00.000Z';
const at = (minutesAfterStart: number) => new Date(Date.parse(START) + minutesAfterStart * 60_000);
const booking = (over: Partial<NeedsActionSubject> = {}): NeedsActionSubject => ({
  status: 'CONFIRMED',
  startDateTime: START,
  endDateTime: END,
  ...over,
});

describe('when a booking may be marked a no-show', () => {
  test.each<[string, Partial<NeedsActionSubject>, number, string | null]>([
    ['before the start', {}, -5, 'TOO_EARLY'],
    ['at the start', {}, 0, 'TOO_EARLY'],
    ['within the grace', {}, NO_SHOW_GRACE_MINUTES - 1, 'TOO_EARLY'],
    ['once the grace is over', {}, NO_SHOW_GRACE_MINUTES, null],
    ['long after the end', {}, 24 * 60, null],
    ['checked in', { checkedInAt: START }, 30, 'CHECKED_IN'],
    ['completed', { status: 'COMPLETED' }, 30, 'NOT_CONFIRMED'],
    ['cancelled', { status: 'CANCELLED' }, 30, 'NOT_CONFIRMED'],
    ['already a no-show', { status: 'COMPLETED', noShowAt: at(20).toISOString() }, 30, 'ALREADY_NO_SHOW'],
  ])('%s', (_label, over, minutes, reason) => {
    expect(noShowRefusal(booking(over), at(minutes))?.reason ?? null).toBe(reason);
  });
});

describe('what needs the provider’s action', () => {
  test.each<[string, Partial<NeedsActionSubject>, number, string | null]>([
    ['upcoming', {}, -60, null],
    ['started, nobody checked in', {}, 5, 'ATTENDANCE_UNDECIDED'],
    ['past the grace, nobody checked in', {}, 30, 'ATTENDANCE_UNDECIDED'],
    ['checked in, still going', { checkedInAt: START }, 30, null],
    ['checked in, time over', { checkedInAt: START }, 61, 'COMPLETE_AFTER_CHECK_IN'],
    ['completed', { status: 'COMPLETED' }, 120, null],
    ['a no-show', { status: 'COMPLETED', noShowAt: at(20).toISOString() }, 120, null],
    ['cancelled', { status: 'CANCELLED' }, 30, null],
    ['a chargeback', { status: 'DISPUTED' }, -60, 'CHARGEBACK_OPEN'],
    ['a refund case on a completed booking', { status: 'COMPLETED', refundCaseOpen: true }, 120, 'REFUND_CASE_OPEN'],
  ])('%s', (_label, over, minutes, reason) => {
    const action = needsAction(booking(over), at(minutes));
    expect(action?.reason ?? null).toBe(reason);
    if (action) expect(action.words.length).toBeGreaterThan(20);
  });

  it('offers the no-show only once the grace is over', () => {
    expect(needsAction(booking(), at(5))?.words).not.toMatch(/no-show/);
    expect(needsAction(booking(), at(30))?.words).toMatch(/no-show/);
  });
});
