/**
 * The admin dashboard's key metrics over a date range, pure: rates in basis points, money in integer minor units of one
 * currency, every division through the one rounding helper. The inputs are the range's ledger lines, bookings and
 * provider profiles (lib/services/metrics.ts reads them; rollups may later supply the same inputs).
 */
import type { BookingStatus } from './booking-status';
import type { LedgerEntryType } from './ledger';
import { scaleRoundHalfUp, type Currency } from './money';
import { addInto, emptyRollup, type RollupCounts } from './rollups';

/** Inclusive UTC days, YYYY-MM-DD. */
export interface DayRange {
  from: string;
  to: string;
}

export interface MetricLine {
  type: LedgerEntryType;
  amountCents: number;
  currency: Currency;
  createdAt: string;
  bookingId: string;
}

export interface MetricBooking {
  id: string;
  createdAt: string;
  status: BookingStatus;
  currency: Currency;
  serviceCategory: string;
  chargeId?: string | undefined;
}

export interface CategoryRefundRate {
  category: string;
  chargedCents: number;
  refundedCents: number;
  refundRateBps: number;
}

export interface PayoutDay {
  day: string;
  payouts: number;
  payoutCents: number;
}

export interface MetricSummary {
  currency: Currency;
  range: DayRange;
  /** Of the bookings whose payment was decided in the range: paid / (paid + failed). */
  paymentSuccessRateBps: number;
  paymentsSucceeded: number;
  paymentsFailed: number;
  charges: number;
  chargedCents: number;
  /** Charged / number of charges (0 without charges). */
  averageTransactionCents: number;
  refundedCents: number;
  refundRateBps: number;
  refundRateByCategory: CategoryRefundRate[];
  /** PLATFORM_FEE − FEE_REFUND − DISCOUNT (a promotion code's discount is borne by the platform). */
  commissionCents: number;
  bookings: number;
  onboarding: { started: number; completed: number; completionRateBps: number };
  /** Payouts made (PAYOUT lines) in the range; failed ones (PAYOUT_FAILED: the money went back) counted apart. */
  payouts: {
    count: number;
    totalCents: number;
    averageCents: number;
    perWeekHundredths: number;
    failedCount: number;
    failedCents: number;
    byDay: PayoutDay[];
  };
}

/** Of numerator per denominator in basis points (0 when the denominator is 0). */
export function rateBps(numerator: number, denominator: number): number {
  return denominator > 0 ? scaleRoundHalfUp(numerator, 10_000, denominator) : 0;
}

/** Average of a total over a count, in minor units (0 for no count). */
export function averageCents(totalCents: number, count: number): number {
  return count > 0 ? scaleRoundHalfUp(totalCents, 1, count) : 0;
}

