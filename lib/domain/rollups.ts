/**
 * Rollups, pure: what one fact adds to a day's aggregates (per currency, for the platform and for one provider). The
 * live consumer and the rebuild share these rules, so the two can only disagree on which facts they saw.
 */
import type { LedgerEntryType } from './ledger';

export interface RollupCounts {
  bookings: number;
  chargedCents: number;
  /** CHARGE lines (the average transaction's divisor). */
  charges: number;
  /** PLATFORM_FEE lines: the commission before fee refunds. */
  feesCents: number;
  feeRefundsCents: number;
  /** DISCOUNT lines: a promotion code's discount, borne by the platform's commission. */
  discountsCents: number;
  refundedCents: number;
  payoutsCents: number;
  /** PAYOUT lines. */
  payouts: number;
  payoutsFailedCents: number;
  /** PAYOUT_FAILED lines. */
  payoutsFailed: number;
  disputedCents: number;
  paymentAttempts: number;
  paymentFailures: number;
  disputes: number;
}

export const ROLLUP_FIELDS = [
  'bookings',
  'chargedCents',
  'charges',
  'feesCents',
  'feeRefundsCents',
  'discountsCents',
  'refundedCents',
  'payoutsCents',
  'payouts',
  'payoutsFailedCents',
  'payoutsFailed',
  'disputedCents',
  'paymentAttempts',
  'paymentFailures',
  'disputes',
] as const satisfies readonly (keyof RollupCounts)[];

export const emptyRollup = (): RollupCounts => Object.fromEntries(ROLLUP_FIELDS.map((field) => [field, 0])) as unknown as RollupCounts;

/**
 * The ledger line types a rollup sums, into which field, and which field counts the lines (charges and payouts are
 * averaged per line); other lines (earnings, transfers, credits) add nothing.
 */
const LINE_FIELDS: Partial<Record<LedgerEntryType, { sum: keyof RollupCounts; count?: keyof RollupCounts }>> = {
  CHARGE: { sum: 'chargedCents', count: 'charges' },
  PLATFORM_FEE: { sum: 'feesCents' },
  FEE_REFUND: { sum: 'feeRefundsCents' },
  DISCOUNT: { sum: 'discountsCents' },
  REFUND: { sum: 'refundedCents' },
  PAYOUT: { sum: 'payoutsCents', count: 'payouts' },
  PAYOUT_FAILED: { sum: 'payoutsFailedCents', count: 'payoutsFailed' },
  DISPUTE: { sum: 'disputedCents' },
};

/** The line types whose amounts are also kept per service category (refund rate by category). */
export const CATEGORY_LINE_TYPES: readonly LedgerEntryType[] = ['CHARGE', 'REFUND'];

/** The category a booking's line counts under when its booking or category is unknown. */
export const UNKNOWN_CATEGORY = 'Unknown';

/** The events a rollup counts (one each), and into which fields. A payment attempt is a booking payment's outcome. */
export const COUNTED_EVENTS = {
  BookingRequested: ['bookings'],
  BookingConfirmed: ['paymentAttempts'],
  BookingPaymentFailed: ['paymentAttempts', 'paymentFailures'],
  DisputeOpened: ['disputes'],
} as const satisfies Record<string, readonly (keyof RollupCounts)[]>;
export type CountedEventType = keyof typeof COUNTED_EVENTS;

export const isCountedEvent = (type: string): type is CountedEventType => Object.hasOwn(COUNTED_EVENTS, type);

/** What one ledger line adds (empty when its type is not rolled up). */
export function lineDelta(entryType: LedgerEntryType, amountCents: number): Partial<RollupCounts> {
  const fields = LINE_FIELDS[entryType];
  if (!fields) return {};
  return fields.count ? { [fields.sum]: amountCents, [fields.count]: 1 } : { [fields.sum]: amountCents };
}

/** What one counted event adds. */
export function eventDelta(type: CountedEventType): Partial<RollupCounts> {
  return Object.fromEntries(COUNTED_EVENTS[type].map((field) => [field, 1]));
}

/** The UTC day a fact counts on (`YYYY-MM-DD` of its time). */
export const rollupDay = (iso: string) => iso.slice(0, 10);

/** Adds `delta` into `into` (mutates, returns it). */
export function addInto(into: RollupCounts, delta: Partial<RollupCounts>): RollupCounts {
  for (const field of ROLLUP_FIELDS) into[field] += delta[field] ?? 0;
  return into;
}

/**
 * The platform's rollup of a day is written in shards (the event id picks one) so one day's writes spread over
 * several items; readers sum them. A provider's own writes are few: one shard.
 */
export const PLATFORM_SHARDS = 4;

export function shardOf(eventId: string, shards: number): number {
  let hash = 0;
  for (let i = 0; i < eventId.length; i++) hash = (hash * 31 + eventId.charCodeAt(i)) | 0;
  return Math.abs(hash) % shards;
}

/** Every UTC month (`YYYY-MM`) from one day to another (inclusive): the partitions a window's rollups are in. */
export function monthsBetween(fromDay: string, toDay: string): string[] {
  const months: string[] = [];
  let y = Number(fromDay.slice(0, 4));
  let m = Number(fromDay.slice(5, 7));
  const last = toDay.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) return months;
    months.push(month);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}
