/**
 * The notifier's outbox (Notification: one row per message, id = its idempotency key) and the preferences it reads.
 * A row is written once (new-item put, in the notifier consumer's transaction or the reminder run's), claimed by a
 * conditional update before each send, then marked SENT, due again later, FAILED (refused for good) or DEAD.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationKind, NotificationStatus, RecipientRole } from '../domain/notifications';
import { newItemPut, updateInput, type Condition } from './expressions';
import { isConditionalCheckFailed, modelFields, type ModelItem } from './items';
import { getItem, queryIndex } from './repository';
import type { DataDeps, TableDeps, TxItem } from './transact';

/** A template's inputs: flat scalars, rendered at send time (a missing one fails the message, not the money flow). */
export type NotificationFields = Record<string, string | number | boolean>;

export interface NotificationRecord extends ModelItem {
  __typename: 'Notification';
  kind: NotificationKind;
  recipientRole: RecipientRole;
  recipientEmail: string;
  recipientUserId?: string;
  /** What the message is about (`booking:<id>`, `payout:<id>`, ...): the admin page's grouping. */
  subjectKey: string;
  status: NotificationStatus;
  /** 'DUE' while PENDING or SENDING (sparse index byDelivery); removed once SENT, FAILED or DEAD. */
  deliveryState?: 'DUE';
  nextAttemptAt?: string;
  attempts: number;
  fields: NotificationFields;
  eventId?: string;
  messageId?: string;
  lastError?: string;
  sentAt?: string;
}

export type NewNotification = Pick<
  NotificationRecord,
  'kind' | 'recipientRole' | 'recipientEmail' | 'recipientUserId' | 'subjectKey' | 'fields' | 'eventId'
> & { id: string };

export function notificationRecord(n: NewNotification, now: Date): NotificationRecord {
  const { id, ...rest } = n;
  return {
    ...modelFields('Notification', id, now),
    ...rest,
    status: 'PENDING',
    deliveryState: 'DUE',
    nextAttemptAt: now.toISOString(),
    attempts: 0,
  };
}

/** The row as an item of a transaction: refused when a message with this key exists. */
export const notificationPutItem = (deps: TableDeps, n: NewNotification, now: Date): TxItem => ({
  Put: newItemPut(deps.tables.Notification, notificationRecord(n, now)),
});

/** Writes the row on its own; false when a message with this key exists already (sent once, never twice). */
export async function putNotificationOnce(deps: DataDeps, n: NewNotification, now: Date): Promise<boolean> {
  try {
    await deps.db.send(new PutCommand(newItemPut(deps.tables.Notification, notificationRecord(n, now))));
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

export const notification = (deps: DataDeps, id: string) => getItem<NotificationRecord>(deps, 'Notification', id);

/**
 * Claims a due row for one send: PENDING and due, or SENDING with a lapsed lease (its sender died). Undefined when
 * another sender holds it or it is done: two senders never send one message at once.
 */
export async function claimForSend(deps: DataDeps, id: string, now: Date, leaseMs: number): Promise<NotificationRecord | undefined> {
  const iso = now.toISOString();
  const conditions: Condition[] = [
    {
      or: [
        {
          and: [
            { attr: 'status', eq: 'PENDING' },
            { attr: 'nextAttemptAt', lte: iso },
          ],
        },
        {
          and: [
            { attr: 'status', eq: 'SENDING' },
            { attr: 'nextAttemptAt', lte: iso },
          ],
        },
      ],
    },
  ];
  const lease = new Date(now.getTime() + leaseMs).toISOString();
  try {
    const out = await deps.db.send(
      new UpdateCommand({
        ...updateInput(
          deps.tables.Notification,
          { id },
          { set: { status: 'SENDING', nextAttemptAt: lease, updatedAt: iso }, add: { attempts: 1 } },
          conditions,
        ),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes as NotificationRecord;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return undefined;
    throw err;
  }
}

type SendOutcome =
  | { status: 'SENT'; messageId: string }
  | { status: 'PENDING'; nextAttemptAt: string; error: string }
  | { status: 'FAILED' | 'DEAD'; error: string };

/** Records how a claimed send ended (only while this claim still holds the row). */
export async function recordSendOutcome(deps: DataDeps, id: string, attempts: number, outcome: SendOutcome, now: Date): Promise<void> {
  const iso = now.toISOString();
  const change =
    outcome.status === 'SENT'
      ? {
          set: { status: 'SENT', messageId: outcome.messageId, sentAt: iso, updatedAt: iso },
          remove: ['deliveryState', 'nextAttemptAt', 'lastError'],
        }
      : outcome.status === 'PENDING'
        ? { set: { status: 'PENDING', nextAttemptAt: outcome.nextAttemptAt, lastError: outcome.error, updatedAt: iso } }
        : { set: { status: outcome.status, lastError: outcome.error, updatedAt: iso }, remove: ['deliveryState', 'nextAttemptAt'] };
  try {
    await deps.db.send(
      new UpdateCommand(
        updateInput(deps.tables.Notification, { id }, change, [
          { attr: 'status', eq: 'SENDING' },
          { attr: 'attempts', eq: attempts },
        ]),
      ),
    );
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err; // another sender took the lease over: its outcome stands
  }
}

/** An admin's resend of a FAILED or DEAD row: due now with a fresh attempt count; a SENT or due row is left alone. */
export async function requeueNotification(deps: DataDeps, id: string, now: Date): Promise<boolean> {
  const iso = now.toISOString();
  try {
    await deps.db.send(
      new UpdateCommand(
        updateInput(
          deps.tables.Notification,
          { id },
          { set: { status: 'PENDING', deliveryState: 'DUE', nextAttemptAt: iso, attempts: 0, updatedAt: iso } },
          [{ attr: 'status', in: ['FAILED', 'DEAD'] }],
        ),
      ),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

/** Rows due by `at` (PENDING, or SENDING with a lapsed lease), oldest first. */
export const dueNotifications = (deps: DataDeps, at: string, limit = 100) =>
  queryIndex<NotificationRecord>(deps, 'Notification', {
    index: 'byDelivery',
    key: 'deliveryState',
    value: 'DUE',
    sortKey: { name: 'nextAttemptAt', to: at },
    limit,
  });

/** One subject's messages (`booking:<id>`), oldest first. */
export const notificationsOfSubject = (deps: DataDeps, subjectKey: string) =>
  queryIndex<NotificationRecord>(deps, 'Notification', { index: 'bySubject', key: 'subjectKey', value: subjectKey });

/** Messages in one status, newest first. */
export const notificationsInStatus = (deps: DataDeps, status: NotificationStatus, limit = 50) =>
  queryIndex<NotificationRecord>(deps, 'Notification', { index: 'byStatus', key: 'status', value: status, newestFirst: true, limit });
