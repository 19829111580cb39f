/**
 * What the metrics service reads besides the rollups: providers by account status (byStripeAccountStatus, providers
 * only). And what its reference report (`ledgerMetricsReport`, which the rollups are checked against) reads: the range's
 * ledger lines by type and day (byTypeDay) and bookings by creation month (byCreatedMonth). Queries only: no
 * table scan.
 */
import type { StripeAccountStatus } from '../domain/vocabulary';
import type { LedgerEntryType } from '../domain/ledger';
import type { DayRange, MetricBooking, MetricLine } from '../domain/metric-summary';
import type { BookingRecord, TransactionRecord, UserProfileRecord } from './records';
import { monthOf, shiftMonth } from './list-keys';
import { queryIndex, repo } from './repository';
import type { DataDeps as Db } from './transact';

const fromIso = (r: DayRange) => `${r.from}T00:00:00.000Z`;
const toIso = (r: DayRange) => `${r.to}T23:59:59.999Z`;

/** The UTC days of a range, in order. */
function daysIn(range: DayRange): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${range.from}T00:00:00.000Z`); t <= Date.parse(`${range.to}T00:00:00.000Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** The range's ledger lines of these types: one byTypeDay partition (`<type>#<day>`) per type and day. */
export async function ledgerLinesInRange(deps: Db, types: readonly LedgerEntryType[], range: DayRange): Promise<MetricLine[]> {
  const keys = types.flatMap((type) => daysIn(range).map((day) => `${type}#${day}`));
  const lines: TransactionRecord[] = [];
  // a bounded number of queries in flight: a 90-day range of seven types is 630 small partitions
  for (let i = 0; i < keys.length; i += 32) {
    const sets = await Promise.all(
      keys
        .slice(i, i + 32)
        .map((typeDay) => queryIndex<TransactionRecord>(deps, 'Transaction', { index: 'byTypeDay', key: 'typeDay', value: typeDay })),
    );
    lines.push(...sets.flat());
  }
  return lines.map((l) => ({
    type: l.type,
    amountCents: l.amountCents,
    currency: l.currency,
    createdAt: l.createdAt,
    bookingId: l.bookingId,
  }));
}

export async function bookingsCreatedInRange(deps: Db, range: DayRange): Promise<MetricBooking[]> {
  const months: string[] = [];
  for (let m = monthOf(range.from); m <= monthOf(range.to); m = shiftMonth(m, 1)) months.push(m);
  const sets = await Promise.all(
    months.map((month) =>
      queryIndex<BookingRecord>(deps, 'Booking', {
        index: 'byCreatedMonth',
        key: 'createdMonth',
        value: month,
        sortKey: { name: 'createdAt', from: fromIso(range), to: toIso(range) },
      }),
    ),
  );
  return sets.flat().map(metricBooking);
}

const metricBooking = (b: BookingRecord): MetricBooking => ({
  id: b.id,
  createdAt: b.createdAt,
  status: b.status,
  currency: b.currency,
  serviceCategory: b.serviceCategory,
  chargeId: b.chargeId,
});

/** The categories of these bookings (refunds in the range of bookings made before it). */
export async function bookingCategories(deps: Db, ids: string[]): Promise<Map<string, string>> {
  const found = await Promise.all(ids.map((id) => repo.booking(deps, id)));
  return new Map(found.flatMap((b) => (b ? [[b.id, b.serviceCategory] as [string, string]] : [])));
}

const ACCOUNT_STATUSES: StripeAccountStatus[] = ['PENDING', 'ACTIVE', 'RESTRICTED', 'REJECTED'];

/** Every provider who started onboarding (has a connected account), and whether they completed it. */
export async function providerOnboarding(deps: Db): Promise<{ onboardingComplete: boolean }[]> {
  const sets = await Promise.all(
    ACCOUNT_STATUSES.map((s) =>
      queryIndex<UserProfileRecord>(deps, 'UserProfile', { index: 'byStripeAccountStatus', key: 'stripeAccountStatus', value: s }),
    ),
  );
  return sets.flat().map((p) => ({ onboardingComplete: p.stripeOnboardingComplete === true }));
}
