/**
 * The CreditPurchase writer: records are created once (in a status CREDIT_PURCHASE_CREATED_AS allows) and change
 * status only by a named transition of CREDIT_PURCHASE_MACHINE, whose starting statuses become the condition.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  CREDIT_PURCHASE_CREATED_AS,
  CREDIT_PURCHASE_MACHINE,
  type CreditPurchaseActor,
  type CreditPurchaseStatus,
  type CreditPurchaseTransitionName,
} from '../domain/credit-purchase-status';
import { newItemPut } from './expressions';
import type { CreditPurchaseRecord } from './records';
import { asTxUpdate, transitionUpdate, type TransitionWrite } from './status-writer';
import type { TxItem, TableDeps, DataDeps } from './transact';

export type CreditPurchaseTransitionWrite = TransitionWrite<CreditPurchaseTransitionName, CreditPurchaseStatus, CreditPurchaseActor>;

export async function readPurchase(deps: DataDeps, id: string): Promise<CreditPurchaseRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.tables.CreditPurchase, Key: { id }, ConsistentRead: true }));
  return out.Item as CreditPurchaseRecord | undefined;
}

/** A new purchase record, written only if none exists (a concurrent creation or settlement wins). */
export function newPurchaseItem(deps: TableDeps, record: CreditPurchaseRecord): TxItem {
  if (!(record.status in CREDIT_PURCHASE_CREATED_AS)) throw new Error(`a credit purchase is never created ${record.status}`);
  return { Put: newItemPut(deps.tables.CreditPurchase, record) };
}

/** A named transition of an existing purchase, as a transaction item. */
export function purchaseTransitionItem(deps: TableDeps, purchaseId: string, w: CreditPurchaseTransitionWrite): TxItem {
  return asTxUpdate(transitionUpdate(CREDIT_PURCHASE_MACHINE, { tableName: deps.tables.CreditPurchase, key: { id: purchaseId } }, w));
}
