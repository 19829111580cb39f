/** The tally consumer's counts per day and event type (EventTally, `<YYYY-MM-DD>#<type>`), and their read. */
import type { DomainEvent, DomainEventType } from '../domain/events';
import { updateInput } from './expressions';
import type { ModelItem } from './items';
import { queryIndex } from './repository';
import type { DataDeps, TableDeps, TxItem } from './transact';

interface EventTallyRecord extends ModelItem {
  __typename: 'EventTally';
  /** `YYYY-MM-DD` (UTC) of the events' occurredAt: the byDay index's partition. */
  day: string;
  eventType: DomainEventType;
  count: number;
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

interface DayTally {
  eventType: DomainEventType;
  count: number;
}

/** How many events of each type happened on a day (`YYYY-MM-DD`, UTC), by type name. */
export async function tallyOfDay(deps: DataDeps, day: string): Promise<DayTally[]> {
  const rows = await queryIndex<EventTallyRecord>(deps, 'EventTally', { index: 'byDay', key: 'day', value: day });
  return rows.map((row) => ({ eventType: row.eventType, count: row.count }));
}
