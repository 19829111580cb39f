/**
 * The CreditPurchase writer: records are created once (in a status CREDIT_PURCHASE_CREATED_AS allows) and change
 * status only by a named transition of CREDIT_PURCHASE_MACHINE, whose starting statuses become the condition. Each
 * write carries its events (aggregate CreditPurchase, id = the purchase id) in the same transaction.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  CREDIT_PURCHASE_CREATED_AS,
  CREDIT_PURCHASE_MACHINE,
  type CreditPurchaseActor,
  type CreditPurchaseStatus,
  type CreditPurchaseTransitionName,
} from '../domain/credit-purchase-status';
import { CREDIT_PURCHASE_EVENT_OF, type EventActor, type NewDomainEvent } from '../domain/events';
import { newItemPut } from './expressions';
import { listKeysOfNew, statusListShard } from './list-keys';
import { eventItem } from './outbox';
import type { CreditPurchaseRecord } from './records';
import { planTransition } from '../domain/state-machine';
import { transitionItems, type TransitionWrite } from './status-writer';
import type { TxItem, TableDeps, DataDeps } from './transact';

type CreditPurchaseTransitionWrite = TransitionWrite<CreditPurchaseTransitionName, CreditPurchaseStatus, CreditPurchaseActor>;

export async function readPurchase(deps: DataDeps, id: string): Promise<CreditPurchaseRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.tables.CreditPurchase, Key: { id }, ConsistentRead: true }));
  return out.Item as CreditPurchaseRecord | undefined;
}

/**
 * A new purchase record, written only if none exists (a concurrent creation or settlement wins), with its
 * CreditPurchaseStarted event. A purchase first recorded already settled (its OPEN record was never written) also
 * gets the event of the transition its creation stands for (CreditPurchaseCompleted, CreditPurchaseExpired), so a
 * consumer of completions sees every one.
 */
export function newPurchaseItems(deps: TableDeps, record: CreditPurchaseRecord, actor: EventActor): TxItem[] {
  if (!(record.status in CREDIT_PURCHASE_CREATED_AS)) throw new Error(`a credit purchase is never created ${record.status}`);
  const createdBy = CREDIT_PURCHASE_CREATED_AS[record.status as keyof typeof CREDIT_PURCHASE_CREATED_AS];
  const now = new Date(record.updatedAt);
  const head = { aggregateType: 'CreditPurchase', aggregateId: record.id, actor } as const;
  const events: NewDomainEvent[] = [
    {
      ...head,
      type: 'CreditPurchaseStarted',
      payload: {
        purchaseId: record.id,
        userId: record.userId,
        credits: record.credits,
        amountCents: record.amountCents,
        currency: record.currency,
      },
    },
    ...(createdBy ? [{ ...head, type: CREDIT_PURCHASE_EVENT_OF[createdBy], payload: { transition: createdBy, to: record.status } }] : []),
  ];
  return [
    { Put: newItemPut(deps.tables.CreditPurchase, { ...record, ...listKeysOfNew(record) }) },
    ...events.map((event) => eventItem(deps, event, now)),
  ];
}

/** A named transition of an existing purchase, as transaction items: the update and its event. */
export function purchaseTransitionItems(deps: TableDeps, purchaseId: string, w: CreditPurchaseTransitionWrite): TxItem[] {
  // The admin list's status partition (lib/data/list-keys.ts) moves with the status, in the same update.
  const to = planTransition(CREDIT_PURCHASE_MACHINE, w.transition, w.actor, { from: w.from, to: w.to }).to;
  const keyed =
    to === undefined ? w : { ...w, change: { ...w.change, set: { ...w.change?.set, statusListShard: statusListShard(to, purchaseId) } } };
  return transitionItems(deps, CREDIT_PURCHASE_MACHINE, { tableName: deps.tables.CreditPurchase, key: { id: purchaseId } }, keyed, {
    type: CREDIT_PURCHASE_EVENT_OF[w.transition],
    aggregateType: 'CreditPurchase',
    aggregateId: purchaseId,
  });
}
