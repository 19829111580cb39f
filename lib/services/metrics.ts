/**
 * The one metrics service: the admin dashboard's key metrics (payment success rate, average transaction value, refund
 * rate overall and by category, commission revenue, bookings, onboarding completion, payout frequency and amounts)
 * and a provider's earnings per day, over a range of UTC days, each money figure with its currency.
 *
 * Its storage is a port (MetricsSource): the daily rollups kept by the `rollups` event consumer (O(days) items per
 * range, whatever the volume) and the providers' onboarding (providers only). `ledgerMetricsReport` computes the same
 * report from the range's ledger lines and bookings: the reference the rollups are checked against, not a request path.
 * A provider's earnings per day come from their own bookings: earnings count on the day a booking completes, which no
 * rollup carries.
 */
import { dailyMetrics, dailyMetricsFromRollups } from '../domain/metrics';
import { daysOf, summarizeMetrics, summarizeRollups, type DayRange } from '../domain/metric-summary';
import type { AdminMetricsReport } from '../http/refund-processor';
import type { LedgerEntryType } from '../domain/ledger';
import type { Currency } from '../domain/money';
import { bookingCategories, bookingsCreatedInRange, ledgerLinesInRange, providerOnboarding } from '../data/metric-queries';
import { readCategoryRollups, readDailyRollups, type CategoryDayRollup, type DayRollup } from '../data/rollups';
import type { Deps } from '../ports';

/** Where the metrics' inputs come from: the platform's daily rollups, its per-category rollups, providers' onboarding. */
export interface MetricsSource {
  dailyRollups(range: DayRange): Promise<DayRollup[]>;
  categoryRollups(range: DayRange): Promise<CategoryDayRollup[]>;
  providerOnboarding(): Promise<{ onboardingComplete: boolean }[]>;
}

export function rollupMetricsSource(deps: Deps): MetricsSource {
  return {
    dailyRollups: (range) => readDailyRollups(deps, range.from, range.to),
    categoryRollups: (range) => readCategoryRollups(deps, range.from, range.to),
    providerOnboarding: () => providerOnboarding(deps),
  };
}

const METRIC_LINE_TYPES: readonly LedgerEntryType[] = [
  'CHARGE',
  'REFUND',
  'PLATFORM_FEE',
  'FEE_REFUND',
  'DISCOUNT',
  'PAYOUT',
  'PAYOUT_FAILED',
];

/** ADMIN_METRICS: the range's per-day series and the key metrics of one currency, from the rollups. */
export async function adminMetricsReport(
  deps: Deps,
  range: DayRange,
  currency: Currency = 'usd',
  source: MetricsSource = rollupMetricsSource(deps),
): Promise<AdminMetricsReport> {
  const [platform, categories, providers] = await Promise.all([
    source.dailyRollups(range),
    source.categoryRollups(range),
    source.providerOnboarding(),
  ]);
  return {
    currency,
    range,
    days: dailyMetricsFromRollups(daysOf(range), platform, currency),
    summary: summarizeRollups({ currency, range, platform, categories, providers }),
  };
}

/**
 * The same report from the range's ledger lines (one byTypeDay partition per type and day) and bookings: what the
 * rollups must agree with (payments aside: here each booking's final status). Grows with volume: checks only.
 */
export async function ledgerMetricsReport(deps: Deps, range: DayRange, currency: Currency = 'usd'): Promise<AdminMetricsReport> {
  const [lines, bookings, providers] = await Promise.all([
    ledgerLinesInRange(deps, METRIC_LINE_TYPES, range),
    bookingsCreatedInRange(deps, range),
    providerOnboarding(deps),
  ]);
  const known = new Set(bookings.map((b) => b.id));
  const missing = [...new Set(lines.filter((l) => l.type === 'REFUND' && !known.has(l.bookingId)).map((l) => l.bookingId))];
  const categories = missing.length > 0 ? await bookingCategories(deps, missing) : new Map<string, string>();
  const ofCurrency = lines.filter((l) => l.currency === currency);
  return {
    currency,
    range,
    days: dailyMetrics(daysOf(range), ofCurrency, bookings),
    summary: summarizeMetrics({ currency, range, lines, bookings, bookingCategories: categories, providers }),
  };
}
