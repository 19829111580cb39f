/**
 * The dispute desk's two decisions on a contested refund: APPROVE issues the amount in dispute as a refund (through
 * processRefund, its request id derived from the case so a repeat or a crash-retry refunds once); DENY closes the case
 * with the admin's note. Both are the case's RESOLVE_CASE (what the case held is released) and are audited.
 *
 * The case is resolved first, refund second: the conditional write decides an approve-vs-deny race (one wins, the other
 * gets a 409), and an approved case whose refund did not finish is finished by approving again.
 */
import type { Identity } from '../auth/identity';
import { OPEN_DISPUTE_STATUSES } from '../domain/disputes';
import { formatMoney } from '../domain/money';
import { contestableCents } from '../domain/refund-dispute-rules';
import type { BookingRecord, RefundDisputeCase } from '../data/records';
import { writeRefundCase } from '../data/refund-writes';
import { repo } from '../data/repository';
import { AppError } from '../http/errors';
import type { ProcessRefundResult } from '../http/refund-processor';
import { authorize } from './access';
import { recordAudit } from './audit';
import { processRefund } from './refund-processing';
import type { Deps } from '../ports';

export type RefundCaseDecision = 'APPROVE' | 'DENY';

export interface RefundCaseDecided {
  dispute: RefundDisputeCase;
  /** APPROVE: the refund issued (replayed: true when an earlier approval had issued it). */
  refund?: ProcessRefundResult;
}

/** The refund request id of a case's approval: one per case (a case is known by its booking and when it was opened). */
export function approvalRequestId(openedAt: string): string {
  return `refund-case-${Date.parse(openedAt)}`;
}

const noneOpen = (bookingId: string) => new AppError('CONFLICT', 'No open refund dispute for this booking', { bookingId });

/** Why this case cannot be approved as a refund (null: it can). */
function approvalRefusal(booking: BookingRecord, c: RefundDisputeCase): AppError | null {
  if (c.openedByRole !== 'CUSTOMER') {
    return new AppError('CONFLICT', "A provider's case contests a refund already given: deny it with a note, or refund on the booking", {
      reason: 'NOT_A_REFUND_CLAIM',
      bookingId: booking.id,
    });
  }
  if (c.amountCents === undefined) {
    return new AppError('CONFLICT', 'This case names no amount: refund on the booking page, then deny it with a note', {
      reason: 'NO_AMOUNT',
      bookingId: booking.id,
    });
  }
  const refundable = contestableCents(booking, 'CUSTOMER');
  if (c.amountCents > refundable) {
    return new AppError(
      'CONFLICT',
      `Only ${formatMoney({ amountCents: refundable, currency: booking.currency })} of this booking can still be refunded`,
      {
        reason: 'MORE_THAN_REFUNDABLE',
        bookingId: booking.id,
        amountCents: c.amountCents,
        refundableCents: refundable,
        currency: booking.currency,
      },
    );
  }
  return null;
}

async function issueApprovedRefund(
  deps: Deps,
  admin: Identity,
  booking: BookingRecord,
  c: RefundDisputeCase,
): Promise<ProcessRefundResult> {
  return processRefund(deps, booking.id, {
    mode: { kind: 'AMOUNT', refundCents: c.amountCents! },
    reason: `Contested refund approved: ${c.resolution ?? c.reason}`,
    requestedBy: admin.userId,
    requestId: approvalRequestId(c.openedAt),
    adminAction: { adminId: admin.userId, action: 'PROCESS_REFUND' },
  });
}

/** ADMIN_RESOLVE_REFUND_DISPUTE with a decision: approve (refund the amount in dispute) or deny (close with the note). */
export async function decideRefundCase(
  deps: Deps,
  admin: Identity,
  bookingId: string,
  input: { decision: RefundCaseDecision; resolution: string },
): Promise<RefundCaseDecided> {
  let booking = await repo.booking(deps, bookingId);
  authorize(admin, 'booking', booking, 'resolveRefundDispute', { details: { bookingId } });
  const open = booking.refundDispute;
  // Approved before (a double submit, or a retry after a crash between the case and the refund): finish the refund.
  if (open?.status === 'RESOLVED' && open.decision === 'APPROVED' && input.decision === 'APPROVE') {
    return { dispute: open, refund: await issueApprovedRefund(deps, admin, booking, open) };
  }
  if (open?.status !== 'OPEN') throw noneOpen(bookingId);
  if (input.decision === 'APPROVE') {
    const refused = approvalRefusal(booking, open);
    if (refused) throw refused;
  }
  const now = deps.clock.now();
  const { status: _open, ...opened } = open;
  const chargebackOpen = (OPEN_DISPUTE_STATUSES as readonly string[]).includes(booking.chargebackStatus ?? '');
  const olderCaseHold = open.heldCents === undefined && booking.payoutHold === true;
  const decision = input.decision === 'APPROVE' ? 'APPROVED' : 'DENIED';
  const written = await writeRefundCase(deps, bookingId, {
    transition: 'RESOLVE_CASE',
    actor: 'ADMIN',
    actorId: admin.userId,
    from: 'OPEN',
    refundCase: { ...opened, resolvedBy: admin.userId, resolvedAt: now.toISOString(), resolution: input.resolution, decision },
    sameCaseOpenedAt: open.openedAt,
    ...(olderCaseHold && !chargebackOpen ? { payoutHold: false } : {}),
    details: {
      decision,
      resolution: input.resolution,
      releasedCents: open.heldCents ?? 0,
      ...(decision === 'APPROVED' ? { refundCents: open.amountCents ?? 0, refundRequestId: approvalRequestId(open.openedAt) } : {}),
      ...(open.currency ? { currency: open.currency } : {}),
    },
    now,
  });
  if (!written) {
    // Someone decided first: the same approval finishes (once); anything else is refused.
    booking = await repo.booking(deps, bookingId);
    const now2 = booking?.refundDispute;
    if (
      booking &&
      now2?.status === 'RESOLVED' &&
      now2.openedAt === open.openedAt &&
      now2.decision === 'APPROVED' &&
      decision === 'APPROVED'
    ) {
      return { dispute: now2, refund: await issueApprovedRefund(deps, admin, booking, now2) };
    }
    throw noneOpen(bookingId);
  }
  const dispute = written.refundDispute!;
  await recordAudit(deps, admin, {
    action: 'ADMIN_RESOLVE_REFUND_DISPUTE',
    aggregateType: 'Booking',
    aggregateId: bookingId,
    reason: input.resolution,
    details: { decision, amountCents: open.amountCents ?? 0, releasedCents: open.heldCents ?? 0, currency: booking.currency },
  });
  if (decision === 'DENIED') return { dispute };
  return { dispute, refund: await issueApprovedRefund(deps, admin, written, dispute) };
}
