/**
 * What the event consumers write: a receipt per consumer and event (ConsumedEvent, `<consumer>#<eventId>`), committed
 * in the same transaction as the consumer's effects, and the tally consumer's counts per day and event type
 * (EventTally, `<YYYY-MM-DD>#<type>`).
 */
import type { DomainEvent, DomainEventType } from '../domain/events';
import { newItemPut, updateInput } from './expressions';
import { modelFields } from './items';
import type { ModelItem } from './records';
import { getItem, queryIndex } from './repository';
import type { DataDeps, TableDeps, TxItem } from './transact';

export interface ConsumedEventRecord extends ModelItem {
  __typename: 'ConsumedEvent';
  consumer: string;
  eventId: string;
  eventType: DomainEventType;
}

export interface EventTallyRecord extends ModelItem {
  __typename: 'EventTally';
  /** `YYYY-MM-DD` (UTC) of the events' occurredAt: the byDay index's partition. */
  day: string;
  eventType: DomainEventType;
  count: number;
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

/** The UTC day an event counts on. */
export const tallyDay = (occurredAt: string) => occurredAt.slice(0, 10);

/**
 * One more event of a type on a day. An increment is not idempotent by itself: it is only ever committed with the
 * tally consumer's receipt for the event.
 */
export function tallyIncrementItem(deps: TableDeps, event: Pick<DomainEvent, 'type' | 'occurredAt'>, now: Date): TxItem {
  const day = tallyDay(event.occurredAt);
  const iso = now.toISOString();
  return {
    Update: updateInput(
      deps.tables.EventTally,
      { id: `${day}#${event.type}` },
      {
        set: { updatedAt: iso },
        setIfAbsent: { __typename: 'EventTally', day, eventType: event.type, createdAt: iso },
        add: { count: 1 },
      },
    ),
  };
}

export interface DayTally {
  eventType: DomainEventType;
  count: number;
}

/** How many events of each type happened on a day (`YYYY-MM-DD`, UTC), by type name. */
export async function tallyOfDay(deps: DataDeps, day: string): Promise<DayTally[]> {
  const rows = await queryIndex<EventTallyRecord>(deps, 'EventTally', { index: 'byDay', key: 'day', value: day });
  return rows.map((row) => ({ eventType: row.eventType, count: row.count }));
}
