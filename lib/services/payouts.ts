/**
 * payout-manager's use cases: a provider's earnings, the payout history, and the scheduled run that ties the
 * lifecycle together. The other parts of payouts live in their own files:
 *   payout-transfers.ts  each completed booking's share to the connected account, once
 *   payout-service.ts    THE payout path to the bank (scheduled run, SCHEDULE_PAYOUT, INSTANT_PAYOUT, CREATE_PAYOUT)
 *   payout-records.ts    our Payout records following Stripe's payouts (PAYOUT_MACHINE)
 */
import type { Identity } from '../auth/identity';
import { hasGroup } from '../auth/identity';
import type { ActionOf } from '../domain/access-policy';
import { earnedShares, earningsByWeek, mainCurrency, summarizeEarnings, type EarningsBooking } from '../domain/earnings';
import { earningsByDay } from '../domain/metric-summary';
import { metricRange } from './metric-range';
import type { Currency } from '../domain/money';
import { INSTANT_PAYOUT_FEE_BPS, minimumPayoutCents } from '../domain/payout';
import { repo } from '../data/repository';
import type { CalculateEarningsResponse, PayoutHistoryResponse } from '../http/payout-manager';
import { AppError } from '../http/errors';
import { completeDueBookings, expireHolds, type CompletionSweepResult, type ExpirySweepResult } from './booking-lifecycle';
import { runScheduledNotifications, type ScheduledNotifications } from './notification-delivery';
import type { Deps } from '../ports';
import { recordToView } from './payout-records';
import { escalateOverdueRefundCases } from './refund-disputes';
import { connectedBalance, schedulePayout } from './payout-service';
import { authorizeProvider } from './provider-access';
import { retryPendingRescheduleRefunds } from './reschedule';
import { expirePendingMoves, type PendingMoveSweep } from './reschedule-topup';
import { scheduledReconciliation, type ReconciliationSummary } from './reconciliation';

/** Providers whose transfers were made this recently are checked for a balance to pay out. */
const RECENT_TRANSFER_DAYS = 30;

// ---- who -------------------------------------------------------------------------------------------

/**
 * The provider a payout-manager action is for. PROVIDER: their own (another providerId is 403); ADMIN: anyone's who
 * exists (the access policy's providerResource rules: a provider id nobody has is 404); the scheduled run (no caller)
 * names it.
 */
export async function resolveProviderId(
  deps: Deps,
  caller: Identity | undefined,
  providerId?: string,
  action: ActionOf<'providerResource'> = 'view',
): Promise<string> {
  if (!caller) {
    if (!providerId) throw new AppError('VALIDATION_FAILED', 'providerId is required');
    return providerId;
  }
  if (!hasGroup(caller, 'ADMIN') && !hasGroup(caller, 'PROVIDER')) throw new AppError('FORBIDDEN', 'This action needs the PROVIDER role');
  const target = providerId ?? caller.userId;
  // Acting for someone else is refused whether or not they exist; whom the caller may act for must exist (the
  // caller's own earnings exist before any profile does: a new provider sees zeros).
  authorizeProvider(caller, target, action, 'You can only see your own earnings and payouts');
  if (target !== caller.userId && !(await repo.userProfile(deps, target)))
    throw new AppError('NOT_FOUND', 'Provider not found', { providerId: target });
  return target;
}

// ---- CALCULATE_EARNINGS ----------------------------------------------------------------------------

