/**
 * The Stripe event bookkeeping: the ProcessedEvent dedupe marker (committed in the same transaction as an event's
 * effects, so an event is applied exactly once) and the WebhookEventLog rows the admin dashboard lists.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { buildExpression, newItemPut } from './expressions';
import { modelFields } from './items';
import type { ProcessedEventRecord, WebhookEventStatus } from './records';
import type { TxItem, DataDeps, TableDeps } from './transact';

interface StripeEventHeader {
  id: string;
  type: string;
  created: number;
}

/** The dedupe marker of an event: refused (ConditionalCheckFailed) when the event was already processed. */
export function processedEventItem(deps: TableDeps, event: StripeEventHeader, now: Date): TxItem {
  const item: ProcessedEventRecord = {
    ...modelFields('ProcessedEvent', event.id, now),
    eventType: event.type,
    stripeCreated: event.created,
    processedAt: now.toISOString(),
  };
  return { Put: newItemPut(deps.tables.ProcessedEvent, item) };
}

/** `<status>#<YYYY-MM of receivedAt>`: the byStatusMonth index's partition (a status's rows, one month each). */
export const statusMonthOf = (status: WebhookEventStatus, receivedAt: string) => `${status}#${receivedAt.slice(0, 7)}`;

/**
 * Creates the log row on first receipt (status RECEIVED) and counts every delivery. Returns the row's receivedAt (the
 * first receipt's, from the update's own answer: no read), which the outcome update needs for the row's statusMonth.
 */
export async function logEventReceived(deps: DataDeps, event: StripeEventHeader, now: Date): Promise<string | undefined> {
  const iso = now.toISOString();
  const out = await deps.db.send(
    new UpdateCommand({
      TableName: deps.tables.WebhookEventLog,
      Key: { id: event.id },
      ...buildExpression({
        set: { __typename: 'WebhookEventLog', eventType: event.type, stripeCreated: event.created, updatedAt: iso },
        // the month goes with receivedAt (both set once), so a row stays in the partition its sort key belongs to
        setIfAbsent: {
          receivedAt: iso,
          logMonth: iso.slice(0, 7),
          createdAt: iso,
          status: 'RECEIVED' satisfies WebhookEventStatus,
          statusMonth: statusMonthOf('RECEIVED', iso),
        },
        add: { attempts: 1 },
      }),
      ReturnValues: 'ALL_NEW',
    }),
  );
  const receivedAt: unknown = out.Attributes?.receivedAt;
  return typeof receivedAt === 'string' ? receivedAt : undefined;
}

export type LoggedOutcome = { status: 'PROCESSED' } | { status: 'IGNORED'; reason: string } | { status: 'FAILED'; error: string };

/**
 * The outcome of processing a logged event: PROCESSED clears the last error, IGNORED keeps the reason the app could not
 * use it, FAILED records the error. Only an existing row received at `receivedAt` (the month of its statusMonth, which
 * moves with the status in this same update), and (when given) only one whose status is in `onlyFrom`.
 */
export async function logEventOutcome(
  deps: DataDeps,
  eventId: string,
  receivedAt: string,
  outcome: LoggedOutcome,
  now: Date,
  onlyFrom?: readonly WebhookEventStatus[],
): Promise<void> {
  const iso = now.toISOString();
  const status = { status: outcome.status, statusMonth: statusMonthOf(outcome.status, receivedAt), updatedAt: iso };
  const change =
    outcome.status === 'PROCESSED'
      ? { set: { ...status, processedAt: iso }, remove: ['lastError', 'reason'] }
      : outcome.status === 'IGNORED'
        ? { set: { ...status, reason: outcome.reason, processedAt: iso }, remove: ['lastError'] }
        : { set: { ...status, lastError: outcome.error } };
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.tables.WebhookEventLog,
      Key: { id: eventId },
      ...buildExpression(change, [
        { attr: 'id', present: true },
        // a row's month is its first receipt's: a caller with another receivedAt would file the row under a wrong month
        { attr: 'receivedAt', eq: receivedAt },
        ...(onlyFrom ? [{ attr: 'status', in: onlyFrom }] : []),
      ]),
    }),
  );
}

/** Stamps the admin who reprocessed a failed event. */
export async function logEventReprocessedBy(deps: DataDeps, eventId: string, adminId: string): Promise<void> {
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.tables.WebhookEventLog,
      Key: { id: eventId },
      ...buildExpression({ set: { reprocessedBy: adminId } }),
    }),
  );
}
