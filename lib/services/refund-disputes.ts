/**
 * DISPUTE_REFUND and its resolution: the booking's customer or provider contests a refund decision; an admin
 * resolves the case. The case is a small machine (lib/domain/refund-case.ts: OPEN_CASE, RESOLVE_CASE) written on the
 * booking by lib/data/refund-writes.ts; while it is open, refunds and the payout are held (payoutHold).
 */
import type { Identity } from '../auth/identity';
import { OPEN_DISPUTE_STATUSES } from '../domain/disputes';
import { planRefundCase, refundCaseStatus } from '../domain/refund-case';
import { TransitionRefused } from '../domain/state-machine';
import type { RefundDisputeCase } from '../data/records';
import { writeRefundCase } from '../data/refund-writes';
import { repo } from '../data/repository';
import { AppError } from '../http/errors';
import { actingAs, authorize } from './access';
import type { Deps } from '../ports';

const alreadyOpen = (bookingId: string, openedAt?: string) =>
  new AppError('CONFLICT', 'A refund dispute is already open for this booking', { bookingId, ...(openedAt ? { openedAt } : {}) });
const noneOpen = (bookingId: string) => new AppError('CONFLICT', 'No open refund dispute for this booking', { bookingId });

/** The customer or provider contests a refund decision: a case for an admin; refunds and the payout are held. */
export async function disputeRefund(deps: Deps, caller: Identity, bookingId: string, reason: string): Promise<RefundDisputeCase> {
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'contestRefund', {
    details: { bookingId },
    forbidden: "Only the booking's customer or provider can contest a refund decision",
  });
  const role = actingAs(caller, 'booking', booking, 'contestRefund') as 'CUSTOMER' | 'PROVIDER';
  const from = refundCaseStatus(booking.refundDispute);
  try {
    planRefundCase('OPEN_CASE', role, from);
  } catch (err) {
    if (err instanceof TransitionRefused) throw alreadyOpen(bookingId, booking.refundDispute?.openedAt);
    throw err;
  }
  const now = deps.clock.now();
  const opened = { openedBy: caller.userId, openedByRole: role, reason, openedAt: now.toISOString() };
  const written = await writeRefundCase(deps, bookingId, {
    transition: 'OPEN_CASE',
    actor: role,
    actorId: caller.userId,
    from,
    refundCase: opened,
    heldOtherwise: false,
    details: { reason },
    now,
  });
  if (!written) throw alreadyOpen(bookingId);
  return written.refundDispute!;
}

/** An admin closes the case: the hold on refunds and payout is lifted (an open chargeback keeps it). */
export async function resolveRefundDispute(deps: Deps, admin: Identity, bookingId: string, resolution: string): Promise<RefundDisputeCase> {
  const booking = await repo.booking(deps, bookingId);
  authorize(admin, 'booking', booking, 'resolveRefundDispute', { details: { bookingId } });
  const open = booking.refundDispute;
  if (open?.status !== 'OPEN') throw noneOpen(bookingId);
  const now = deps.clock.now();
  const { status: _open, ...opened } = open;
  const chargebackOpen = (OPEN_DISPUTE_STATUSES as readonly string[]).includes(booking.chargebackStatus ?? '');
  const written = await writeRefundCase(deps, bookingId, {
    transition: 'RESOLVE_CASE',
    actor: 'ADMIN',
    actorId: admin.userId,
    from: 'OPEN',
    refundCase: { ...opened, resolvedBy: admin.userId, resolvedAt: now.toISOString(), resolution },
    heldOtherwise: chargebackOpen,
    details: { resolution },
    now,
  });
  // Resolved (or re-opened) by someone else between the read and the write.
  if (!written) throw noneOpen(bookingId);
  return written.refundDispute!;
}
