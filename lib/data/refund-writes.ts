/**
 * The booking writes of a refund and of a contested refund decision. A refund is claimed on the booking before any
 * Stripe call (refundClaimId), then recorded in one transaction with its ledger lines; a paid booking's cancellation
 * (CANCEL_PAID) and a full refund after the payout (REFUND_IN_FULL_AFTER_PAYOUT) are named transitions of the booking
 * machine written by the Booking writer. The refund case (refundDispute) is its own machine (lib/domain/refund-case.ts);
 * its conditions are derived from that table here.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { BookingActor } from '../domain/booking-status';
import { REFUND_CASE_EVENT_OF, type EventActor, type EventDetails, type RecordEventPayloads } from '../domain/events';
import { planRefundCase, type RefundCaseActor, type RefundCaseStatus, type RefundCaseTransitionName } from '../domain/refund-case';
import { bookingTransitionItems, bookingUpdateItem } from './booking-writer';
import { buildExpression, type Change, type Condition } from './expressions';
import { isConditionalCheckFailed } from './items';
import { eventItem } from './outbox';
import type { BookingRecord, RefundClaim, RefundDisputeCase, RefundSummary } from './records';
import { getItem } from './repository';
import { commitTransition } from './status-writer';
import type { TxItem, DataDeps, TableDeps } from './transact';

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
      {
        or: [
          { attr: 'refundedCents', absent: true },
          { attr: 'refundedCents', eq: booking.refundedCents ?? 0 },
        ],
      },
      {
        or: [
          { attr: 'payoutHold', absent: true },
          { attr: 'payoutHold', eq: false },
        ],
      },
      // A no-show's claim and a check-in exclude each other (recordCheckIn refuses while this claim is held).
      ...(claim.noShow ? [{ attr: 'checkedInAt', absent: true } as const] : []),
    ],
    now,
  });
}

/** What a recorded refund changes on the booking besides its status. */
interface RefundRecord {
  claim: RefundClaim;
  summary: RefundSummary;
  /** Of the provider's part: reversed on Stripe, and the shortfall made debt. */
  reverseCents: number;
  debtCents: number;
  creditsReturned: number;
  /** Stripe's status of the card refund ('succeeded', 'pending'); a refund given back wholly as credits: 'succeeded'. */
  refundStatus: string;
  /** Who asked for it (the person is the claim's requestedBy). */
  requestedByRole: BookingActor;
}

/** The RefundRecorded event of a booking's refund (a refund's first record, or a later change of its status). */
function refundRecordedItem(
  deps: TableDeps,
  bookingId: string,
  refund: RecordEventPayloads['RefundRecorded'],
  actor: EventActor,
  now: Date,
): TxItem {
  return eventItem(deps, { type: 'RefundRecorded', aggregateType: 'Booking', aggregateId: bookingId, actor, payload: refund }, now);
}

/** The status change a refund makes, if any: a cancellation, or the last refund of a paid-out booking. */
export type RefundStatusChange =
  | { transition: 'CANCEL_PAID'; actor: BookingActor; cancelledBy: string }
  | { transition: 'REFUND_IN_FULL_AFTER_PAYOUT'; actor: BookingActor }
  | { transition: 'MARK_NO_SHOW'; actor: BookingActor; markedBy: string };

/** The attributes a status change sets beside the refund's sums. */
function statusAttributes(status: RefundStatusChange | undefined, now: Date): Record<string, string> {
  const at = now.toISOString();
  if (status?.transition === 'CANCEL_PAID') return { cancelledAt: at, cancelledBy: status.cancelledBy };
  // A no-show is delivered as far as the money goes: completed, so the payout run pays out what the provider keeps.
  if (status?.transition === 'MARK_NO_SHOW')
    return { noShowAt: at, noShowBy: status.markedBy, completedAt: at, completedBy: status.markedBy };
  return {};
}

/**
 * The booking's side of a recorded refund: its sums, the refunds list, the claim removed; conditional on the claim
 * still being this refund's (a concurrent duplicate recorded it first: refused). With a status change it is that
 * named transition from the status read. The RefundRecorded event follows (none for a cancellation that refunds
 * nothing: no money moved).
 */
export function refundRecordItems(
  deps: DataDeps,
  booking: BookingRecord,
  r: RefundRecord,
  status: RefundStatusChange | undefined,
  now: Date,
): TxItem[] {
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
    ...(status && status.transition !== 'REFUND_IN_FULL_AFTER_PAYOUT' ? { set: statusAttributes(status, now) } : {}),
  };
  const expect: Condition[] = [{ attr: 'refundClaimId', eq: claim.refundRequestId }];
  const written = status
    ? bookingTransitionItems(deps, booking.id, {
        transition: status.transition,
        actor: status.actor,
        actorId: claim.requestedBy,
        from: booking.status,
        change,
        expect,
        now,
      })
    : [bookingUpdateItem(deps, booking.id, { change, expect, now })];
  if (claim.refundCents <= 0) return written;
  const recorded = refundRecordedItem(
    deps,
    booking.id,
    {
      refundId: claim.refundRequestId,
      amountCents: claim.refundCents,
      currency: booking.currency,
      status: r.refundStatus,
      reason: claim.reason,
      ...(r.summary.stripeRefundId ? { stripeRefundId: r.summary.stripeRefundId } : {}),
      ...(r.creditsReturned > 0 ? { creditsReturned: r.creditsReturned } : {}),
    },
    { role: r.requestedByRole, id: claim.requestedBy },
    now,
  );
  return [...written, recorded];
}

/**
 * A payment that came after its booking's hold ended, refunded in full: REFUND_LATE_PAYMENT (the status stays,
 * latePaymentRefundId is written once) and its RefundRecorded event.
 */
