/**
 * What the rollups' rebuild reads (whole tables, by scan: an offline command, never a request) and how it replaces
 * the stored rollups. Its own module, so the consumer function, which never rebuilds, touches none of these tables.
 */
import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntryType } from '../domain/ledger';
import type { RollupCounts } from '../domain/rollups';
import { rollupId, scopeMonth, type RollupRecord } from './rollups';
import { scanAll } from './scan-all';
import type { DataDeps } from './transact';

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
  serviceCategory?: string;
}

/** Every booking's provider, currency and category (what a line or an event of a booking is attributed to). */
export const allBookingOwners = (deps: DataDeps) =>
  scanAll<BookingOwner>(deps, { TableName: deps.tables.Booking, ProjectionExpression: 'id, providerId, currency, serviceCategory' });

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
  rows: readonly ({ scope: string; day: string; currency: string; category?: string } & RollupCounts)[],
  now: Date,
) {
  const old = await scanAll<{ id: string }>(deps, { TableName: deps.tables.Rollup, ProjectionExpression: 'id' });
  const iso = now.toISOString();
  const fresh = rows.map((row): RollupRecord => {
    const key = { scope: row.scope, day: row.day, currency: row.currency, shard: 0, category: row.category };
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
