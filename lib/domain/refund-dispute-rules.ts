/**
 * Refund disputes (DISPUTE_REFUND), pure: what a party may contest, what its case holds, what the payout run does
 * with a held booking, when an open case is due for escalation. Integer minor units of the booking's currency.
 *
 * The rule (docs/architecture.md, "Refund disputes"), as Stripe treats a dispute: only the amount in dispute is held,
 * and only where it still is.
 *  - A case contests a refund decision that exists: a refund recorded on the booking (partial or full, or a paid
 *    cancellation's policy refund, even one of nothing). Without one there is nothing to contest.
 *  - The customer contests for more refund: at most paid − refunded. The provider contests a refund given: at most
 *    what was refunded. The amount in dispute defaults to that maximum.
 *  - A customer's case holds the amount in dispute of the provider's share that has not left the platform yet (a
 *    CONFIRMED or COMPLETED booking): the payout run transfers the rest and keeps that much back until an admin
 *    resolves the case. A share already transferred is not reached into (a refund decided later reverses it as any
 *    refund after a payout does). A provider's case holds nothing: the refund already left.
 *  - No case blocks the other party's refunds, cancellation, completion or the rest of the payout.
 */
import type { BookingStatus } from './booking-status';
import { remainingTransferCents } from './earnings';
import type { ContestingParty } from './held-transfer';

export { heldOnTransfer, transferPlan, type ContestingParty, type HoldingCase, type TransferPlan } from './held-transfer';

export interface ContestedBooking {
  status: BookingStatus;
  /** A DISPUTED booking's status before the chargeback. */
  statusBeforeDispute?: BookingStatus | undefined;
  totalAmountCents: number;
  refundedCents?: number | undefined;
  providerEarningsCents: number;
  providerRefundedCents?: number | undefined;
  /** The part of the provider's share already transferred while a case held the rest. */
  partialTransferCents?: number | undefined;
  /** The refunds recorded on the booking (a paid cancellation records one even when it refunded nothing). */
  refunds?: readonly unknown[] | undefined;
}

/** The most a party may contest now (0: no refund decision to contest, or nothing left on that side). */
export function contestableCents(b: ContestedBooking, party: ContestingParty): number {
  if ((b.refunds?.length ?? 0) === 0) return 0;
  const refunded = b.refundedCents ?? 0;
  return party === 'CUSTOMER' ? Math.max(0, b.totalAmountCents - refunded) : Math.max(0, refunded);
}

/** Statuses whose provider share is still on the platform, to be transferred by the payout run. */
const SHARE_NOT_YET_PAID: readonly BookingStatus[] = ['CONFIRMED', 'COMPLETED'];

/** Of the provider's share, what has not left the platform and will be transferred (0 once paid out or cancelled). */
export function untransferredShareCents(b: ContestedBooking): number {
  const status = b.status === 'DISPUTED' ? b.statusBeforeDispute : b.status;
  if (!status || !SHARE_NOT_YET_PAID.includes(status)) return 0;
  return remainingTransferCents(b);
}

export type ContestRefusal = 'NOTHING_TO_CONTEST' | 'EXCEEDS_CONTESTABLE' | 'INVALID_AMOUNT';

export type ContestDecision =
  { ok: true; amountCents: number; heldCents: number } | { ok: false; reason: ContestRefusal; contestableCents: number };

/** Whether `party` may contest `requestedCents` (default: the most it may), and what its case then holds. */
export function decideContest(b: ContestedBooking, party: ContestingParty, requestedCents?: number): ContestDecision {
  const max = contestableCents(b, party);
  if (max <= 0) return { ok: false, reason: 'NOTHING_TO_CONTEST', contestableCents: 0 };
  const amountCents = requestedCents ?? max;
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) return { ok: false, reason: 'INVALID_AMOUNT', contestableCents: max };
  if (amountCents > max) return { ok: false, reason: 'EXCEEDS_CONTESTABLE', contestableCents: max };
  const heldCents = party === 'CUSTOMER' ? Math.min(amountCents, untransferredShareCents(b)) : 0;
  return { ok: true, amountCents, heldCents };
}

/** Cases opened at or before this instant are due for escalation at `now`. */
export function escalationCutoff(now: Date, hours: number): string {
  return new Date(now.getTime() - hours * 3_600_000).toISOString();
}

export function isEscalationDue(openedAt: string, now: Date, hours: number): boolean {
  return openedAt <= escalationCutoff(now, hours);
}

/** The admins' queue order: escalated cases first (longest escalated first), then open ones, oldest first. */
export function refundCaseQueueOrder(
  a: { openedAt: string; escalatedAt?: string | undefined },
  b: { openedAt: string; escalatedAt?: string | undefined },
): number {
  if (a.escalatedAt && b.escalatedAt) return a.escalatedAt.localeCompare(b.escalatedAt) || a.openedAt.localeCompare(b.openedAt);
  if (a.escalatedAt) return -1;
  if (b.escalatedAt) return 1;
  return a.openedAt.localeCompare(b.openedAt);
}
