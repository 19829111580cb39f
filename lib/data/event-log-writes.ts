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

/** Creates the log row on first receipt (status RECEIVED) and counts every delivery. */
export async function logEventReceived(deps: DataDeps, event: StripeEventHeader, now: Date): Promise<void> {
  const iso = now.toISOString();
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.tables.WebhookEventLog,
      Key: { id: event.id },
      ...buildExpression({
        set: { __typename: 'WebhookEventLog', eventType: event.type, stripeCreated: event.created, updatedAt: iso },
        // the month goes with receivedAt (both set once), so a row stays in the partition its sort key belongs to
        setIfAbsent: { receivedAt: iso, logMonth: iso.slice(0, 7), createdAt: iso, status: 'RECEIVED' satisfies WebhookEventStatus },
        add: { attempts: 1 },
      }),
    }),
  );
}

export type LoggedOutcome = { status: 'PROCESSED' } | { status: 'IGNORED'; reason: string } | { status: 'FAILED'; error: string };

/**
 * The outcome of processing a logged event: PROCESSED clears the last error, IGNORED keeps the reason the app could not
 * use it, FAILED records the error. Only an existing row, and (when given) only one whose status is in `onlyFrom`.
 */
export async function logEventOutcome(
  deps: DataDeps,
  eventId: string,
  outcome: LoggedOutcome,
  now: Date,
  onlyFrom?: readonly WebhookEventStatus[],
): Promise<void> {
  const iso = now.toISOString();
  const change =
    outcome.status === 'PROCESSED'
      ? { set: { status: outcome.status, processedAt: iso, updatedAt: iso }, remove: ['lastError', 'reason'] }
      : outcome.status === 'IGNORED'
        ? { set: { status: outcome.status, reason: outcome.reason, processedAt: iso, updatedAt: iso }, remove: ['lastError'] }
        : { set: { status: outcome.status, lastError: outcome.error, updatedAt: iso } };
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.tables.WebhookEventLog,
      Key: { id: eventId },
      ...buildExpression(change, [{ attr: 'id', present: true }, ...(onlyFrom ? [{ attr: 'status', in: onlyFrom }] : [])]),
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
