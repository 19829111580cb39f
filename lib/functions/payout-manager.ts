import { logger } from '../observability/logger';
import { jsonResponse, toHttpResponse, type HttpResponse } from '../http/errors';
import { payoutRequests as req } from '../http/payout-manager';
import { instantPayout, schedulePayout } from '../services/payout-service';
import { calculateEarnings, payoutHistory, resolveProviderId, runScheduledWork, type ScheduledStep } from '../services/payouts';
import { getPayoutSchedule, setPayoutSchedule } from '../services/payout-settings';
import { action, createActionHandler, requireCaller } from './dispatch';
import type { FunctionRuntime } from './runtime';
import type { FunctionRequest } from './types';

/**
 * payout-manager: PROVIDER callers act on their own earnings; an
 * ADMIN may pass providerId. The daily EventBridge Scheduler invocation (no action, no token) runs the scheduled
 * work as SYSTEM.
 */
export const payoutManagerActions = {
  CALCULATE_EARNINGS: action({
    access: 'user',
    schema: req.CALCULATE_EARNINGS,
    run: async (ctx, input) =>
      calculateEarnings(ctx.deps, await resolveProviderId(ctx.deps, requireCaller(ctx), input.providerId), input.currency, input),
  }),
  SCHEDULE_PAYOUT: action({
    access: 'user',
    limit: 'payment',
    schema: req.SCHEDULE_PAYOUT,
    run: async (ctx, input) => {
      const providerId = await resolveProviderId(ctx.deps, requireCaller(ctx), input.providerId, 'payOut');
      return schedulePayout(ctx.deps, providerId, { runId: ctx.deps.ids.newId('run'), respectSchedule: false });
    },
  }),
  INSTANT_PAYOUT: action({
    access: 'user',
    limit: 'payment',
    schema: req.INSTANT_PAYOUT,
    run: async (ctx, input) =>
      instantPayout(ctx.deps, await resolveProviderId(ctx.deps, requireCaller(ctx), input.providerId, 'payOut'), input),
  }),
  GET_PAYOUT_HISTORY: action({
    access: 'user',
    schema: req.GET_PAYOUT_HISTORY,
    run: async (ctx, input) =>
      payoutHistory(ctx.deps, await resolveProviderId(ctx.deps, requireCaller(ctx), input.providerId), input.limit, input.cursor),
  }),
  GET_PAYOUT_SCHEDULE: action({
    access: 'PROVIDER',
    schema: req.GET_PAYOUT_SCHEDULE,
    run: (ctx, input) => getPayoutSchedule(ctx.deps, requireCaller(ctx), input.currency),
  }),
  SET_PAYOUT_SCHEDULE: action({
    access: 'PROVIDER',
    limit: 'payment',
    schema: req.SET_PAYOUT_SCHEDULE,
    run: (ctx, input) => setPayoutSchedule(ctx.deps, requireCaller(ctx), input.payoutSchedule, input.currency),
  }),
};

/** The EventBridge (Scheduler) "Scheduled Event": never produced by the web routes, which always send an action. */
interface ScheduledEvent {
  'detail-type': 'Scheduled Event';
  source: string;
  id?: string;
  time?: string;
  detail?: unknown;
}

const STEPS: readonly ScheduledStep[] = ['expiry', 'completion', 'payouts', 'escalation', 'notifications'];

/** A schedule may name its steps (`detail.steps`: the hourly notifications run); without them, every step runs. */
function scheduledSteps(event: ScheduledEvent): ScheduledStep[] | undefined {
  const steps = typeof event.detail === 'object' && event.detail !== null ? (event.detail as { steps?: unknown }).steps : undefined;
  if (!Array.isArray(steps)) return undefined;
  const known = steps.filter((s): s is ScheduledStep => STEPS.includes(s as ScheduledStep));
  return known.length > 0 ? known : undefined;
}

function isScheduledEvent(event: unknown): event is ScheduledEvent {
  if (typeof event !== 'object' || event === null || 'action' in event) return false;
  const e = event as Record<string, unknown>;
  return e['detail-type'] === 'Scheduled Event' && (e.source === 'aws.scheduler' || e.source === 'aws.events');
}

export function createPayoutManagerHandler(
  runtime: FunctionRuntime,
): (request: FunctionRequest | ScheduledEvent | unknown) => Promise<HttpResponse> {
  const actions = createActionHandler(runtime, payoutManagerActions);
  return async (request) => {
    if (!isScheduledEvent(request)) return actions(request);
    try {
      const deps = await runtime.deps();
      const steps = scheduledSteps(request);
      const summary = await runScheduledWork(deps, {
        runId: typeof request.id === 'string' && !request.id.startsWith('<') ? `run_${request.id}` : undefined,
        ...(steps ? { steps } : {}),
      });
      logger.info('scheduled payout run', { summary });
      return jsonResponse(200, summary);
    } catch (err) {
      // Failing loudly lets EventBridge Scheduler retry the run (every step is safe to repeat).
      const res = toHttpResponse(err);
      throw new Error(`scheduled run failed: ${res.body}`);
    }
  };
}
