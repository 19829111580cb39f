/**
 * What the reconciliation reads (whole tables, by scan: a daily job over every booking, ledger line, payout account
 * and credit balance) and the mismatches it keeps (ReconciliationMismatch, id = the mismatch's deterministic key).
 */
import { QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Mismatch } from '../domain/reconciliation';
import { updateInput } from './expressions';
import { scanAll } from './scan-all';
import type { DataDeps } from './transact';

export interface BookingToReconcile {
  id: string;
  currency: string;
  paymentIntentId?: string;
  chargeId?: string;
}

export interface LedgerLineToReconcile {
  id: string;
  bookingId: string;
  type: string;
  amountCents: number;
  currency: string;
  stripeObjectId?: string;
}

export interface ProviderAccountToReconcile {
  id: string;
  stripeAccountId: string;
}

export interface CreditAccountToReconcile {
  id: string;
  creditBalance?: number;
}

export interface CreditLineToReconcile {
  id: string;
  userId: string;
  credits: number;
}

export async function reconciliationInputs(deps: DataDeps) {
  const [bookings, lines, providers, customers, creditLines] = await Promise.all([
    scanAll<BookingToReconcile>(deps, {
      TableName: deps.tables.Booking,
      ProjectionExpression: 'id, currency, paymentIntentId, chargeId',
    }),
    scanAll<LedgerLineToReconcile>(deps, {
      TableName: deps.tables.Transaction,
      ProjectionExpression: 'id, bookingId, #t, amountCents, currency, stripeObjectId',
      ExpressionAttributeNames: { '#t': 'type' },
    }),
    scanAll<ProviderAccountToReconcile>(deps, {
      TableName: deps.tables.UserProfile,
      ProjectionExpression: 'id, stripeAccountId',
      FilterExpression: 'attribute_exists(stripeAccountId)',
    }),
    scanAll<CreditAccountToReconcile>(deps, { TableName: deps.tables.Customer, ProjectionExpression: 'id, creditBalance' }),
    scanAll<CreditLineToReconcile>(deps, { TableName: deps.tables.CreditTransaction, ProjectionExpression: 'id, userId, credits' }),
  ]);
  return { bookings, lines, providers, customers, creditLines };
}

export type MismatchStatus = 'OPEN' | 'RESOLVED';

export interface MismatchRecord {
  id: string;
  __typename: 'ReconciliationMismatch';
  category: Mismatch['category'];
  kind: Mismatch['kind'];
  account: string;
  stripeObjectId?: string;
  ledgerLineIds: string[];
  ledgerAmountMinor?: number;
  ledgerCurrency?: string;
  actualAmountMinor?: number;
  actualCurrency?: string;
  status: MismatchStatus;
  firstSeenAt: string;
  lastSeenAt: string;
  lastRunId: string;
  resolvedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** Writes a found mismatch under its key: a new one, or the same one seen again (re-opened if it had been resolved). */
export async function saveMismatch(deps: DataDeps, m: Mismatch, runId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  const amounts = {
    ...(m.ledger ? { ledgerAmountMinor: m.ledger.amountMinor, ledgerCurrency: m.ledger.currency } : {}),
    ...(m.actual ? { actualAmountMinor: m.actual.amountMinor, actualCurrency: m.actual.currency } : {}),
  };
  const absent = [
    ...(m.ledger ? [] : ['ledgerAmountMinor', 'ledgerCurrency']),
    ...(m.actual ? [] : ['actualAmountMinor', 'actualCurrency']),
    ...(m.stripeObjectId ? [] : ['stripeObjectId']),
    'resolvedAt',
  ];
  await deps.db.send(
    new UpdateCommand(
      updateInput(
        deps.tables.ReconciliationMismatch,
        { id: m.key },
        {
          set: {
            __typename: 'ReconciliationMismatch',
            category: m.category,
            kind: m.kind,
            account: m.account,
            ...(m.stripeObjectId ? { stripeObjectId: m.stripeObjectId } : {}),
            ledgerLineIds: m.ledgerLineIds,
            ...amounts,
            status: 'OPEN',
            lastSeenAt: at,
            lastRunId: runId,
            updatedAt: at,
          },
          setIfAbsent: { firstSeenAt: at, createdAt: at },
          remove: absent,
        },
      ),
    ),
  );
}

/** Marks an open mismatch resolved (only if still open: a concurrent run that saw it again wins). */
export async function resolveMismatch(deps: DataDeps, key: string, runId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  try {
    await deps.db.send(
      new UpdateCommand(
        updateInput(
          deps.tables.ReconciliationMismatch,
          { id: key },
          { set: { status: 'RESOLVED', resolvedAt: at, lastRunId: runId, updatedAt: at } },
          [{ attr: 'status', eq: 'OPEN' }],
        ),
      ),
    );
  } catch (err) {
    if (!(err instanceof Error && err.name === 'ConditionalCheckFailedException')) throw err;
  }
}

/** Mismatches of one status, most recently seen first (all pages up to `limit`). */
export async function mismatchesByStatus(deps: DataDeps, status: MismatchStatus, limit = 1000): Promise<MismatchRecord[]> {
  const items: MismatchRecord[] = [];
  let startKey: QueryCommandInput['ExclusiveStartKey'];
  do {
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.tables.ReconciliationMismatch,
        IndexName: 'byStatus',
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status },
        ScanIndexForward: false,
        Limit: Math.min(100, limit - items.length),
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((out.Items ?? []) as MismatchRecord[]));
    startKey = out.LastEvaluatedKey;
  } while (startKey && items.length < limit);
  return items;
}

/** One page of the mismatches of one status by lastSeenAt (newest or oldest first): one query of `byStatus`. */
export async function mismatchesPage(
  deps: DataDeps,
  q: { status: MismatchStatus; newestFirst: boolean; limit: number },
  cursor?: Record<string, unknown>,
): Promise<{ items: MismatchRecord[]; nextCursor?: Record<string, unknown> }> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.tables.ReconciliationMismatch,
      IndexName: 'byStatus',
      KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': q.status },
      ScanIndexForward: !q.newestFirst,
      Limit: q.limit,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  return { items: (out.Items ?? []) as MismatchRecord[], ...(out.LastEvaluatedKey ? { nextCursor: out.LastEvaluatedKey } : {}) };
}

/** Every open mismatch, read consistently (the run decides what it resolved from these, not from a lagging index). */
export async function openMismatches(deps: DataDeps): Promise<MismatchRecord[]> {
  return scanAll<MismatchRecord>(deps, {
    TableName: deps.tables.ReconciliationMismatch,
    FilterExpression: '#s = :s',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':s': 'OPEN' },
  });
}