export async function calculateEarnings(
  deps: Deps,
  providerId: string,
  currency?: Currency,
  range?: { from?: string | undefined; to?: string | undefined; days?: number | undefined },
): Promise<CalculateEarningsResponse> {
  // REFUNDED (after the payout) still counts: a provider compensated on a full refund keeps that part.
  const [confirmed, completed, paidOut, refunded, profile] = await Promise.all([
    repo.bookingsOfProviderInStatus(deps, providerId, 'CONFIRMED'),
    repo.bookingsOfProviderInStatus(deps, providerId, 'COMPLETED'),
    repo.bookingsOfProviderInStatus(deps, providerId, 'PAID_OUT'),
    repo.bookingsOfProviderInStatus(deps, providerId, 'REFUNDED'),
    repo.userProfile(deps, providerId),
  ]);
  const all = [...confirmed, ...completed, ...paidOut, ...refunded];
  const cur = currency ?? mainCurrency(all);
  const summary = summarizeEarnings(all, cur);
  const balance = profile?.stripeAccountId ? await connectedBalance(deps, profile.stripeAccountId, cur).catch(() => undefined) : undefined;
  return {
    providerId,
    totalEarningsCents: summary.totalEarningsCents,
    bookingCount: summary.bookingCount,
    eligibleBookings: summary.eligibleBookings,
    currency: cur,
    pendingCents: summary.pendingCents,
    ...(balance ? { availableCents: balance.availableCents, stripeBalance: balance } : {}),
    paidOutCents: summary.transferredCents,
    lifetimeCents: summary.lifetimeCents,
    minimumPayoutCents: minimumPayoutCents(cur),
    instantPayoutFeeBps: INSTANT_PAYOUT_FEE_BPS,
    payoutSchedule: profile?.payoutSchedule ?? 'DAILY',
    earningsByWeek: earningsByWeek(all, cur, deps.clock.now()),
    ...earningsInRange(deps, all, cur, range),
    outstandingDebtCents: profile?.providerDebtCents ?? 0,
  };
}

/** The chart's series: earnings per day of the range asked for (default the last 30 days), through the metrics service. */
function earningsInRange(
  deps: Deps,
  all: EarningsBooking[],
  cur: Currency,
  input: { from?: string | undefined; to?: string | undefined; days?: number | undefined } = {},
) {
  const range = metricRange(deps.clock.now(), { days: 30, ...input });
  return { earningsRange: range, earningsByDay: earningsByDay(range, earnedShares(all, cur)) };
}

// ---- GET_PAYOUT_HISTORY ----------------------------------------------------------------------------

export async function payoutHistory(deps: Deps, providerId: string, limit: number, cursor?: string): Promise<PayoutHistoryResponse> {
  let start: Record<string, unknown> | undefined;
  if (cursor) {
    try {
      start = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new AppError('VALIDATION_FAILED', 'Invalid cursor');
    }
    if (start?.providerId !== providerId) throw new AppError('VALIDATION_FAILED', 'Invalid cursor');
  }
  const page = await repo.payoutsOfProviderPage(deps, providerId, limit, start);
  return {
    payouts: page.items.map(recordToView),
    ...(page.nextCursor ? { nextCursor: Buffer.from(JSON.stringify(page.nextCursor)).toString('base64url') } : {}),
  };
}

// ---- the scheduled run -----------------------------------------------------------------------------

interface PayoutSweepResult {
  providers: number;
  transferred: number;
  transferredCents: number;
  transferFailures: number;
  payouts: number;
  payoutCents: number;
  errors: number;
}

/** Every provider with eligible bookings, or with transfers in the last 30 days (their funds may be available now). */
async function payoutSweep(deps: Deps, runId: string): Promise<PayoutSweepResult> {
  const since = new Date(deps.clock.now().getTime() - RECENT_TRANSFER_DAYS * 86_400_000).toISOString();
  const [completed, recent] = await Promise.all([
    repo.bookingsInStatusEndedBy(deps, 'COMPLETED'),
    repo.bookingsPaidOutEndedSince(deps, since, deps.clock.now()),
  ]);
  const providers = [...new Set([...completed, ...recent].map((b) => b.providerId))].sort();
  const result: PayoutSweepResult = {
    providers: providers.length,
    transferred: 0,
    transferredCents: 0,
    transferFailures: 0,
    payouts: 0,
    payoutCents: 0,
    errors: 0,
  };
  for (const providerId of providers) {
    try {
      const r = await schedulePayout(deps, providerId, { runId, respectSchedule: true });
      for (const t of r.transfers) {
        if (t.outcome === 'transferred') {
          result.transferred++;
          result.transferredCents += t.amountCents ?? 0;
        } else if (t.outcome === 'failed') result.transferFailures++;
      }
      result.payouts += r.payouts.length;
      result.payoutCents += r.payouts.reduce((s, p) => s + p.amountCents, 0);
    } catch (err) {
      result.errors++;
      console.error(
        JSON.stringify({ level: 'error', msg: 'payout-sweep', providerId, error: err instanceof Error ? err.message : String(err) }),
      );
    }
  }
  return result;
}

