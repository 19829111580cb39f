/**
 * The admins' log of Stripe's deliveries (WebhookEventLog, one row per event id): the dispatcher records each delivery
 * (received, then processed, ignored with its reason, or failed with its error); admins list it
 * (WebhookEventLog.byLogMonth or, by status, byStatusMonth: walking month by month) and reprocess a failed event. The log never decides a delivery's
 * outcome: failing to write it never fails the webhook.
 */
import { decodePageCursor, encodePageCursor } from './page-cursor';
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import { logEventOutcome, logEventReceived, logEventReprocessedBy, type LoggedOutcome } from '../data/event-log-writes';
import type { WebhookEventLogRecord, WebhookEventStatus } from '../data/records';
import { getItem, queryPage } from '../data/repository';
import { AppError } from '../http/errors';
import type { StripeEventHeader, WebhookResult } from '../http/stripe-webhook';
import type { Deps } from '../ports';
import { recordAudit } from './audit';
import { applyStripeEvent } from './webhooks';

/**
 * First call for every delivery, once its signature is verified: creates the row (RECEIVED) or counts one more attempt.
 * Returns the row's receivedAt for the outcome's update (undefined when the log could not be written).
 */
export async function recordWebhookReceived(deps: Deps, event: StripeEventHeader): Promise<string | undefined> {
  return logEventReceived(deps, event, deps.clock.now()).catch(() => undefined);
}

/**
 * What the dispatcher decided. A duplicate leaves the recorded outcome alone (an ignored event stays IGNORED, with its
 * reason); it only completes a row whose first delivery committed but was not logged (RECEIVED, or FAILED before).
 */
export async function recordWebhookResult(
  deps: Deps,
  eventId: string,
  receivedAt: string | undefined,
  result: WebhookResult,
): Promise<void> {
  const row = { eventId, receivedAt };
  if (result.outcome === 'duplicate') return log(deps, row, { status: 'PROCESSED' }, ['RECEIVED', 'FAILED']);
  if (result.outcome === 'ignored') return log(deps, row, { status: 'IGNORED', reason: (result.reason ?? 'Not usable.').slice(0, 500) });
  return log(deps, row, { status: 'PROCESSED' });
}

/** A failure of ours: the error is kept for the admins, and the caller answers 5xx so Stripe retries. */
export async function recordWebhookFailure(deps: Deps, eventId: string, receivedAt: string | undefined, error: unknown): Promise<void> {
  const message = String(error instanceof Error ? error.message : error).slice(0, 500);
  await log(deps, { eventId, receivedAt }, { status: 'FAILED', error: message });
}

async function log(
  deps: Deps,
  row: { eventId: string; receivedAt: string | undefined },
  outcome: LoggedOutcome,
  onlyFrom?: readonly WebhookEventStatus[],
): Promise<void> {
  try {
    // Only when the receipt's own write failed is the row read for its receivedAt (no row: nothing to update).
    const receivedAt = row.receivedAt ?? (await getItem<WebhookEventLogRecord>(deps, 'WebhookEventLog', row.eventId))?.receivedAt;
    if (receivedAt) await logEventOutcome(deps, row.eventId, receivedAt, outcome, deps.clock.now(), onlyFrom);
  } catch {
    // the log never decides a delivery's outcome
  }
}

/** Months in a row without any delivery after which the walk back through the log stops (it has begun). */
const EMPTY_MONTHS_TO_END = 12;
/** Oldest first, the walk starts this many months back (the log's older months are read newest first, or by status). */
const OLDEST_FIRST_MONTHS = 12;

/** The month (`YYYY-MM`) `by` months from one. */
function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function eventsPage(scope: string, events: WebhookEventLogRecord[], next: Record<string, unknown> | undefined) {
  const nextCursor = encodePageCursor(scope, next);
  return { events, ...(nextCursor ? { nextCursor } : {}) };
}

