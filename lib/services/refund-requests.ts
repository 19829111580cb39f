/**
 * The refund use cases as the API offers them (refund-processor's PROCESS_REFUND and ADMIN_RESOLVE_REFUND_DISPUTE,
 * booking-processor's CANCEL_PAID_BOOKING): who the caller is to the booking decides the refund's mode, and an admin's
 * decision is an AdminActionTaken event (the audit log), written with the refund's record. The refund itself is
 * lib/services/refunds.ts's processRefund.
 */
import type { Identity } from '../auth/identity';
import { repo } from '../data/repository';
import { AppError } from '../http/errors';
import { actingAs, authorize, mayDo } from './access';
import { recordAudit } from './audit';
import { endPendingMove } from './reschedule-topup';
import type { Deps } from '../ports';
import type { ProcessRefundResult } from '../http/refund-processor';
import { processRefund, resolveRefundDispute } from './refunds';

interface RefundRequest {
  bookingId: string;
  refundAmount?: number | undefined;
  reason?: string | undefined;
  providerCompensation?: number | undefined;
  requestId?: string | undefined;
}

/**
 * PROCESS_REFUND. An admin refunds in full or an amount (a reason is required, and audited); the booking's customer
 * cancels with the policy's refund (no amount); a provider cancels with CANCEL_PAID_BOOKING instead.
 */
export async function requestRefund(deps: Deps, caller: Identity, input: RefundRequest): Promise<ProcessRefundResult> {
  const booking = await repo.booking(deps, input.bookingId);
  authorize(caller, 'booking', booking, 'view', { details: { bookingId: input.bookingId } });
  if (mayDo(caller, 'booking', booking, 'refund')) {
    if (!input.reason) throw new AppError('VALIDATION_FAILED', 'A reason is required', { field: 'reason' });
    return processRefund(deps, input.bookingId, {
      mode:
        input.refundAmount !== undefined
          ? {
              kind: 'AMOUNT',
              refundCents: input.refundAmount,
              ...(input.providerCompensation !== undefined ? { providerCompensationCents: input.providerCompensation } : {}),
            }
          : { kind: 'FULL' },
      reason: input.reason,
      requestedBy: caller.userId,
      requestId: input.requestId,
      adminAction: { adminId: caller.userId, action: 'PROCESS_REFUND' },
    });
  }
  if (input.refundAmount !== undefined || input.providerCompensation !== undefined) {
    throw new AppError('FORBIDDEN', 'Only an admin chooses a refund amount');
  }
  if (actingAs(caller, 'booking', booking, 'view') === 'CUSTOMER') {
    return processRefund(deps, input.bookingId, {
      mode: { kind: 'POLICY' },
      reason: input.reason ?? 'Cancelled by the customer',
      requestedBy: caller.userId,
      requestId: input.requestId,
      cancelActor: 'CUSTOMER',
    });
  }
  throw new AppError('FORBIDDEN', 'Providers cancel with CANCEL_PAID_BOOKING; refunds are for admins and the customer');
}

/**
 * CANCEL_PAID_BOOKING: a CONFIRMED booking cancelled after payment. Its customer gets the service's policy amount; its
 * provider's cancellation (or an admin's, audited) refunds everything. The refund and the status change are one refund
 * request (`cancel`) of processRefund, so a repeat cancels and refunds once. A booking paid (partly) with credits gets
 * the credit part of the refund back as credits, the rest on the card.
 */
export async function cancelPaidBooking(
  deps: Deps,
  caller: Identity,
  input: { bookingId: string; reason?: string | undefined },
): Promise<ProcessRefundResult> {
  const { bookingId, reason } = input;
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'cancelPaid', { details: { bookingId } });
  const actor = actingAs(caller, 'booking', booking, 'cancelPaid') as 'CUSTOMER' | 'PROVIDER' | 'ADMIN';
  // A move waiting for its top-up goes first (paid meanwhile, it completes and the refund covers it).
  if (booking.pendingMove) await endPendingMove(deps, booking, booking.pendingMove);
  return processRefund(deps, bookingId, {
    mode: actor === 'CUSTOMER' ? { kind: 'POLICY' } : { kind: 'FULL' },
    reason:
      reason ??
      (actor === 'CUSTOMER' ? 'Cancelled by the customer' : actor === 'PROVIDER' ? 'Cancelled by the provider' : 'Cancelled by an admin'),
    requestedBy: caller.userId,
    cancelActor: actor,
    ...(actor === 'ADMIN' ? { adminAction: { adminId: caller.userId, action: 'CANCEL_PAID_BOOKING' as const } } : {}),
  });
}

/**
 * ADMIN_RESOLVE_REFUND_DISPUTE: the admin's decision on a contested refund, audited once the case is resolved (the
 * case's write is its own conditional write in lib/data/refund-writes.ts, which takes no other items).
 */
export async function resolveRefundDisputeAudited(deps: Deps, admin: Identity, bookingId: string, resolution: string) {
  const dispute = await resolveRefundDispute(deps, admin, bookingId, resolution);
  await recordAudit(deps, admin, {
    action: 'ADMIN_RESOLVE_REFUND_DISPUTE',
    aggregateType: 'Booking',
    aggregateId: bookingId,
    reason: resolution,
  });
  return dispute;
}
