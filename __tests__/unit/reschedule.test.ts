import { describe, expect, it, test } from 'vitest';
import {
  rescheduleDeadline,
  rescheduleNoticeMinutes,
  reschedulePriceChange,
  rescheduleRefusal,
  rescheduleRefusalWords,
  type RescheduleQuestion,
} from '../../lib/domain/reschedule';

const NOW = new Date('2027-03-01T12:00:00.000Z');
const H = 3_600_000;
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * H);

const base: RescheduleQuestion = {
  status: 'CONFIRMED',
  checkedIn: false,
  oldStart: at(10 * 24),
  newStart: at(12 * 24),
  now: NOW,
  policy: 'FLEXIBLE',
  window: { maxAdvanceDays: 180, minNoticeMinutes: 60 },
};

describe('the notice a move needs before the old start', () => {
  test.each([
    // policy, service notice (min), expected notice (min): the best refund's notice, or the service's when longer
    ['FLEXIBLE', 60, 24 * 60],
    ['MODERATE', 60, 5 * 24 * 60],
    ['STRICT', 60, 7 * 24 * 60],
    ['FLEXIBLE', 48 * 60, 48 * 60],
    ['FLEXIBLE', 0, 24 * 60],
  ] as const)('%s with %i min of notice → %i min', (policy, minNoticeMinutes, expected) => {
    const window = { maxAdvanceDays: 180, minNoticeMinutes };
    expect(rescheduleNoticeMinutes(policy, window)).toBe(expected);
    expect(rescheduleDeadline(base.oldStart, policy, window).getTime()).toBe(base.oldStart.getTime() - expected * 60_000);
  });
});

describe('whether a booking may be moved', () => {
  test.each([
    ['a confirmed booking, well ahead', {}, undefined],
    ['an unpaid hold', { status: 'PENDING_PAYMENT' }, undefined],
    ['exactly at the deadline (inclusive)', { oldStart: at(24) }, undefined],
    ['one second after the deadline', { oldStart: new Date(at(24).getTime() - 1000) }, 'TOO_LATE'],
    ['a MODERATE booking 4 days ahead', { policy: 'MODERATE', oldStart: at(4 * 24) }, 'TOO_LATE'],
    ['a completed booking', { status: 'COMPLETED' }, 'WRONG_STATUS'],
    ['a cancelled booking', { status: 'CANCELLED' }, 'WRONG_STATUS'],
    ['a booking whose payment failed', { status: 'PAYMENT_FAILED' }, 'WRONG_STATUS'],
    ['a checked-in booking', { checkedIn: true }, 'CHECKED_IN'],
    ['to the same start', { newStart: at(10 * 24) }, 'SAME_TIME'],
    ['to a start inside the service notice', { newStart: at(0.5) }, 'TOO_SOON'],
    ['to a start beyond the advance window', { newStart: at(181 * 24) }, 'TOO_FAR'],
    ['to the last start the window allows', { newStart: at(180 * 24) }, undefined],
  ] as const)('%s → %s', (_label, change, reason) => {
    const refusal = rescheduleRefusal({ ...base, ...change } as RescheduleQuestion);
    expect(refusal?.reason).toBe(reason);
    if (refusal) expect(rescheduleRefusalWords(refusal)).toMatch(/\.$/);
  });

  it('says when the deadline was', () => {
    const refusal = rescheduleRefusal({ ...base, oldStart: at(2) });
    expect(refusal).toEqual({ reason: 'TOO_LATE', deadline: at(-22).toISOString(), noticeMinutes: 24 * 60 });
  });
});

describe('the price difference of a move', () => {
  test.each([
    // current price, fee kept, new price → refund, fee refund, provider part (fee kept after = 8% of the new price)
    [12_000, 960, 10_000, 2_000, 160, 1_840],
    [1_019, 82, 1_013, 6, 1, 5], // the proportional fee refund would round to 0: here the fee becomes 81 exactly
    [1_006, 80, 1_000, 6, 0, 6],
    [4_550, 364, 4_549, 1, 0, 1],
    [4_550, 364, 50, 4_500, 360, 4_140],
    [999, 80, 998, 1, 0, 1], // 79.92 → 80: the fee stays
    [10_001, 800, 10_000, 1, 0, 1],
  ])('%i (fee %i) → %i: refund %i = fee %i + provider %i', (current, fee, next, refund, feeRefund, provider) => {
    const change = reschedulePriceChange({ priceCents: current, platformFeeCents: fee, currency: 'usd' }, next);
    expect(change).toEqual({
      kind: 'REFUND',
      priceCents: next,
      refundCents: refund,
      platformFeeRefundCents: feeRefund,
      providerRefundCents: provider,
      currency: 'usd',
    });
    expect(fee - feeRefund).toBe(Math.floor((next * 800) / 10_000 + 0.5));
  });

  it('keeps the price when it did not change, and refuses none of it', () => {
    expect(reschedulePriceChange({ priceCents: 12_000, platformFeeCents: 960, currency: 'usd' }, 12_000)).toEqual({
      kind: 'SAME',
      priceCents: 12_000,
      currency: 'usd',
    });
  });

  it('a higher price is an amount due (the service refuses it: cancel and book again)', () => {
    expect(reschedulePriceChange({ priceCents: 12_000, platformFeeCents: 960, currency: 'eur' }, 12_550)).toEqual({
      kind: 'INCREASE',
      priceCents: 12_550,
      amountDueCents: 550,
      currency: 'eur',
    });
  });

  it('never gives back more fee than the booking still keeps (earlier refunds gave some back)', () => {
    const change = reschedulePriceChange({ priceCents: 10_000, platformFeeCents: 500, currency: 'usd' }, 8_000);
    expect(change).toMatchObject({ kind: 'REFUND', refundCents: 2_000, platformFeeRefundCents: 0, providerRefundCents: 2_000 });
  });

  it('refuses amounts that are not whole minor units', () => {
    expect(() => reschedulePriceChange({ priceCents: 100.5, platformFeeCents: 8, currency: 'usd' }, 90)).toThrow();
  });
});
