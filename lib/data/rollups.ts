/**
 * Rollups (the `rollups` consumer's aggregates): one item per scope, UTC day, currency and shard
 * (`<scope>#<day>#<currency>#<shard>`; scope `platform` or `provider:<userId>`), read by the GSI `byScopeMonth`
 * (`<scope>#<YYYY-MM>`, day): a window of N days reads O(N) items whatever the volume, and a month's writes of one
 * scope, not all, share a partition. Also what the rebuild reads (whole tables, by scan) and writes.
 */
import { BatchWriteCommand, ScanCommand, type BatchWriteCommandOutput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { monthsBetween, ROLLUP_FIELDS, addInto, emptyRollup, type RollupCounts } from '../domain/rollups';
import type { LedgerEntryType } from '../domain/ledger';
import { updateInput } from './expressions';
import type { ModelItem } from './items';
import { queryIndex } from './repository';
import type { DataDeps, TableDeps, TxItem } from './transact';

export const PLATFORM_SCOPE = 'platform';
export const providerScope = (providerId: string) => `provider:${providerId}`;

export interface RollupKey {
  scope: string;
  day: string;
  currency: string;
  shard: number;
}

interface RollupRecord extends ModelItem, Partial<RollupCounts> {
  __typename: 'Rollup';
  scope: string;
  scopeMonth: string;
  day: string;
  currency: string;
  shard: number;
}

/** One day's aggregates in one currency (shards summed). */
export type DayRollup = { day: string; currency: string } & RollupCounts;

const rollupId = (k: RollupKey) => `${k.scope}#${k.day}#${k.currency}#${k.shard}`;
const scopeMonth = (scope: string, day: string) => `${scope}#${day.slice(0, 7)}`;

/**
 * Adds `delta` to one rollup item. An increment is not idempotent by itself: it is only ever committed with the
 * rollups consumer's receipt for the event. Undefined when the delta adds nothing.
 */
export function rollupIncrementItem(deps: TableDeps, key: RollupKey, delta: Partial<RollupCounts>, now: Date): TxItem | undefined {
  const add: Record<string, number> = {};
  for (const field of ROLLUP_FIELDS) if (delta[field]) add[field] = delta[field];
  if (Object.keys(add).length === 0) return undefined;
  const iso = now.toISOString();
  return {
    Update: updateInput(
      deps.tables.Rollup,
      { id: rollupId(key) },
      {
        set: { updatedAt: iso },
        setIfAbsent: {
          __typename: 'Rollup',
          scope: key.scope,
          scopeMonth: scopeMonth(key.scope, key.day),
          day: key.day,
          currency: key.currency,
          shard: key.shard,
          createdAt: iso,
        },
        add,
      },
    ),
  };
}

/** Sums rows per day and currency, ordered by day then currency. */
function summed(rows: readonly RollupRecord[]): DayRollup[] {
  const byKey = new Map<string, DayRollup>();
  for (const row of rows) {
    const k = `${row.day}#${row.currency}`;
    const into = byKey.get(k) ?? { day: row.day, currency: row.currency, ...emptyRollup() };
    addInto(into, row);
    byKey.set(k, into);
  }
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
}

async function readScope(deps: DataDeps, scope: string, fromDay: string, toDay: string): Promise<DayRollup[]> {
  const months = monthsBetween(fromDay, toDay);
  const pages = await Promise.all(
    months.map((month) =>
      queryIndex<RollupRecord>(deps, 'Rollup', {
        index: 'byScopeMonth',
        key: 'scopeMonth',
        value: `${scope}#${month}`,
        sortKey: { name: 'day', from: fromDay, to: toDay },
      }),
    ),
  );
  return summed(pages.flat());
}

/** The platform's aggregates per day and currency, days `YYYY-MM-DD` inclusive (only days with something). */
export const readDailyRollups = (deps: DataDeps, fromDay: string, toDay: string) => readScope(deps, PLATFORM_SCOPE, fromDay, toDay);

/** One provider's aggregates per day and currency, days inclusive. */
export const readProviderRollups = (deps: DataDeps, providerId: string, fromDay: string, toDay: string) =>
  readScope(deps, providerScope(providerId), fromDay, toDay);

// ---- the rebuild --------------------------------------------------------------------------------

async function scanAll<T>(deps: DataDeps, input: ScanCommandInput): Promise<T[]> {
  const items: T[] = [];
  let startKey: ScanCommandInput['ExclusiveStartKey'];
  do {
    const out = await deps.db.send(new ScanCommand({ ...input, ConsistentRead: true, ExclusiveStartKey: startKey }));
    items.push(...((out.Items ?? []) as T[]));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export interface LineToRollUp {
  bookingId: string;
  providerId?: string;
  type: LedgerEntryType;
  amountCents: number;
  currency: string;
  createdAt: string;
}

/** Every ledger line (the rebuild's money). */
export const allLedgerLines = (deps: DataDeps) =>
  scanAll<LineToRollUp>(deps, {
    TableName: deps.tables.Transaction,
    ProjectionExpression: 'bookingId, providerId, #type, amountCents, currency, createdAt',
    ExpressionAttributeNames: { '#type': 'type' },
  });

export interface BookingOwner {
  id: string;
  providerId: string;
  currency: string;
}

/** Every booking's provider and currency (what a line or an event of a booking is attributed to). */
export const allBookingOwners = (deps: DataDeps) =>
  scanAll<BookingOwner>(deps, { TableName: deps.tables.Booking, ProjectionExpression: 'id, providerId, currency' });

export interface StoredEventToRollUp {
  id: string;
  type: string;
  aggregateId: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** Every stored event of the given types (the rebuild's counts: requests, payment outcomes, disputes). */
export function allEventsOfTypes(deps: DataDeps, types: readonly string[]): Promise<StoredEventToRollUp[]> {
  const values = Object.fromEntries(types.map((t, i) => [`:t${i}`, t]));
  return scanAll<StoredEventToRollUp>(deps, {
    TableName: deps.tables.DomainEvent,
    ProjectionExpression: 'id, #type, aggregateId, occurredAt, payload',
    FilterExpression: `#type IN (${Object.keys(values).join(', ')})`,
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: values,
  });
}

async function batchWrite(
  deps: DataDeps,
  requests: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string],
) {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: typeof requests | undefined = requests.slice(i, i + 25);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      const out: BatchWriteCommandOutput = await deps.db.send(new BatchWriteCommand({ RequestItems: { [deps.tables.Rollup]: pending } }));
      pending = out.UnprocessedItems?.[deps.tables.Rollup];
    }
  }
}

/**
 * Replaces every rollup item with `rows` (one shard each): the old items are deleted, the new ones put. Run while no
 * event is being consumed (an increment committed between the scan and the write would be lost).
 */
export async function replaceRollups(
  deps: DataDeps,
  rows: readonly ({ scope: string; day: string; currency: string } & RollupCounts)[],
  now: Date,
) {
  const old = await scanAll<{ id: string }>(deps, { TableName: deps.tables.Rollup, ProjectionExpression: 'id' });
  const iso = now.toISOString();
  const fresh = rows.map((row): RollupRecord => {
    const key = { scope: row.scope, day: row.day, currency: row.currency, shard: 0 };
    return {
      ...row,
      __typename: 'Rollup',
      id: rollupId(key),
      scopeMonth: scopeMonth(row.scope, row.day),
      shard: 0,
      createdAt: iso,
      updatedAt: iso,
    };
  });
  const freshIds = new Set(fresh.map((r) => r.id));
  await batchWrite(
    deps,
    old.filter((o) => !freshIds.has(o.id)).map((o) => ({ DeleteRequest: { Key: { id: o.id } } })),
  );
  await batchWrite(
    deps,
    fresh.map((item) => ({ PutRequest: { Item: item } })),
  );
}
