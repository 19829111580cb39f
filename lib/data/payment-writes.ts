/**
 * The Payment records (one per PaymentIntent): reads and the one write. A record is replaced whole, conditional on
 * the version read (updatedAt), or created only when new, so two writers never interleave.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { buildExpression, ONLY_NEW } from './expressions';
import type { PaymentRecord } from './records';
import { queryIndex } from './repository';
import type { TxItem, TableDeps, DataDeps } from './transact';


export async function getPayment(deps: DataDeps, id: string): Promise<PaymentRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.tables.Payment, Key: { id }, ConsistentRead: true }));
  return out.Item as PaymentRecord | undefined;
}

/** The record as a transaction item: replaces the version read (`readUpdatedAt`), or is created when there was none. */
export function paymentRecordItem(deps: TableDeps, record: PaymentRecord, readUpdatedAt: string | undefined): TxItem {
  const condition = readUpdatedAt === undefined ? ONLY_NEW : { attr: 'updatedAt', eq: readUpdatedAt };
  return { Put: { TableName: deps.tables.Payment, Item: record, ...buildExpression(undefined, [condition]) } };
}

/** A user's payments, newest first. */
export function paymentsOfUser(deps: DataDeps, userId: string, limit = 100): Promise<PaymentRecord[]> {
  return queryIndex<PaymentRecord>(deps, 'Payment', { index: 'byUser', key: 'userId', value: userId, newestFirst: true, limit });
}
