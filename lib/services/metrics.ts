/**
 * The one metrics service: the admin dashboard's key metrics (payment success rate, average transaction value, refund
 * rate overall and by category, commission revenue, bookings, onboarding completion, payout frequency and amounts)
 * and a provider's earnings per day, over a range of UTC days, each money figure with its currency.
 *
 * Its storage is a port (MetricsSource): today the range's ledger lines, bookings and provider profiles read by
 * lib/data/metric-queries.ts; rollups (per-day sums written by an event consumer) can implement the same port later
 * without touching the pages or the computations (lib/domain/metric-summary.ts).
 */
import { dailyMetrics } from '../domain/metrics';
import {
  daysOf,
  earningsByDay,
  lastDays,
  summarizeMetrics,
  type DayRange,
  type EarningsDay,
  type MetricBooking,
  type MetricLine,
} from '../domain/metric-summary';
import type { AdminMetricsReport } from '../http/refund-processor';
import type { LedgerEntryType } from '../domain/ledger';
import type { Currency } from '../domain/money';
import { bookingCategories, bookingsCreatedInRange, ledgerLinesInRange, providerOnboarding } from '../data/metric-queries';
import { AppError } from '../http/errors';
import type { Deps } from '../ports';

/** Where the metrics' inputs come from (the port a rollup store may implement). */
export interface MetricsSource {
  ledgerLines(types: readonly LedgerEntryType[], range: DayRange): Promise<MetricLine[]>;
  bookingsCreated(range: DayRange): Promise<MetricBooking[]>;
  categoriesOf(bookingIds: string[]): Promise<Map<string, string>>;
  providerOnboarding(): Promise<{ onboardingComplete: boolean }[]>;
}

export function dynamoMetricsSource(deps: Deps): MetricsSource {
  return {
    ledgerLines: (types, range) => ledgerLinesInRange(deps, types, range),
    bookingsCreated: (range) => bookingsCreatedInRange(deps, range),
    categoriesOf: (ids) => bookingCategories(deps, ids),
    providerOnboarding: () => providerOnboarding(deps),
  };
}

/** The longest range a request may ask for. */
export const MAX_RANGE_DAYS = 366;

const METRIC_LINE_TYPES: readonly LedgerEntryType[] = [
  'CHARGE',
  'REFUND',
  'PLATFORM_FEE',
  'FEE_REFUND',
  'DISCOUNT',
  'PAYOUT',
  'PAYOUT_FAILED',
];

/** The range asked for (from/to, inclusive UTC days) or the last `days` days; a backwards or too long range is a 400. */
export function metricRange(now: Date, input: { days?: number | undefined; from?: string | undefined; to?: string | undefined }): DayRange {
  if (!input.from && !input.to) return lastDays(now, input.days ?? 14);
  const to = input.to ?? now.toISOString().slice(0, 10);
  const from = input.from ?? lastDays(new Date(`${to}T00:00:00.000Z`), input.days ?? 14).from;
  if (from > to) throw new AppError('VALIDATION_FAILED', 'The range starts after it ends', { field: 'from', from, to });
  const length = daysOf({ from, to }).length;
  if (length > MAX_RANGE_DAYS) {
    throw new AppError('VALIDATION_FAILED', `A range of at most ${MAX_RANGE_DAYS} days`, { field: 'from', from, to, days: length });
  }
  return { from, to };
}

/** ADMIN_METRICS: the range's per-day series and the key metrics of one currency. */
export async function adminMetricsReport(
  deps: Deps,
  range: DayRange,
  currency: Currency = 'usd',
  source: MetricsSource = dynamoMetricsSource(deps),
): Promise<AdminMetricsReport> {
  const [lines, bookings, providers] = await Promise.all([
    source.ledgerLines(METRIC_LINE_TYPES, range),
    source.bookingsCreated(range),
    source.providerOnboarding(),
  ]);
  const known = new Set(bookings.map((b) => b.id));
  const missing = [...new Set(lines.filter((l) => l.type === 'REFUND' && !known.has(l.bookingId)).map((l) => l.bookingId))];
  const categories = missing.length > 0 ? await source.categoriesOf(missing) : new Map<string, string>();
  const ofCurrency = lines.filter((l) => l.currency === currency);
  return {
    currency,
    range,
    days: dailyMetrics(daysOf(range), ofCurrency, bookings),
    summary: summarizeMetrics({ currency, range, lines, bookings, bookingCategories: categories, providers }),
  };
}

/** A provider's earnings per day of the range (their share of bookings completed that day, net of refunds). */
export function providerEarningsSeries(range: DayRange, earned: { at: string; amountCents: number }[]): EarningsDay[] {
  return earningsByDay(range, earned);
}
