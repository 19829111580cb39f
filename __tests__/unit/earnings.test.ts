import { describe, expect, it, test } from 'vitest';
import type { BookingStatus } from '../../lib/data/records';
import {
  completionCutoff,
  earningsByWeek,
  hasStarted,
  mainCurrency,
  summarizeEarnings,
  transferableProviderCents,
  type EarningsBooking,
} from '../../lib/domain/earnings';

const b = (id: string, status: BookingStatus, cents: number, extra: Partial<EarningsBooking> = {}): EarningsBooking => ({
  id,
  status,
  providerEarningsCents: cents,
  currency: 'usd',
  endDateTime: '2026-11-20T10:00:00.000Z',
  ...extra,
});

describe('refunded bookings in the earnings', () => {
  test.each([
    // status, share, provider part refunded → pending, eligible, paid
    ['PAID_OUT', 11_040, 5_520, 0, 0, 5_520],
    ['REFUNDED', 11_040, 11_040, 0, 0, 0],
    ['REFUNDED', 11_040, 10_740, 0, 0, 300], // the provider kept 300 of compensation
    ['COMPLETED', 11_040, 11_040, 0, 0, 0],
    ['COMPLETED', 11_040, 1_040, 0, 10_000, 0],
  ] as const)('%s, share %i, %i taken back → pending %i, eligible %i, paid %i', (status, share, refunded, pending, eligible, paid) => {
    const list = [b('bk_r', status, share, { providerRefundedCents: refunded, completedAt: '2026-11-20T12:00:00.000Z' })];
    expect(summarizeEarnings(list, 'usd')).toMatchObject({ pendingCents: pending, totalEarningsCents: eligible, transferredCents: paid });
    const week = earningsByWeek(list, 'usd', new Date('2026-11-23T10:00:00.000Z'), 2);
    expect(week.reduce((sum, p) => sum + p.amountCents, 0)).toBe(eligible + paid);
  });

  test.each([
    // a part went while a refund case held the rest: share, taken back, part → pending, eligible, paid
    [11_040, 0, 8_040, 0, 3_000, 8_040],
    [11_040, 1_840, 6_200, 0, 3_000, 6_200],
    [11_040, 4_000, 8_040, 0, 0, 7_040], // a refund later took more than the rest: nothing more to transfer
  ] as const)(
    'COMPLETED, share %i, %i taken back, %i transferred in part → pending %i, eligible %i, paid %i',
    (share, refunded, part, pending, eligible, paid) => {
      const list = [
        b('bk_p', 'COMPLETED', share, {
          providerRefundedCents: refunded,
          partialTransferCents: part,
          completedAt: '2026-11-20T12:00:00.000Z',
        }),
      ];
      expect(summarizeEarnings(list, 'usd')).toMatchObject({ pendingCents: pending, totalEarningsCents: eligible, transferredCents: paid });
      const week = earningsByWeek(list, 'usd', new Date('2026-11-23T10:00:00.000Z'), 2);
      expect(week.reduce((sum, p) => sum + p.amountCents, 0)).toBe(eligible + paid);
    },
  );
});

describe('summarizeEarnings', () => {
  const bookings = [
    b('bk_1', 'CONFIRMED', 11_040),
    b('bk_2', 'COMPLETED', 12_558, { completedAt: '2026-11-21T12:00:00.000Z' }),
    b('bk_3', 'COMPLETED', 8_279, { completedAt: '2026-11-20T12:00:00.000Z' }),
    b('bk_4', 'PAID_OUT', 4_186, { completedAt: '2026-11-01T12:00:00.000Z' }),
    b('bk_5', 'CANCELLED', 9_999),
    b('bk_6', 'EXPIRED', 9_999),
    b('bk_7', 'PENDING_PAYMENT', 9_999),
    b('bk_8', 'COMPLETED', 5_000, { currency: 'eur' }),
  ];

  it('splits by status, in minor units, one currency', () => {
    expect(summarizeEarnings(bookings, 'usd')).toEqual({
      currency: 'usd',
      totalEarningsCents: 20_837,
      bookingCount: 2,
      eligibleBookings: [
        { bookingId: 'bk_3', amountCents: 8_279, completedAt: '2026-11-20T12:00:00.000Z' },
        { bookingId: 'bk_2', amountCents: 12_558, completedAt: '2026-11-21T12:00:00.000Z' },
      ],
      pendingCents: 11_040,
      transferredCents: 4_186,
      lifetimeCents: 36_063,
    });
    expect(summarizeEarnings(bookings, 'eur')).toMatchObject({ totalEarningsCents: 5_000, bookingCount: 1, pendingCents: 0 });
  });

  test.each([
    [[], 0, 0],
    [[b('a', 'COMPLETED', 1)], 1, 1],
    [[b('a', 'COMPLETED', 1), b('b', 'COMPLETED', 2)], 3, 2],
    [[b('a', 'CONFIRMED', 7)], 0, 0],
  ])('eligible total of %j is %i over %i bookings', (list, total, count) => {
    expect(summarizeEarnings(list, 'usd')).toMatchObject({ totalEarningsCents: total, bookingCount: count });
  });

  it('refuses a non-integer amount', () => {
    expect(() => summarizeEarnings([b('x', 'COMPLETED', 1.5)], 'usd')).toThrow(RangeError);
  });

  it('uses the end time when a completed booking has no completedAt', () => {
    expect(summarizeEarnings([b('x', 'COMPLETED', 5)], 'usd').eligibleBookings[0]?.completedAt).toBe('2026-11-20T10:00:00.000Z');
  });
});

