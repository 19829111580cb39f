/**
 * A provider's earnings, pure: what is pending (service not yet done), eligible (completed, not yet transferred),
 * transferred; earnings over time; when a booking is due for completion. Integer minor units only. (One booking's
 * whole ledger is bookingMoneyFlow in ./ledger.ts.)
 */
import type { BookingStatus } from './booking-status';
import { heldOnTransfer, transferPlan, type HoldingCase } from './held-transfer';
import type { Currency } from './money';

/** A CONFIRMED booking becomes COMPLETED by the scheduled run once its end passed by this much. */
const COMPLETION_GRACE_MS = 2 * 3_600_000;

export interface EarningsBooking {
  id: string;
  status: BookingStatus;
  providerEarningsCents: number;
  currency: Currency;
  endDateTime: string;
  completedAt?: string;
  paidOutAt?: string;
  /** The provider's part of refunds made before the transfer (lib/services/refunds.ts). */
  providerRefundedCents?: number;
  /** A chargeback freezes the booking's payout. */
  payoutHold?: boolean;
  /** Transferred while an open refund case held the rest (the booking stays COMPLETED until the rest goes). */
  partialTransferCents?: number;
  /** A customer's open refund case keeps its held amount back from the transfer. */
  refundDispute?: HoldingCase;
}

/** What the provider is still owed for a booking: their share less the part refunded before the transfer. */
export function transferableProviderCents(b: Pick<EarningsBooking, 'providerEarningsCents' | 'providerRefundedCents'>): number {
  return Math.max(0, b.providerEarningsCents - (b.providerRefundedCents ?? 0));
}

/** What is still to transfer: the share owed less a part already transferred while a refund case held the rest. */
export function remainingTransferCents(
  b: Pick<EarningsBooking, 'providerEarningsCents' | 'providerRefundedCents' | 'partialTransferCents'>,
): number {
  return Math.max(0, transferableProviderCents(b) - (b.partialTransferCents ?? 0));
}

interface EligibleBooking {
  bookingId: string;
  amountCents: number;
  completedAt: string;
}

interface EarningsSummary {
  currency: Currency;
  /** Sum of the eligible bookings: what the next payout run transfers. */
  totalEarningsCents: number;
  /** Number of eligible bookings. */
  bookingCount: number;
  eligibleBookings: EligibleBooking[];
  /** CONFIRMED bookings: paid by the customer, service not yet delivered. */
  pendingCents: number;
  /** PAID_OUT (and REFUNDED) bookings: the provider's share paid (transferred, or netted against their debt). */
  transferredCents: number;
  /** pending + eligible + transferred. */
  lifetimeCents: number;
}

/** The currency most of the bookings are in (ties: the first met), or the fallback. */
export function mainCurrency(bookings: readonly Pick<EarningsBooking, 'currency'>[], fallback: Currency = 'usd'): Currency {
  const counts = new Map<Currency, number>();
  for (const b of bookings) counts.set(b.currency, (counts.get(b.currency) ?? 0) + 1);
  let best: Currency = fallback;
  let bestCount = 0;
  for (const [currency, count] of counts) {
    if (count > bestCount) {
      best = currency;
      bestCount = count;
    }
  }
  return best;
}

/** Sums one currency's bookings by status, net of refunds; other statuses (unpaid, cancelled, expired) earn nothing. */
export function summarizeEarnings(bookings: readonly EarningsBooking[], currency: Currency): EarningsSummary {
  let pendingCents = 0;
  let transferredCents = 0;
  const eligibleBookings: EligibleBooking[] = [];
  for (const b of bookings) {
    if (b.currency !== currency) continue;
    if (!Number.isSafeInteger(b.providerEarningsCents)) throw new RangeError(`booking ${b.id}: providerEarningsCents must be an integer`);
    const owed = transferableProviderCents(b);
    if (b.status === 'CONFIRMED') pendingCents += owed;
    // REFUNDED: paid out, then refunded in full; what the provider kept (compensation) stays theirs.
    else if (b.status === 'PAID_OUT' || b.status === 'REFUNDED') transferredCents += owed;
    else if (b.status === 'COMPLETED') {
      // A part may have gone while a refund case held the rest; an open customer's case keeps its amount back.
      const remaining = remainingTransferCents(b);
      transferredCents += owed - remaining;
      const plan = transferPlan(remaining, heldOnTransfer(b.refundDispute, remaining), Boolean(b.partialTransferCents));
      const next = b.payoutHold || plan.kind === 'wait' ? 0 : plan.kind === 'part' ? plan.amountCents : remaining;
      pendingCents += remaining - next;
      if (next > 0) eligibleBookings.push({ bookingId: b.id, amountCents: next, completedAt: b.completedAt ?? b.endDateTime });
    }
  }
  eligibleBookings.sort((a, b) => a.completedAt.localeCompare(b.completedAt) || a.bookingId.localeCompare(b.bookingId));
  const totalEarningsCents = eligibleBookings.reduce((sum, e) => sum + e.amountCents, 0);
  return {
    currency,
    totalEarningsCents,
    bookingCount: eligibleBookings.length,
    eligibleBookings,
    pendingCents,
    transferredCents,
    lifetimeCents: pendingCents + totalEarningsCents + transferredCents,
  };
}

/** Statuses whose (remaining) provider share was earned: service delivered. */
const EARNED_STATUSES: readonly BookingStatus[] = ['COMPLETED', 'PAID_OUT', 'REFUNDED'];

interface EarningsPoint {
  /** Monday (UTC) of the week, YYYY-MM-DD. */
  weekStart: string;
  amountCents: number;
}

/** Earned (completed or paid out, net of refunds) per week, over the last `weeks` weeks ending with the week of `now`; empty weeks are 0. */
export function earningsByWeek(bookings: readonly EarningsBooking[], currency: Currency, now: Date, weeks = 12): EarningsPoint[] {
  const thisWeek = mondayOf(now);
  const points: EarningsPoint[] = [];
  for (let i = weeks - 1; i >= 0; i--) points.push({ weekStart: isoDate(thisWeek - i * 7 * 86_400_000), amountCents: 0 });
  const index = new Map(points.map((p, i) => [p.weekStart, i]));
  for (const b of bookings) {
    if (b.currency !== currency || !EARNED_STATUSES.includes(b.status)) continue;
    const at = Date.parse(b.completedAt ?? b.endDateTime);
    if (Number.isNaN(at)) continue;
    const i = index.get(isoDate(mondayOf(new Date(at))));
    if (i !== undefined) points[i]!.amountCents += transferableProviderCents(b);
  }
  return points;
}

/** Each earned booking of the currency as when it was earned (completed, else its end) and the provider's share. */
export function earnedShares(bookings: readonly EarningsBooking[], currency: Currency): { at: string; amountCents: number }[] {
  return bookings.flatMap((b) => {
    if (b.currency !== currency || !EARNED_STATUSES.includes(b.status)) return [];
    const at = Date.parse(b.completedAt ?? b.endDateTime);
    return Number.isNaN(at) ? [] : [{ at: new Date(at).toISOString(), amountCents: transferableProviderCents(b) }];
  });
}

function mondayOf(d: Date): number {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return day - weekday * 86_400_000;
}
function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The latest end a booking may have for the scheduled run to complete it at `now` (its end passed by the grace). */
export function completionCutoff(now: Date, graceMs = COMPLETION_GRACE_MS): string {
  return new Date(now.getTime() - graceMs).toISOString();
}

/** A provider may mark a booking done once it has started. */
export function hasStarted(startDateTime: string, now: Date): boolean {
  return Date.parse(startDateTime) <= now.getTime();
}
