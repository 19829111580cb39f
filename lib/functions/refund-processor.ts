/**
 * refund-processor: refunds (PROCESS_REFUND, CALCULATE_REFUND, GET_REFUND_STATUS, DISPUTE_REFUND) and the admin
 * dashboard's API (ADMIN_* actions, ADMIN group only).
 * Thin: the verified caller and the validated input go to lib/services.
 */
import { refundRequests as req } from '../http/refund-processor';
import { adminActions } from './actions/admin';
import { requestRefund, resolveRefundDisputeAudited } from '../services/refund-requests';
import { decideRefundCase } from '../services/refund-case-decisions';
import { calculateRefundFor, disputeRefund, getRefundStatus } from '../services/refunds';
import { adminNotificationActions } from './actions/admin-notifications';
import { adminExportActions } from './actions/admin-exports';
import { action, createActionHandler, requireCaller, type ActionDefinition } from './dispatch';
import { countMetric, METRIC } from '../observability/metrics';
import type { FunctionRuntime } from './runtime';

const refundActions = {
  CALCULATE_REFUND: action({
    access: 'user',
    schema: req.CALCULATE_REFUND,
    run: (ctx, input) => calculateRefundFor(ctx.deps, requireCaller(ctx), input),
  }),
  PROCESS_REFUND: action({
    access: 'user',
    limit: 'payment',
    schema: req.PROCESS_REFUND,
    run: async (ctx, input) => {
      const result = await requestRefund(ctx.deps, requireCaller(ctx), input);
      // a repeat found the refund done: counting it again would double the day's refund volume
      if (!result.replayed) countMetric(METRIC.refundAmount, result.refund.refundCents);
      return result;
    },
  }),
  GET_REFUND_STATUS: action({
    access: 'user',
    schema: req.GET_REFUND_STATUS,
    run: (ctx, { bookingId }) => getRefundStatus(ctx.deps, requireCaller(ctx), bookingId),
  }),
  DISPUTE_REFUND: action({
    access: 'user',
    limit: 'payment',
    schema: req.DISPUTE_REFUND,
    run: async (ctx, { bookingId, reason, amountCents }) => ({
      dispute: await disputeRefund(ctx.deps, requireCaller(ctx), bookingId, { reason, amountCents }),
    }),
  }),
  ADMIN_RESOLVE_REFUND_DISPUTE: action({
    access: 'ADMIN',
    limit: 'payment',
    schema: req.ADMIN_RESOLVE_REFUND_DISPUTE,
    run: async (ctx, { bookingId, resolution, decision }) =>
      decision
        ? decideRefundCase(ctx.deps, requireCaller(ctx), bookingId, { decision, resolution })
        : { dispute: await resolveRefundDisputeAudited(ctx.deps, requireCaller(ctx), bookingId, resolution) },
  }),
};

export const refundProcessorActions: Record<string, ActionDefinition> = {
  ...refundActions,
  ...adminActions,
  ...adminNotificationActions,
  ...adminExportActions,
};

export function createRefundProcessorHandler(runtime: FunctionRuntime) {
  return createActionHandler(runtime, refundProcessorActions);
}