describe('mainCurrency', () => {
  test.each([
    [[], 'usd'],
    [[{ currency: 'eur' }], 'eur'],
    [[{ currency: 'eur' }, { currency: 'gbp' }, { currency: 'gbp' }], 'gbp'],
  ] as const)('%j → %s', (list, currency) => {
    expect(mainCurrency(list)).toBe(currency);
  });
});

describe('earningsByWeek', () => {
  it('buckets completed and paid-out earnings by UTC Monday, zero-filled', () => {
    const now = new Date('2026-11-25T12:00:00Z'); // a Wednesday
    const points = earningsByWeek(
      [
        b('1', 'COMPLETED', 100, { completedAt: '2026-11-23T00:00:00.000Z' }), // Monday of this week
        b('2', 'PAID_OUT', 250, { completedAt: '2026-11-22T23:59:59.000Z' }), // Sunday: last week
        b('3', 'PAID_OUT', 50, { completedAt: '2026-11-16T08:00:00.000Z' }), // last week
        b('4', 'CONFIRMED', 999, { completedAt: '2026-11-23T00:00:00.000Z' }), // not earned yet
        b('5', 'COMPLETED', 999, { completedAt: '2025-01-01T00:00:00.000Z' }), // before the window
      ],
      'usd',
      now,
      3,
    );
    expect(points).toEqual([
      { weekStart: '2026-11-09', amountCents: 0 },
      { weekStart: '2026-11-16', amountCents: 300 },
      { weekStart: '2026-11-23', amountCents: 100 },
    ]);
  });
});

describe('completion timing', () => {
  test.each([
    ['2026-11-23T10:00:00.000Z', '2026-11-23T11:59:59.999Z', false],
    ['2026-11-23T10:00:00.000Z', '2026-11-23T12:00:00.000Z', true],
    ['2026-11-23T10:00:00.000Z', '2026-11-24T00:00:00.000Z', true],
  ])('end %s, now %s → due %s', (end, now, due) => {
    // The scheduled run's query: bookings that ended at or before the cutoff.
    expect(end <= completionCutoff(new Date(now))).toBe(due);
  });

  it('cutoff is now minus 2 h', () => {
    expect(completionCutoff(new Date('2026-11-23T12:00:00.000Z'))).toBe('2026-11-23T10:00:00.000Z');
  });

  test.each([
    ['2026-11-23T10:00:00.000Z', '2026-11-23T09:59:59.999Z', false],
    ['2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z', true],
  ])('start %s, now %s → started %s', (start, now, started) => {
    expect(hasStarted(start, new Date(now))).toBe(started);
  });
});

describe('what a provider is still owed after refunds and holds', () => {
  test.each([
    [9_200, undefined, 9_200],
    [9_200, 0, 9_200],
    [9_200, 2_300, 6_900],
    [9_200, 9_200, 0],
    [9_200, 9_500, 0],
  ])('share %i, refunded %s → %i', (providerEarningsCents, providerRefundedCents, expected) => {
    expect(transferableProviderCents({ providerEarningsCents, providerRefundedCents })).toBe(expected);
  });

  test('held or fully refunded completed bookings are not eligible; partly refunded ones pay the rest', () => {
    const base = { currency: 'usd' as const, endDateTime: '2026-11-01T10:00:00Z', completedAt: '2026-11-01T12:00:00Z' };
    const summary = summarizeEarnings(
      [
        { ...base, id: 'held', status: 'COMPLETED', providerEarningsCents: 1_000, payoutHold: true },
        { ...base, id: 'refunded', status: 'COMPLETED', providerEarningsCents: 1_000, providerRefundedCents: 1_000 },
        { ...base, id: 'partial', status: 'COMPLETED', providerEarningsCents: 1_000, providerRefundedCents: 250 },
      ],
      'usd',
    );
    expect(summary.eligibleBookings).toEqual([{ bookingId: 'partial', amountCents: 750, completedAt: base.completedAt }]);
    expect(summary.pendingCents).toBe(1_000);
  });

  test.each([
    // what a customer's refund case holds back of a COMPLETED booking's 1,000: case, part already gone → eligible, pending
    ['no case', undefined, undefined, 1_000, 0],
    ["a customer's case holding 300", { status: 'OPEN', openedByRole: 'CUSTOMER', heldCents: 300 }, undefined, 700, 300],
    ["a customer's case holding it all", { status: 'OPEN', openedByRole: 'CUSTOMER', heldCents: 1_500 }, undefined, 0, 1_000],
    ['the part already gone, the case still open', { status: 'OPEN', openedByRole: 'CUSTOMER', heldCents: 300 }, 700, 0, 300],
    ['the part already gone, the case resolved', { status: 'RESOLVED', openedByRole: 'CUSTOMER', heldCents: 300 }, 700, 300, 0],
    ["the provider's case", { status: 'OPEN', openedByRole: 'PROVIDER', heldCents: 0 }, undefined, 1_000, 0],
  ] as const)('%s → eligible %i, pending %i', (_name, refundDispute, part, eligible, pending) => {
    const base = { currency: 'usd' as const, endDateTime: '2026-11-01T10:00:00Z', completedAt: '2026-11-01T12:00:00Z' };
    const summary = summarizeEarnings(
      [
        {
          ...base,
          id: 'case',
          status: 'COMPLETED',
          providerEarningsCents: 1_000,
          ...(refundDispute ? { refundDispute } : {}),
          ...(part ? { partialTransferCents: part } : {}),
        },
      ],
      'usd',
    );
    expect(summary).toMatchObject({ totalEarningsCents: eligible, pendingCents: pending, transferredCents: part ?? 0 });
  });
});