interface ScheduledRunSummary {
  runId: string;
  expiry: ExpirySweepResult;
  completion: CompletionSweepResult;
  payouts: PayoutSweepResult;
  escalation: { escalated: number; failed: number };
  reschedules: { pendingMoves: PendingMoveSweep; refunds: { refunded: number; failed: number } };
  notifications: ScheduledNotifications;
  reconciliation?: ReconciliationSummary;
}

export type ScheduledStep = 'expiry' | 'reschedules' | 'completion' | 'payouts' | 'escalation' | 'notifications' | 'reconcile';

/** The whole scheduled run: expire unpaid holds, complete ended bookings, transfer and pay out, escalate old refund cases. */
export async function runScheduledWork(
  deps: Deps,
  options: { runId?: string; progress?: (line: string) => void; steps?: readonly ScheduledStep[] } = {},
): Promise<ScheduledRunSummary> {
  const runId = options.runId ?? deps.ids.newId('run');
  const steps = options.steps ?? ['expiry', 'reschedules', 'completion', 'payouts', 'escalation', 'notifications', 'reconcile'];
  const say = options.progress ?? (() => undefined);
  const none = { expired: 0, confirmed: 0, cancelFailed: 0, failed: 0 };
  say('expiring unpaid holds…');
  const expiry = steps.includes('expiry') ? await expireHolds(deps) : none;
  say(`  expired ${expiry.expired}, confirmed (paid in time) ${expiry.confirmed}, failed ${expiry.failed}`);
  say('ending unpaid reschedule top-ups, retrying reschedule refunds…');
  const reschedules = steps.includes('reschedules')
    ? { pendingMoves: await expirePendingMoves(deps), refunds: await retryPendingRescheduleRefunds(deps) }
    : { pendingMoves: { dropped: 0, paid: 0, failed: 0 }, refunds: { refunded: 0, failed: 0 } };
  say(
    `  moves dropped ${reschedules.pendingMoves.dropped}, paid ${reschedules.pendingMoves.paid}, refunds retried ${reschedules.refunds.refunded}`,
  );
  say('completing bookings past their end…');
  const completion = steps.includes('completion') ? await completeDueBookings(deps) : { completed: 0, failed: 0 };
  say(`  completed ${completion.completed}, failed ${completion.failed}`);
  say('transferring earnings and paying out…');
  const payouts = steps.includes('payouts')
    ? await payoutSweep(deps, runId)
    : { providers: 0, transferred: 0, transferredCents: 0, transferFailures: 0, payouts: 0, payoutCents: 0, errors: 0 };
  say(
    `  providers ${payouts.providers}, transfers ${payouts.transferred} (${payouts.transferredCents} minor units), payouts ${payouts.payouts} (${payouts.payoutCents}), errors ${payouts.errors + payouts.transferFailures}`,
  );
  say('escalating refund disputes open too long…');
  const escalation = steps.includes('escalation') ? await escalateOverdueRefundCases(deps) : { escalated: 0, failed: 0 };
  say(`  escalated ${escalation.escalated}, failed ${escalation.failed}`);
  const notifications = steps.includes('notifications')
    ? await runScheduledNotifications(deps)
    : { reminders: 0, sent: 0, retry: 0, failed: 0, dead: 0 };
  say(
    `  reminders queued ${notifications.reminders}, messages sent ${notifications.sent}, to retry ${notifications.retry}, dead ${notifications.dead}`,
  );
  // Last, so it sees this run's transfers and payouts; it only reads Stripe and records what differs.
  const reconciliation = steps.includes('reconcile') ? await scheduledReconciliation(deps, runId) : undefined;
  if (reconciliation) say(`  reconciliation: ${reconciliation.found} mismatches, ${reconciliation.unchecked} unchecked`);
  return { runId, expiry, reschedules, completion, payouts, escalation, notifications, ...(reconciliation ? { reconciliation } : {}) };
}