/**
 * The webhook event log a page at a time: newest (default) or oldest first, optionally one status. The log is read one
 * month's partition at a time, byLogMonth (`YYYY-MM`) or, for one status, byStatusMonth (`<status>#YYYY-MM`); the cursor
 * is the position inside a month, or the month to start the next page at.
 */
export async function adminListEvents(
  deps: Deps,
  q: { status?: WebhookEventStatus | undefined; limit: number; order?: 'newest' | 'oldest' | undefined; cursor?: string | undefined },
) {
  const newestFirst = q.order !== 'oldest';
  const scope = `events:${q.status ?? 'any'}:${newestFirst ? 'newest' : 'oldest'}`;
  const start = decodePageCursor(scope, q.cursor);
  const partition = q.status
    ? { index: 'byStatusMonth', key: 'statusMonth', of: (month: string) => `${q.status}#${month}` }
    : { index: 'byLogMonth', key: 'logMonth', of: (month: string) => month };
  const thisMonth = deps.clock.now().toISOString().slice(0, 7);
  const step = newestFirst ? -1 : 1;
  const resumeAt = start?.[partition.key] ?? start?.month;
  const startMonth = typeof resumeAt === 'string' ? resumeAt.slice(-7) : undefined;
  let month = startMonth ?? (newestFirst ? thisMonth : shiftMonth(thisMonth, -OLDEST_FIRST_MONTHS));
  let resume = start && typeof start.id === 'string' ? start : undefined;
  const found: WebhookEventLogRecord[] = [];
  for (let empty = 0; ;) {
    const query = { index: partition.index, key: partition.key, value: partition.of(month), newestFirst, limit: q.limit - found.length };
    const page = await queryPage<WebhookEventLogRecord>(deps, 'WebhookEventLog', query, resume);
    found.push(...page.items);
    if (page.nextCursor) return eventsPage(scope, found, page.nextCursor);
    empty = page.items.length === 0 ? empty + 1 : 0;
    const last = newestFirst ? empty >= EMPTY_MONTHS_TO_END : month >= thisMonth;
    if (last) return eventsPage(scope, found, undefined);
    month = shiftMonth(month, step);
    resume = undefined;
    if (found.length >= q.limit) return eventsPage(scope, found, { month });
  }
}

/** Re-fetches the event from Stripe and runs it through the one dispatcher (deduplicated as always). */
export async function adminReprocessEvent(deps: Deps, admin: Identity, eventId: string) {
  const log = await getItem<WebhookEventLogRecord>(deps, 'WebhookEventLog', eventId);
  if (!log) throw new AppError('NOT_FOUND', 'Event not in the log', { eventId });
  if (log.status !== 'FAILED') throw new AppError('CONFLICT', 'Only a failed event can be reprocessed', { eventId, status: log.status });
  let event: Stripe.Event;
  try {
    event = await deps.stripe.events.retrieve(eventId);
  } catch {
    throw new AppError('PAYMENT_PROVIDER_ERROR', 'Could not fetch the event from Stripe', { eventId });
  }
  try {
    const result = await applyStripeEvent(deps, event);
    await recordWebhookResult(deps, eventId, log.receivedAt, result);
    await logEventReprocessedBy(deps, eventId, admin.userId);
    // After the fact: the effects were the webhook handler's own transaction (none at all for a duplicate).
    await recordAudit(deps, admin, {
      action: 'ADMIN_REPROCESS_EVENT',
      aggregateType: 'StripeEvent',
      aggregateId: eventId,
      details: { eventType: event.type, outcome: result.outcome, ...(result.reason ? { ignoredReason: result.reason } : {}) },
    });
    return { eventId, outcome: result.outcome, ...(result.reason ? { reason: result.reason } : {}) };
  } catch (err) {
    await recordWebhookFailure(deps, eventId, log.receivedAt, err);
    throw new AppError('CONFLICT', 'Reprocessing failed again', { eventId, error: err instanceof Error ? err.message : String(err) });
  }
}
