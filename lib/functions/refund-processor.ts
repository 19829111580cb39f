/**
 * refund-processor: refunds (PROCESS_REFUND, CALCULATE_REFUND, GET_REFUND_STATUS, DISPUTE_REFUND as in
 * ../shared/specs/stripe-connect-marketplace.md) and the admin dashboard's API (ADMIN_* actions, ADMIN group only).
 * Thin: authorization from the verified caller, then lib/services.
 */
import { hasGroup } from '../auth/identity';
import { AppError } from '../http/errors';
import { refundRequests as req } from '../http/refund-contract';
import { adminActions } from './actions/admin';
import { recordAudit } from '../services/audit';
import {
  assertCanSee,
  calculateRefundFor,
  disputeRefund,
  getRefundStatus,
  loadBooking,
  processRefund,
  resolveRefundDispute,
} from '../services/refunds';
import { action, createActionHandler, requireCaller, type ActionDefinition } from './dispatch';
import type { FunctionRuntime } from './runtime';

export const refundActions = {
  CALCULATE_REFUND: action({ access: 'user', schema: req.CALCULATE_REFUND, run: (ctx, input) => calculateRefundFor(ctx.deps, requireCaller(ctx), input) }),
  PROCESS_REFUND: action({
    access: 'user',
    schema: req.PROCESS_REFUND,
    run: async (ctx, input) => {
      const caller = requireCaller(ctx);
      const booking = await loadBooking(ctx.deps, input.bookingId);
      const role = assertCanSee(caller, booking);
      if (role === 'ADMIN') {
        if (!input.reason) throw new AppError('VALIDATION_FAILED', 'A reason is required', { field: 'reason' });
        const result = await processRefund(ctx.deps, input.bookingId, {
          mode:
            input.refundAmount !== undefined
              ? { kind: 'AMOUNT', refundCents: input.refundAmount, ...(input.providerCompensation !== undefined ? { providerCompensationCents: input.providerCompensation } : {}) }
              : { kind: 'FULL' },
          reason: input.reason,
          requestedBy: caller.userId,
          requestId: input.requestId,
        });
        if (!result.replayed) {
          await recordAudit(ctx.deps, caller, {
            action: 'PROCESS_REFUND',
            targetType: 'Booking',
            targetId: input.bookingId,
            reason: input.reason,
            details: { refund: result.refund },
          });
        }
        return result;
      }
      if (role === 'CUSTOMER' && hasGroup(caller, 'ADMIN') === false) {
        if (input.refundAmount !== undefined || input.providerCompensation !== undefined) {
          throw new AppError('FORBIDDEN', 'Only an admin chooses a refund amount');
        }
        return processRefund(ctx.deps, input.bookingId, {
          mode: { kind: 'POLICY' },
          reason: input.reason ?? 'Cancelled by the customer',
          requestedBy: caller.userId,
          requestId: input.requestId,
          cancelActor: 'CUSTOMER',
        });
      }
      throw new AppError('FORBIDDEN', 'Providers cancel with CANCEL_PAID_BOOKING; refunds are for admins and the customer');
    },
  }),
  GET_REFUND_STATUS: action({
    access: 'user',
    schema: req.GET_REFUND_STATUS,
    run: (ctx, { bookingId }) => getRefundStatus(ctx.deps, requireCaller(ctx), bookingId),
  }),
  DISPUTE_REFUND: action({
    access: 'user',
    schema: req.DISPUTE_REFUND,
    run: async (ctx, { bookingId, reason }) => ({ dispute: await disputeRefund(ctx.deps, requireCaller(ctx), bookingId, reason) }),
  }),
  ADMIN_RESOLVE_REFUND_DISPUTE: action({
    access: 'ADMIN',
    schema: req.ADMIN_RESOLVE_REFUND_DISPUTE,
    run: async (ctx, { bookingId, resolution }) => {
      const caller = requireCaller(ctx);
      const dispute = await resolveRefundDispute(ctx.deps, caller, bookingId, resolution);
      await recordAudit(ctx.deps, caller, { action: 'ADMIN_RESOLVE_REFUND_DISPUTE', targetType: 'Booking', targetId: bookingId, reason: resolution });
      return { dispute };
    },
  }),
};

export const refundProcessorActions: Record<string, ActionDefinition> = { ...refundActions, ...adminActions };

export function createRefundProcessorHandler(runtime: FunctionRuntime) {
  return createActionHandler(runtime, refundProcessorActions);
}
