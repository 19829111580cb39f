/**
 * The event consumers' receipts: one per consumer and event (ConsumedEvent, `<consumer>#<eventId>`), committed in the
 * same transaction as the consumer's effects.
 */
import type { DomainEvent, DomainEventType } from '../domain/events';
import { newItemPut } from './expressions';
import { modelFields, type ModelItem } from './items';
import { getItem } from './repository';
import type { DataDeps, TableDeps, TxItem } from './transact';

interface ConsumedEventRecord extends ModelItem {
  __typename: 'ConsumedEvent';
  consumer: string;
  eventId: string;
  eventType: DomainEventType;
}

/** The receipt's id: one per consumer and event. */
export const receiptId = (consumer: string, eventId: string) => `${consumer}#${eventId}`;

/** True when the consumer has already applied the event (its receipt exists). */
export async function hasReceipt(deps: DataDeps, consumer: string, eventId: string): Promise<boolean> {
  return (await getItem<ConsumedEventRecord>(deps, 'ConsumedEvent', receiptId(consumer, eventId))) !== undefined;
}

/**
 * The receipt as one item of the consumer's transaction: refused (ConditionalCheckFailed) when the consumer already
 * applied the event, which cancels the effects that came with it.
 */
export function receiptItem(deps: TableDeps, consumer: string, event: Pick<DomainEvent, 'id' | 'type'>, now: Date): TxItem {
  const item: ConsumedEventRecord = {
    ...modelFields('ConsumedEvent', receiptId(consumer, event.id), now),
    consumer,
    eventId: event.id,
    eventType: event.type,
  };
  return { Put: newItemPut(deps.tables.ConsumedEvent, item) };
}