/** Every UTC day of the range, in order. */
export function daysOf(range: DayRange): string[] {
  const start = Date.parse(`${range.from}T00:00:00.000Z`);
  const end = Date.parse(`${range.to}T00:00:00.000Z`);
  const days: string[] = [];
  for (let t = start; t <= end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The last `days` UTC days ending with the day of `now`. */
export function lastDays(now: Date, days: number): DayRange {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${to}T00:00:00.000Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

const inRange = (iso: string, r: DayRange) => {
  const day = iso.slice(0, 10);
  return day >= r.from && day <= r.to;
};

const PAID_STATUSES: readonly BookingStatus[] = ['CONFIRMED', 'COMPLETED', 'PAID_OUT', 'DISPUTED', 'REFUNDED'];

function refundRatesByCategory(lines: MetricLine[], categoryOf: Map<string, string>): CategoryRefundRate[] {
  const byCategory = new Map<string, { chargedCents: number; refundedCents: number }>();
  for (const l of lines) {
    if (l.type !== 'CHARGE' && l.type !== 'REFUND') continue;
    const category = categoryOf.get(l.bookingId) ?? 'Unknown';
    const sums = byCategory.get(category) ?? { chargedCents: 0, refundedCents: 0 };
    if (l.type === 'CHARGE') sums.chargedCents += l.amountCents;
    else sums.refundedCents += l.amountCents;
    byCategory.set(category, sums);
  }
  return [...byCategory.entries()]
    .map(([category, s]) => ({ category, ...s, refundRateBps: rateBps(s.refundedCents, s.chargedCents) }))
    .sort((a, b) => a.category.localeCompare(b.category));
}

/**
 * The summary of one currency over the range. `bookingCategories` maps a booking id to its service's category for
 * refunds of bookings made before the range (their lines are in it, the booking is not).
 */
export function summarizeMetrics(input: {
  currency: Currency;
  range: DayRange;
  lines: MetricLine[];
  bookings: MetricBooking[];
  bookingCategories?: Map<string, string>;
  providers: { onboardingComplete: boolean }[];
}): MetricSummary {
  const { currency, range } = input;
  const lines = input.lines.filter((l) => l.currency === currency && inRange(l.createdAt, range));
  const bookings = input.bookings.filter((b) => b.currency === currency && inRange(b.createdAt, range));
  const sum = (type: LedgerEntryType) => lines.filter((l) => l.type === type).reduce((s, l) => s + l.amountCents, 0);
  const charges = lines.filter((l) => l.type === 'CHARGE').length;
  const chargedCents = sum('CHARGE');
  const refundedCents = sum('REFUND');
  const paymentsSucceeded = bookings.filter((b) => b.chargeId !== undefined || PAID_STATUSES.includes(b.status)).length;
  const paymentsFailed = bookings.filter((b) => b.status === 'PAYMENT_FAILED').length;
  const categoryOf = new Map(input.bookingCategories ?? []);
  for (const b of input.bookings) categoryOf.set(b.id, b.serviceCategory);
  const started = input.providers.length;
  const completed = input.providers.filter((p) => p.onboardingComplete).length;
  const payoutLines = lines.filter((l) => l.type === 'PAYOUT');
  const payoutTotal = payoutLines.reduce((s, l) => s + l.amountCents, 0);
  const dayCount = daysOf(range).length;
  const byDay = new Map(daysOf(range).map((day) => [day, { day, payouts: 0, payoutCents: 0 }]));
  for (const l of payoutLines) {
    const d = byDay.get(l.createdAt.slice(0, 10));
    if (d) {
      d.payouts += 1;
      d.payoutCents += l.amountCents;
    }
  }
  return {
    currency,
    range,
    paymentSuccessRateBps: rateBps(paymentsSucceeded, paymentsSucceeded + paymentsFailed),
    paymentsSucceeded,
    paymentsFailed,
    charges,
    chargedCents,
    averageTransactionCents: averageCents(chargedCents, charges),
    refundedCents,
    refundRateBps: rateBps(refundedCents, chargedCents),
    refundRateByCategory: refundRatesByCategory(lines, categoryOf),
    commissionCents: sum('PLATFORM_FEE') - sum('FEE_REFUND') - sum('DISCOUNT'),
    bookings: bookings.length,
    onboarding: { started, completed, completionRateBps: rateBps(completed, started) },
    payouts: {
      count: payoutLines.length,
      totalCents: payoutTotal,
      averageCents: averageCents(payoutTotal, payoutLines.length),
      // Payouts per week, in hundredths (350 = 3.5 a week).
      perWeekHundredths: dayCount > 0 ? scaleRoundHalfUp(payoutLines.length, 700, dayCount) : 0,
      failedCount: lines.filter((l) => l.type === 'PAYOUT_FAILED').length,
      failedCents: sum('PAYOUT_FAILED'),
      byDay: [...byDay.values()],
    },
  };
}

type RollupRow = { day: string; currency: string } & RollupCounts;

/**
 * The same summary from the daily rollups (lib/domain/rollups.ts): the platform's rows and its per-category rows of the
 * range. Payments are payment outcomes (BookingConfirmed / BookingPaymentFailed): a decline then a successful retry is
 * one failure and one success, where summarizeMetrics reads each booking's final status.
 */
export function summarizeRollups(input: {
  currency: Currency;
  range: DayRange;
  platform: readonly RollupRow[];
  categories: readonly (RollupRow & { category: string })[];
  providers: { onboardingComplete: boolean }[];
}): MetricSummary {
  const { currency, range } = input;
  const ours = <R extends RollupRow>(rows: readonly R[]) =>
    rows.filter((r) => r.currency === currency && r.day >= range.from && r.day <= range.to);
  const rows = ours(input.platform);
  const total = rows.reduce((sum, r) => addInto(sum, r), emptyRollup());
  const byCategory = new Map<string, RollupCounts>();
  for (const r of ours(input.categories)) byCategory.set(r.category, addInto(byCategory.get(r.category) ?? emptyRollup(), r));
  const refundRateByCategory = [...byCategory.entries()]
    .map(([category, s]) => ({
      category,
      chargedCents: s.chargedCents,
      refundedCents: s.refundedCents,
      refundRateBps: rateBps(s.refundedCents, s.chargedCents),
    }))
    .sort((a, b) => a.category.localeCompare(b.category));
  const paymentsFailed = total.paymentFailures;
  const paymentsSucceeded = total.paymentAttempts - total.paymentFailures;
  const started = input.providers.length;
  const completed = input.providers.filter((p) => p.onboardingComplete).length;
  const dayCount = daysOf(range).length;
  const byDay = new Map(daysOf(range).map((day) => [day, { day, payouts: 0, payoutCents: 0 }]));
  for (const r of rows) {
    const d = byDay.get(r.day);
    if (d) {
      d.payouts += r.payouts;
      d.payoutCents += r.payoutsCents;
    }
  }
  return {
    currency,
    range,
    paymentSuccessRateBps: rateBps(paymentsSucceeded, paymentsSucceeded + paymentsFailed),
    paymentsSucceeded,
    paymentsFailed,
    charges: total.charges,
    chargedCents: total.chargedCents,
    averageTransactionCents: averageCents(total.chargedCents, total.charges),
    refundedCents: total.refundedCents,
    refundRateBps: rateBps(total.refundedCents, total.chargedCents),
    refundRateByCategory,
    commissionCents: total.feesCents - total.feeRefundsCents - total.discountsCents,
    bookings: total.bookings,
    onboarding: { started, completed, completionRateBps: rateBps(completed, started) },
    payouts: {
      count: total.payouts,
      totalCents: total.payoutsCents,
      averageCents: averageCents(total.payoutsCents, total.payouts),
      perWeekHundredths: dayCount > 0 ? scaleRoundHalfUp(total.payouts, 700, dayCount) : 0,
      failedCount: total.payoutsFailed,
      failedCents: total.payoutsFailedCents,
      byDay: [...byDay.values()],
    },
  };
}

export interface EarningsDay {
  day: string;
  amountCents: number;
}

/** A provider's earnings per UTC day of the range: their share of the bookings completed that day, net of refunds. */
export function earningsByDay(range: DayRange, earned: { at: string; amountCents: number }[]): EarningsDay[] {
  const byDay = new Map(daysOf(range).map((day) => [day, { day, amountCents: 0 }]));
  for (const e of earned) {
    const d = byDay.get(e.at.slice(0, 10));
    if (d) d.amountCents += e.amountCents;
  }
  return [...byDay.values()];
}
