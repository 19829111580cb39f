/**
 * Rescheduling, pure: when a customer may move a booking, and what a move does to its price.
 *
 * When: a CONFIRMED booking (or an unpaid hold, PENDING_PAYMENT) not yet checked in, up to its deadline before the OLD
 * start: the larger of the notice its cancellation policy's best refund needs (FLEXIBLE 24 h, MODERATE 5 days, STRICT
 * 7 days) and the service's minimum notice. After that the booking is kept or cancelled under the policy, not moved.
 * The new start must be another instant inside the service's booking window (lib/domain/booking-window.ts).
 *
 * Money: the booking keeps what was paid when the service's price is unchanged. A lower price refunds the difference,
 * the platform keeping exactly 8% of the new price (the one rounding helper, splitCommission) and the provider the
 * rest. A higher price is charged as a top-up (lib/domain/reschedule-topup.ts) before the booking moves.
 */
import { CANCELLATION_POLICIES } from './cancellation-policy';
import { checkBookingStart, type BookingWindow } from './booking-window';
import { splitCommission } from './commission';
import type { BookingStatus } from './booking-status';
import { assertMinorUnits, type Currency } from './money';
import type { CancellationPolicy } from './vocabulary';

const MINUTE_MS = 60_000;

/** Statuses a booking may be moved in. An unpaid hold moves with its price (its PaymentIntent's amount is fixed). */
export const RESCHEDULABLE_STATUSES = ['CONFIRMED', 'PENDING_PAYMENT'] as const satisfies readonly BookingStatus[];

export type RescheduleRefusal =
  | { reason: 'WRONG_STATUS'; status: BookingStatus }
  | { reason: 'CHECKED_IN' }
  | { reason: 'TOO_LATE'; deadline: string; noticeMinutes: number }
  | { reason: 'SAME_TIME' }
  | { reason: 'TOO_SOON' | 'TOO_FAR' };

export interface RescheduleQuestion {
  status: BookingStatus;
  checkedIn: boolean;
  oldStart: Date;
  newStart: Date;
  now: Date;
  policy: CancellationPolicy;
  window: BookingWindow;
}

/** Minutes before the old start after which a booking is no longer moved. */
export function rescheduleNoticeMinutes(policy: CancellationPolicy, window: BookingWindow): number {
  const tiers = CANCELLATION_POLICIES[policy];
  if (!tiers) throw new RangeError(`unknown cancellation policy: ${String(policy)}`);
  const bestTierHours = tiers[0]?.minHoursBeforeStart ?? 0;
  return Math.max(bestTierHours * 60, window.minNoticeMinutes);
}

/** The last instant a booking starting at `oldStart` may be moved. */
export function rescheduleDeadline(oldStart: Date, policy: CancellationPolicy, window: BookingWindow): Date {
  return new Date(oldStart.getTime() - rescheduleNoticeMinutes(policy, window) * MINUTE_MS);
}

/** Undefined when the move is allowed; otherwise why not (the first rule broken, in this order). */
export function rescheduleRefusal(q: RescheduleQuestion): RescheduleRefusal | undefined {
  if (!(RESCHEDULABLE_STATUSES as readonly BookingStatus[]).includes(q.status)) return { reason: 'WRONG_STATUS', status: q.status };
  if (q.checkedIn) return { reason: 'CHECKED_IN' };
  const deadline = rescheduleDeadline(q.oldStart, q.policy, q.window);
  if (q.now.getTime() > deadline.getTime()) {
    return { reason: 'TOO_LATE', deadline: deadline.toISOString(), noticeMinutes: rescheduleNoticeMinutes(q.policy, q.window) };
  }
  if (q.newStart.getTime() === q.oldStart.getTime()) return { reason: 'SAME_TIME' };
  const verdict = checkBookingStart(q.window, q.newStart, q.now);
  return verdict.ok ? undefined : { reason: verdict.reason };
}

/** A refusal in the customer's words. */
export function rescheduleRefusalWords(r: RescheduleRefusal): string {
  switch (r.reason) {
    case 'WRONG_STATUS':
      return `A booking that is ${r.status.toLowerCase().replace(/_/g, ' ')} cannot be rescheduled.`;
    case 'CHECKED_IN':
      return 'You have already checked in for this booking, so it cannot be rescheduled.';
    case 'TOO_LATE':
      return 'It is too late to reschedule this booking: its policy allows changes until shortly before the start. You can still cancel it under its policy.';
    case 'SAME_TIME':
      return 'The booking is already at that time. Pick another time.';
    case 'TOO_SOON':
      return 'That time is too soon for this service. Pick a later time.';
    case 'TOO_FAR':
      return 'That time is too far ahead for this service. Pick an earlier time.';
  }
}

/** What moving to the service's current price does to the money. */
export type ReschedulePriceChange =
  | { kind: 'SAME'; priceCents: number; currency: Currency }
  | {
      kind: 'REFUND';
      /** The price after the move. */
      priceCents: number;
      refundCents: number;
      /** Of the refund, the platform's fee given back: the fee kept is then exactly 8% of the new price. */
      platformFeeRefundCents: number;
      /** Of the refund, what comes off the provider's share. */
      providerRefundCents: number;
      currency: Currency;
    }
  | { kind: 'INCREASE'; priceCents: number; amountDueCents: number; currency: Currency };

export interface CurrentPrice {
  /** What the booking costs now (its total, less earlier reschedule refunds). */
  priceCents: number;
  /** The platform fee it still keeps (its fee, less fee refunded so far). */
  platformFeeCents: number;
  currency: Currency;
}

/** The price difference of a move to `newPriceCents`, split to the cent. */
export function reschedulePriceChange(current: CurrentPrice, newPriceCents: number): ReschedulePriceChange {
  assertMinorUnits(current.priceCents, 'priceCents');
  assertMinorUnits(current.platformFeeCents, 'platformFeeCents');
  assertMinorUnits(newPriceCents, 'newPriceCents');
  const { currency } = current;
  if (newPriceCents === current.priceCents) return { kind: 'SAME', priceCents: newPriceCents, currency };
  if (newPriceCents > current.priceCents) {
    return { kind: 'INCREASE', priceCents: newPriceCents, amountDueCents: newPriceCents - current.priceCents, currency };
  }
  const refundCents = current.priceCents - newPriceCents;
  const feeAfter = splitCommission(newPriceCents, currency).platformFeeCents;
  // Never more fee back than this refund, nor a negative one (earlier refunds may have given some back already).
  const platformFeeRefundCents = Math.min(refundCents, Math.max(0, current.platformFeeCents - feeAfter));
  return {
    kind: 'REFUND',
    priceCents: newPriceCents,
    refundCents,
    platformFeeRefundCents,
    providerRefundCents: refundCents - platformFeeRefundCents,
    currency,
  };
}

/** The refund request id of a booking's n-th reschedule (1-based): its Stripe key and ledger references derive from it. */
export const rescheduleRefundRequestId = (sequence: number) => `reschedule-${sequence}`;
