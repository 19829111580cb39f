/**
 * The outbox: every change appends its DomainEvent row in the same transaction as the change (the writers in lib/data
 * build both), so an event exists exactly when its change committed. The event table has a stream; consumers read it
 * (lib/services/event-consumers.ts). Rows are never updated or deleted.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  ACTOR_ROLES,
  AGGREGATE_TYPES,
  DOMAIN_EVENT_TYPES,
  aggregateKey,
  type AggregateType,
  type DomainEvent,
  type DomainEventType,
  type NewDomainEvent,
} from '../domain/events';
import { newItemPut } from './expressions';
import { modelFields, type ModelItem } from './items';
import { queryIndex } from './repository';
import type { DataDeps, TableDeps, TxItem } from './transact';

export interface DomainEventRecord extends ModelItem {
  __typename: 'DomainEvent';
  type: DomainEventType;
  aggregateType: AggregateType;
  aggregateId: string;
  /** `<aggregateType>#<aggregateId>`: the byAggregate index's partition. */
  aggregateKey: string;
  /** `<occurredAt>#<counter>`: orders an aggregate's events (byAggregate) and a month's (byMonth). */
  sequence: string;
  /** `YYYY-MM` of occurredAt: the byMonth index's partition (time-bucketed, for the newest-first audit view). */
  month: string;
  actorRole: string;
  actorId?: string;
  payload: Record<string, unknown>;
  occurredAt: string;
}

let lastMillis = 0;
let counter = 0;
/**
 * A process-wide increasing counter: events built in one process sort in the order they were built, even when the
 * injected clock stands still (tests) or two changes share a millisecond. Across processes the clock orders them:
 * changes of one aggregate are serialized by their conditional writes, so the later one reads a later time.
 */
function nextOrdinal(): string {
  const millis = Date.now();
  if (millis > lastMillis) {
    lastMillis = millis;
    counter = 0;
  } else counter++;
  return `${lastMillis.toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}`;
}

export function domainEventRecord(event: NewDomainEvent, now: Date): DomainEventRecord {
  const ordinal = nextOrdinal();
  const occurredAt = now.toISOString();
  return {
    ...modelFields('DomainEvent', `ev_${ordinal}${randomBytes(4).toString('hex')}`, now),
    type: event.type,
    aggregateType: event.aggregateType,
    aggregateId: event.aggregateId,
    aggregateKey: aggregateKey(event.aggregateType, event.aggregateId),
    sequence: `${occurredAt}#${ordinal}`,
    month: occurredAt.slice(0, 7),
    actorRole: event.actor.role,
    ...(event.actor.id ? { actorId: event.actor.id } : {}),
    payload: withoutUndefined(event.payload),
    occurredAt,
  };
}

function withoutUndefined(payload: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
}

/** The event as one item of the change's transaction. */
export function eventItem(deps: TableDeps, event: NewDomainEvent, now: Date): TxItem {
  return { Put: newItemPut(deps.tables.DomainEvent, domainEventRecord(event, now)) };
}

/** A new record (written once: a retry is refused) and the event that says it was created, as items of one transaction. */
export function newRecordItems(deps: TableDeps, tableName: string, record: object, event: NewDomainEvent, now: Date): TxItem[] {
  return [{ Put: newItemPut(tableName, record) }, eventItem(deps, event, now)];
}

/** A stored row as the event consumers see it. */
export function toDomainEvent(record: DomainEventRecord): DomainEvent {
  return {
    id: record.id,
    type: record.type,
    aggregateType: record.aggregateType,
    aggregateId: record.aggregateId,
    actor: { role: record.actorRole as DomainEvent['actor']['role'], ...(record.actorId ? { id: record.actorId } : {}) },
    payload: record.payload,
    sequence: record.sequence,
    occurredAt: record.occurredAt,
  } as DomainEvent;
}

/** A stored DomainEvent row, checked before any consumer sees it (the stream's image and replay read the same rows). */
const storedEventSchema = z.object({
  id: z.string().min(1),
  type: z.enum(DOMAIN_EVENT_TYPES),
  aggregateType: z.enum(AGGREGATE_TYPES),
  aggregateId: z.string().min(1),
  sequence: z.string().min(1),
  actorRole: z.enum(ACTOR_ROLES),
  actorId: z.string().optional(),
  payload: z.record(z.string(), z.unknown()),
  occurredAt: z.iso.datetime(),
});

/** `type, occurredAt`: which fields were wrong (not the whole list of allowed values, which fills a log line). */
export const invalidFields = (error: z.ZodError) => error.issues.map((issue) => issue.path.join('.') || '(the record)').join(', ');

/** A stored row as an event, or which of its fields are invalid (a row no writer of ours made: never retried, skipped). */
export function readStoredEvent(row: unknown): { event: DomainEvent } | { invalid: string } {
  const stored = storedEventSchema.safeParse(row);
  if (!stored.success) return { invalid: invalidFields(stored.error) };
  return { event: toDomainEvent(row as DomainEventRecord) };
}

/** A month's events from `fromSequence` on, oldest first (replay walks months forward with it). */
export async function eventsOfMonth(deps: DataDeps, month: string, fromSequence?: string): Promise<DomainEventRecord[]> {
  return queryIndex<DomainEventRecord>(deps, 'DomainEvent', {
    index: 'byMonth',
    key: 'month',
    value: month,
    ...(fromSequence ? { sortKey: { name: 'sequence', from: fromSequence } } : {}),
  });
}