export function latePaymentRefundItems(
  deps: TableDeps,
  booking: Pick<BookingRecord, 'id' | 'status' | 'currency'>,
  refund: { id: string; amountCents: number; status: string },
  actor: 'STRIPE' | 'SYSTEM',
  now: Date,
): TxItem[] {
  return [
    ...bookingTransitionItems(deps, booking.id, {
      transition: 'REFUND_LATE_PAYMENT',
      actor,
      from: booking.status,
      change: { set: { latePaymentRefundId: refund.id } },
      now,
    }),
    refundRecordedItem(
      deps,
      booking.id,
      {
        refundId: refund.id,
        amountCents: refund.amountCents,
        currency: booking.currency,
        status: refund.status,
        reason: 'late_payment_after_hold_ended',
        stripeRefundId: refund.id,
      },
      { role: actor },
      now,
    ),
  ];
}

/** Frees a cancelled booking's slot holds (a hold already gone, or taken by another booking, is left alone). */
export async function releaseSlotHolds(deps: DataDeps, bookingId: string, holdIds: readonly string[]): Promise<void> {
  for (const holdId of holdIds) {
    const condition = buildExpression(undefined, [
      {
        or: [
          { attr: 'id', absent: true },
          { attr: 'bookingId', eq: bookingId },
        ],
      },
    ]);
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

const unchanged = (attr: string, value: unknown): Condition => (value === undefined ? { attr, absent: true } : { attr, eq: value });

function decidedOnConditions(booking: BookingRecord, holds: boolean): Condition[] {
  return [
    unchanged('refundedCents', booking.refundedCents),
    ...(holds
      ? [
          { attr: 'status', eq: booking.status } as Condition,
          { attr: 'payoutClaimId', absent: true } as Condition,
          unchanged('partialTransferCents', booking.partialTransferCents),
        ]
      : []),
  ];
}

/**
 * A refund case transition: writes the whole case (its status from the table) and the index keys of an open case
 * (refundCaseState, refundCaseOpenedAt: removed when it is resolved), conditional on the case being in the status read
 * (`from`, else one of the transition's starting statuses), on the table's guards, on being the same case as read
 * (`openedAt`) and on the booking the opener decided on; with its event on the booking (the case lives there), in one transaction.
 * A case holds nothing through payoutHold (the payout run keeps back only its held amount); resolving writes the
 * booking's payoutHold as the caller says (an open chargeback keeps it), which lifts a hold older cases set. The
 * booking after it, or undefined when the case or the booking had moved on.
 */
export async function writeRefundCase(
  deps: DataDeps,
  bookingId: string,
  w: {
    transition: RefundCaseTransitionName;
    actor: RefundCaseActor;
    /** The person who acted (none for the scheduled run). */
    actorId?: string;
    /** The case's status as read. */
    from?: RefundCaseStatus;
    refundCase: Omit<RefundDisputeCase, 'status'>;
    /** The openedAt of the case as read: the write applies to that case only (escalating, resolving). */
    sameCaseOpenedAt?: string;
    /** The booking's payoutHold after the write (resolving); untouched when absent. */
    payoutHold?: boolean;
    /**
     * Opening: the booking the amounts were decided on. The write applies only while its refunded total is the same
     * and, when the case holds part of the share, while its status and part transfer are and no payout run has it.
     */
    decidedOn?: { booking: BookingRecord; holds: boolean };
    /** What the event carries (the amounts, the reason, the resolution). */
    details?: EventDetails;
    now: Date;
  },
): Promise<BookingRecord | undefined> {
  const plan = planRefundCase(w.transition, w.actor, w.from);
  // A transition that keeps the status (ESCALATE_CASE) only starts from OPEN.
  const status = plan.to ?? 'OPEN';
  const open = status === 'OPEN';
  const change: Change = {
    set: {
      refundDispute: { ...w.refundCase, status },
      ...(open ? { refundCaseState: w.refundCase.escalatedAt ? 'ESCALATED' : 'OPEN', refundCaseOpenedAt: w.refundCase.openedAt } : {}),
      ...(w.payoutHold !== undefined ? { payoutHold: w.payoutHold } : {}),
    },
    ...(open ? {} : { remove: ['refundCaseState', 'refundCaseOpenedAt'] }),
  };
  const update = bookingUpdateItem(deps, bookingId, {
    change,
    expect: [
      caseStatusConditions(w.from !== undefined ? [w.from] : plan.from),
      ...(plan.transition.guard ?? []).map((g): Condition =>
        g.is === 'absent' ? { attr: g.attribute, absent: true } : { attr: g.attribute, present: true },
      ),
      ...(w.sameCaseOpenedAt !== undefined ? [{ attr: 'refundDispute.openedAt', eq: w.sameCaseOpenedAt } as Condition] : []),
      ...(w.decidedOn ? decidedOnConditions(w.decidedOn.booking, w.decidedOn.holds) : []),
    ],
    now: w.now,
  });
  const event = eventItem(
    deps,
    {
      type: REFUND_CASE_EVENT_OF[w.transition],
      aggregateType: 'Booking',
      aggregateId: bookingId,
      actor: { role: w.actor, ...(w.actorId ? { id: w.actorId } : {}) },
      payload: {
        transition: w.transition,
        ...(w.from !== undefined ? { from: w.from } : {}),
        ...(plan.to !== undefined ? { to: plan.to } : {}),
        ...(w.details ? { details: w.details } : {}),
      },
    },
    w.now,
  );
  if (!(await commitTransition(deps, [update, event]))) return undefined;
  return getItem<BookingRecord>(deps, 'Booking', bookingId);
}
