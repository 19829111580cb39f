import { describe, expect, it, test } from 'vitest';
import {
  averageCents,
  daysOf,
  earningsByDay,
  lastDays,
  rateBps,
  summarizeMetrics,
  type MetricBooking,
  type MetricLine,
} from '../../lib/domain/metric-summary';

describe('rates and averages, to the basis point and the cent (half away from zero)', () => {
  test.each([
    [0, 0, 0],
    [1, 3, 3_333],
    [2, 3, 6_667],
    [2_500, 12_000, 2_083],
    [1, 8, 1_250],
    [12_000, 12_000, 10_000],
  ])('rateBps(%i, %i) = %i', (n, d, bps) => expect(rateBps(n, d)).toBe(bps));

  test.each([
    [0, 0, 0],
    [12_000, 1, 12_000],
    [10_001, 2, 5_001],
    [10_000, 3, 3_333],
    [20_000, 3, 6_667],
    [999, 4, 250],
  ])('averageCents(%i over %i) = %i', (total, n, avg) => expect(averageCents(total, n)).toBe(avg));
});

describe('ranges of UTC days', () => {
  it('lists every day, inclusive, across a month end', () => {
    expect(daysOf({ from: '2026-11-29', to: '2026-12-02' })).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
  });
  it('the last n days end with the day of now (UTC)', () => {
    expect(lastDays(new Date('2026-12-07T23:30:00.000Z'), 7)).toEqual({ from: '2026-12-01', to: '2026-12-07' });
  });
});

const line = (
  type: MetricLine['type'],
  amountCents: number,
  bookingId: string,
  createdAt = '2026-12-02T10:00:00.000Z',
  currency: MetricLine['currency'] = 'usd',
): MetricLine => ({
  type,
  amountCents,
  bookingId,
  createdAt,
  currency,
});
const booking = (
  id: string,
  status: MetricBooking['status'],
  serviceCategory: string,
  paid = true,
  currency: MetricBooking['currency'] = 'usd',
): MetricBooking => ({
  id,
  status,
  serviceCategory,
  currency,
  createdAt: '2026-12-02T09:00:00.000Z',
  ...(paid ? { chargeId: `ch_${id}` } : {}),
});

describe('summarizeMetrics', () => {
  const range = { from: '2026-12-01', to: '2026-12-07' };
  const summary = summarizeMetrics({
    currency: 'usd',
    range,
    lines: [
      line('CHARGE', 12_000, 'b1'),
      line('PLATFORM_FEE', 960, 'b1'),
      line('CHARGE', 4_999, 'b2'),
      line('PLATFORM_FEE', 400, 'b2'),
      line('REFUND', 2_500, 'b1'),
      line('FEE_REFUND', 200, 'b1'),
      // A refund in the range of a booking made before it: its category comes from bookingCategories.
      line('REFUND', 1_000, 'b0'),
      line('PAYOUT', 9_000, 'provider:p1', '2026-12-03T00:00:00.000Z'),
      line('PAYOUT', 4_001, 'provider:p1', '2026-12-05T00:00:00.000Z'),
      line('PAYOUT_FAILED', 4_001, 'provider:p1', '2026-12-06T00:00:00.000Z'),
      // Other currency and outside the range: not counted.
      line('CHARGE', 7_000, 'e1', '2026-12-02T10:00:00.000Z', 'eur'),
      line('CHARGE', 7_000, 'b9', '2026-11-30T23:59:59.999Z'),
    ],
    bookings: [
      booking('b1', 'CONFIRMED', 'Photography'),
      booking('b2', 'COMPLETED', 'Cleaning'),
      booking('b3', 'PAYMENT_FAILED', 'Cleaning', false),
      booking('b4', 'PENDING_PAYMENT', 'Cleaning', false),
      booking('e1', 'CONFIRMED', 'Cleaning', true, 'eur'),
    ],
    bookingCategories: new Map([['b0', 'Cleaning']]),
    providers: [{ onboardingComplete: true }, { onboardingComplete: false }, { onboardingComplete: true }],
  });

  test.each([
    ['paymentSuccessRateBps', 6_667],
    ['paymentsSucceeded', 2],
    ['paymentsFailed', 1],
    ['charges', 2],
    ['chargedCents', 16_999],
    ['averageTransactionCents', 8_500],
    ['refundedCents', 3_500],
    ['refundRateBps', 2_059],
    ['commissionCents', 1_160],
    ['bookings', 4],
  ] as const)('%s = %i', (key, value) => expect(summary[key]).toBe(value));

  it('refund rate by category, to the basis point', () => {
    expect(summary.refundRateByCategory).toEqual([
      { category: 'Cleaning', chargedCents: 4_999, refundedCents: 1_000, refundRateBps: 2_000 },
      { category: 'Photography', chargedCents: 12_000, refundedCents: 2_500, refundRateBps: 2_083 },
    ]);
  });

  it('onboarding completion and payouts (frequency per week, amounts, failures apart)', () => {
    expect(summary.onboarding).toEqual({ started: 3, completed: 2, completionRateBps: 6_667 });
    expect(summary.payouts).toMatchObject({
      count: 2,
      totalCents: 13_001,
      averageCents: 6_501,
      perWeekHundredths: 200,
      failedCount: 1,
      failedCents: 4_001,
    });
    expect(summary.payouts.byDay.find((d) => d.day === '2026-12-03')).toEqual({ day: '2026-12-03', payouts: 1, payoutCents: 9_000 });
    expect(summary.payouts.byDay).toHaveLength(7);
  });

  it('an empty range is all zeros, never a division by zero', () => {
    const empty = summarizeMetrics({ currency: 'gbp', range, lines: [], bookings: [], providers: [] });
    expect(empty).toMatchObject({
      paymentSuccessRateBps: 0,
      averageTransactionCents: 0,
      refundRateBps: 0,
      commissionCents: 0,
      bookings: 0,
    });
    expect(empty.onboarding.completionRateBps).toBe(0);
    expect(empty.payouts).toMatchObject({ count: 0, averageCents: 0, perWeekHundredths: 0 });
  });
});

describe('earningsByDay', () => {
  test.each([
    [[{ at: '2026-12-02T10:00:00.000Z', amountCents: 11_040 }], '2026-12-02', 11_040],
    [
      [
        { at: '2026-12-02T00:00:00.000Z', amountCents: 4_600 },
        { at: '2026-12-02T23:59:59.999Z', amountCents: 4_599 },
      ],
      '2026-12-02',
      9_199,
    ],
    [[{ at: '2026-11-30T10:00:00.000Z', amountCents: 500 }], '2026-12-01', 0],
  ])('%j on %s = %i', (earned, day, cents) => {
    const series = earningsByDay({ from: '2026-12-01', to: '2026-12-03' }, earned);
    expect(series).toHaveLength(3);
    expect(series.find((d) => d.day === day)?.amountCents).toBe(cents);
  });
});
