/** Admin dashboard metrics, pure: per-day sums of ledger lines and bookings (UTC days, integer minor units). */
import type { LedgerEntryType } from './ledger';
import { scaleRoundHalfUp } from './money';
import type { RollupCounts } from './rollups';

export interface DayMetrics {
  day: string;
  /** PLATFORM_FEE − FEE_REFUND of the lines dated that day. */
  commissionCents: number;
  chargedCents: number;
  refundedCents: number;
  /** Refunded / charged that day in basis points (0 when nothing was charged). */
  refundRateBps: number;
  bookings: number;
}

export function utcDays(from: Date, days: number): string[] {
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

export function dailyMetrics(
  days: string[],
  lines: { type: LedgerEntryType; amountCents: number; createdAt: string }[],
  bookings: { createdAt: string }[],
): DayMetrics[] {
  const byDay = new Map(
    days.map((d) => [d, { day: d, commissionCents: 0, chargedCents: 0, refundedCents: 0, refundRateBps: 0, bookings: 0 }]),
  );
  for (const l of lines) {
    const m = byDay.get(l.createdAt.slice(0, 10));
    if (!m) continue;
    if (l.type === 'PLATFORM_FEE') m.commissionCents += l.amountCents;
    else if (l.type === 'FEE_REFUND' || l.type === 'DISCOUNT') m.commissionCents -= l.amountCents;
    else if (l.type === 'CHARGE') m.chargedCents += l.amountCents;
    else if (l.type === 'REFUND') m.refundedCents += l.amountCents;
  }
  for (const b of bookings) {
    const m = byDay.get(b.createdAt.slice(0, 10));
    if (m) m.bookings += 1;
  }
  return [...byDay.values()].map((m) => ({
    ...m,
    refundRateBps: m.chargedCents > 0 ? scaleRoundHalfUp(m.refundedCents, 10_000, m.chargedCents) : 0,
  }));
}

/** The same days from the daily rollups: money in `currency`, bookings in every currency. */
export function dailyMetricsFromRollups(
  days: string[],
  rollups: readonly ({ day: string; currency: string } & RollupCounts)[],
  currency: string,
): DayMetrics[] {
  const byDay = new Map(
    days.map((d) => [d, { day: d, commissionCents: 0, chargedCents: 0, refundedCents: 0, refundRateBps: 0, bookings: 0 }]),
  );
  for (const r of rollups) {
    const m = byDay.get(r.day);
    if (!m) continue;
    m.bookings += r.bookings;
    if (r.currency !== currency) continue;
    m.commissionCents += r.feesCents - r.feeRefundsCents - r.discountsCents;
    m.chargedCents += r.chargedCents;
    m.refundedCents += r.refundedCents;
  }
  return [...byDay.values()].map((m) => ({
    ...m,
    refundRateBps: m.chargedCents > 0 ? scaleRoundHalfUp(m.refundedCents, 10_000, m.chargedCents) : 0,
  }));
}
