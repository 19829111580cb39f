/** The dashboard summary from rollups: the same numbers as from the ledger lines they were rolled up from. */
import { describe, expect, it } from 'vitest';
import { summarizeMetrics, summarizeRollups, type MetricLine } from '../../lib/domain/metric-summary';
import { addInto, CATEGORY_LINE_TYPES, emptyRollup, eventDelta, lineDelta, type RollupCounts } from '../../lib/domain/rollups';

const at = (day: string) => `${day}T10:00:00.000Z`;
const line = (
  type: MetricLine['type'],
  amountCents: number,
  bookingId: string,
  day = '2026-12-02',
  currency: MetricLine['currency'] = 'usd',
) => ({
  type,
  amountCents,
  bookingId,
  currency,
  createdAt: at(day),
});
const lines: MetricLine[] = [
  line('CHARGE', 12_000, 'b1'),
  line('PLATFORM_FEE', 960, 'b1'),
  line('DISCOUNT', 300, 'b1'),
  line('CHARGE', 4_999, 'b2', '2026-12-03'),
  line('PLATFORM_FEE', 400, 'b2', '2026-12-03'),
  line('REFUND', 2_500, 'b1', '2026-12-04'),
  line('FEE_REFUND', 200, 'b1', '2026-12-04'),
  line('PAYOUT', 9_000, 'provider:p1', '2026-12-03'),
  line('PAYOUT', 4_001, 'provider:p1', '2026-12-05'),
  line('PAYOUT_FAILED', 4_001, 'provider:p1', '2026-12-06'),
  line('CHARGE', 7_000, 'e1', '2026-12-02', 'eur'),
  line('CHARGE', 7_000, 'b9', '2026-11-30'),
];
const categoryOf = new Map([
  ['b1', 'Photography'],
  ['b2', 'Cleaning'],
  ['e1', 'Cleaning'],
  ['b9', 'Cleaning'],
]);

type Row = { day: string; currency: string; category?: string } & RollupCounts;
function rollUp(facts: { day: string; currency: string; category?: string | undefined; delta: Partial<RollupCounts> }[]): Row[] {
  const rows = new Map<string, Row>();
  for (const f of facts) {
    const key = `${f.day}#${f.currency}#${f.category ?? ''}`;
    const row = rows.get(key) ?? { day: f.day, currency: f.currency, ...(f.category ? { category: f.category } : {}), ...emptyRollup() };
    addInto(row, f.delta);
    rows.set(key, row);
  }
  return [...rows.values()];
}

describe('summarizeRollups', () => {
  const range = { from: '2026-12-01', to: '2026-12-07' };
  const providers = [{ onboardingComplete: true }, { onboardingComplete: false }];
  const lineFacts = lines.map((l) => ({ day: l.createdAt.slice(0, 10), currency: l.currency, delta: lineDelta(l.type, l.amountCents) }));
  const requests = ['b1', 'b2', 'b3'].map(() => ({ day: '2026-12-02', currency: 'usd', delta: eventDelta('BookingRequested') }));
  const outcomes = [
    eventDelta('BookingConfirmed'),
    eventDelta('BookingPaymentFailed'),
    eventDelta('BookingConfirmed'),
    eventDelta('BookingPaymentFailed'),
  ].map((delta) => ({ day: '2026-12-02', currency: 'usd', delta }));
  const platform = rollUp([...lineFacts, ...requests, ...outcomes]);
  const categories = rollUp(
    lines
      .filter((l) => CATEGORY_LINE_TYPES.includes(l.type))
      .map((l) => ({
        day: l.createdAt.slice(0, 10),
        currency: l.currency,
        category: categoryOf.get(l.bookingId) ?? 'Unknown',
        delta: lineDelta(l.type, l.amountCents),
      })),
  ) as (Row & { category: string })[];
  const fromRollups = summarizeRollups({ currency: 'usd', range, platform, categories, providers });
  const fromLines = summarizeMetrics({
    currency: 'usd',
    range,
    lines,
    bookings: ['b1', 'b2', 'b3'].map((id) => ({
      id,
      createdAt: at('2026-12-02'),
      status: id === 'b3' ? 'PENDING_PAYMENT' : 'CONFIRMED',
      currency: 'usd' as const,
      serviceCategory: categoryOf.get(id) ?? 'Cleaning',
    })),
    bookingCategories: categoryOf,
    providers,
  });

  it('equals the summary of the lines it was rolled up from (payments aside)', () => {
    const samePayments = (s: typeof fromRollups) => ({ ...s, paymentsSucceeded: 0, paymentsFailed: 0, paymentSuccessRateBps: 0 });
    expect(samePayments(fromRollups)).toEqual(samePayments(fromLines));
    // outcomes, not bookings' last status: two paid, two declines
    expect(fromRollups).toMatchObject({ paymentsSucceeded: 2, paymentsFailed: 2, paymentSuccessRateBps: 5_000 });
  });

  it.each([
    ['charges', 2],
    ['chargedCents', 16_999],
    ['averageTransactionCents', 8_500],
    ['commissionCents', 960 + 400 - 300 - 200],
    ['bookings', 3],
  ] as const)('%s = %i', (key, value) => expect(fromRollups[key]).toBe(value));

  it('payouts per week and by day; an empty range is zeros', () => {
    expect(fromRollups.payouts).toMatchObject({
      count: 2,
      totalCents: 13_001,
      averageCents: 6_501,
      perWeekHundredths: 200,
      failedCount: 1,
    });
    const empty = summarizeRollups({ currency: 'gbp', range, platform, categories, providers: [] });
    expect(empty).toMatchObject({ charges: 0, averageTransactionCents: 0, paymentSuccessRateBps: 0, refundRateByCategory: [] });
  });
});
