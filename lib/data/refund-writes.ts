/**
 * The booking writes of a refund and of a contested refund decision. A refund is claimed on the booking before any
 * Stripe call (refundClaimId), then recorded in one transaction with its ledger lines; a paid booking's cancellation
 * (CANCEL_PAID) and a full refund after the payout (REFUND_IN_FULL_AFTER_PAYOUT) are named transitions of the booking
 * machine written by the Booking writer. The refund case (refundDispute) is its own machine (lib/domain/refund-case.ts);
 * its conditions are derived from that table here.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { BookingActor } from '../domain/booking-status';
import { planRefundCase, type RefundCaseActor, type RefundCaseStatus, type RefundCaseTransitionName } from '../domain/refund-case';
import { bookingTransitionItems, bookingUpdateItem, updateBooking } from './booking-writer';
import { buildExpression, type Change, type Condition } from './expressions';
import { isConditionalCheckFailed } from './items';
import type { BookingRecord, RefundClaim, RefundDisputeCase, RefundSummary } from './records';
import type { TxItem, DataDeps } from './transact';


/**
 * Claims a refund on the booking as read: no other claim, the refunded total and the status unchanged, refunds not
 * held. A refused claim means the booking moved on: re-read and decide again.
 */
export function refundClaimItem(deps: DataDeps, booking: BookingRecord, claim: RefundClaim, now: Date): TxItem {
  return bookingUpdateItem(deps, booking.id, {
    whileStatusIn: [booking.status],
    change: { set: { refundClaimId: claim.refundRequestId, refundClaim: claim } },
    expect: [
      { attr: 'refundClaimId', absent: true },
      { or: [{ attr: 'refundedCents', absent: true }, { attr: 'refundedCents', eq: booking.refundedCents ?? 0 }] },
      { or: [{ attr: 'payoutHold', absent: true }, { attr: 'payoutHold', eq: false }] },
    ],
    now,
  });
}

/** What a recorded refund changes on the booking besides its status. */
export interface RefundRecord {
  claim: RefundClaim;
  summary: RefundSummary;
  /** Of the provider's part: reversed on Stripe, and the shortfall made debt. */
  reverseCents: number;
  debtCents: number;
  creditsReturned: number;
}

/** The status change a refund makes, if any: a cancellation, or the last refund of a paid-out booking. */
export type RefundStatusChange =
  | { transition: 'CANCEL_PAID'; actor: BookingActor; cancelledBy: string }
  | { transition: 'REFUND_IN_FULL_AFTER_PAYOUT'; actor: BookingActor };

/**
 * The booking's side of a recorded refund: its sums, the refunds list, the claim removed; conditional on the claim
 * still being this refund's (a concurrent duplicate recorded it first: refused). With a status change it is that
 * named transition from the status read.
 */
export function refundRecordItems(deps: DataDeps, booking: BookingRecord, r: RefundRecord, status: RefundStatusChange | undefined, now: Date): TxItem[] {
  const { claim } = r;
  const change: Change = {
    add: {
      refundedCents: claim.refundCents,
      feeRefundedCents: claim.platformFeeRefundCents,
      providerRefundedCents: claim.providerReversalCents + claim.providerEarningReductionCents,
      refundCompensationCents: claim.providerCompensationCents,
      providerReversedCents: r.reverseCents,
      providerDebtCents: r.debtCents,
      ...(r.creditsReturned > 0 ? { creditsReturnedCents: r.creditsReturned } : {}),
    },
    append: { refunds: [r.summary] },
    remove: ['refundClaimId', 'refundClaim'],
    ...(status?.transition === 'CANCEL_PAID' ? { set: { cancelledAt: now.toISOString(), cancelledBy: status.cancelledBy } } : {}),
  };
  const expect: Condition[] = [{ attr: 'refundClaimId', eq: claim.refundRequestId }];
  if (!status) return [bookingUpdateItem(deps, booking.id, { change, expect, now })];
  return bookingTransitionItems(deps, booking.id, { transition: status.transition, actor: status.actor, from: booking.status, change, expect, now });
}

/** Frees a cancelled booking's slot holds (a hold already gone, or taken by another booking, is left alone). */
export async function releaseSlotHolds(deps: DataDeps, bookingId: string, holdIds: readonly string[]): Promise<void> {
  for (const holdId of holdIds) {
    const condition = buildExpression(undefined, [{ or: [{ attr: 'id', absent: true }, { attr: 'bookingId', eq: bookingId }] }]);
    await deps.db.send(new DeleteCommand({ TableName: deps.tables.SlotHold, Key: { id: holdId }, ...condition })).catch((err: unknown) => {
      if (!isConditionalCheckFailed(err)) throw err;
    });
  }
}

// ---- the refund case (refundDispute) ------------------------------------------------------------------

/** The machine's starting statuses as conditions on the nested case status (NONE: no case attribute yet). */
function caseStatusConditions(from: readonly RefundCaseStatus[]): Condition {
  const stored = from.filter((s) => s !== 'NONE');
  const options: Condition[] = [
    ...(from.includes('NONE') ? [{ attr: 'refundDispute', absent: true } as Condition] : []),
    ...(stored.length ? [{ attr: 'refundDispute.status', in: stored } as Condition] : []),
  ];
  return options.length === 1 ? options[0]! : { or: options };
}

/**
 * A refund case transition: writes the whole case (its status from the table) and the booking's payout hold (the
 * transition's effect), conditional on the case being in one of the transition's starting statuses. The booking
 * after it, or undefined when the case had moved on (opened or resolved concurrently).
 */
export function writeRefundCase(
  deps: DataDeps,
  bookingId: string,
  w: {
    transition: RefundCaseTransitionName;
    actor: RefundCaseActor;
    refundCase: Omit<RefundDisputeCase, 'status'>;
    /** Another reason to keep refunds and the payout held when the case lifts its hold (an open chargeback). */
    heldOtherwise: boolean;
    now: Date;
  },
): Promise<BookingRecord | undefined> {
  const plan = planRefundCase(w.transition, w.actor);
  const payoutHold = plan.transition.emits.hold === 'set' || w.heldOtherwise;
  return updateBooking(deps, bookingId, {
    change: { set: { refundDispute: { ...w.refundCase, status: plan.to }, payoutHold } },
    expect: [caseStatusConditions(plan.from)],
    now: w.now,
  });
}
