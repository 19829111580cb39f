/**
 * The search entries of listed services (ServiceSearch table): one per key a service is found by
 * (lib/domain/service-search.ts), written in the same transaction as the service's own write, so the search never
 * shows a service the listing no longer has. Read through the bySearchKey index, newest service first.
 */
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import {
  matchesFilters,
  normaliseCategory,
  offeredWeekdays,
  searchKeysOf,
  searchTokens,
  type SearchFacts,
  type SearchFilters,
} from '../domain/service-search';
import type { ServiceRecord } from './records';
import type { DataDeps, TableDeps, TxItem } from './transact';

export interface ServiceSearchEntry extends SearchFacts {
  /** `<searchKey>|<serviceId>` */
  id: string;
  searchKey: string;
  /** `<service createdAt>#<serviceId>`: newest first, and unique within a key. */
  rankKey: string;
  serviceId: string;
}

/** Where a page of a search stopped: the key being read (its position in the search's keys) and the last entry read. */
export interface SearchPosition {
  keyIndex: number;
  after?: Pick<ServiceSearchEntry, 'id' | 'searchKey' | 'rankKey'>;
}

const isListed = (s: ServiceRecord | undefined): s is ServiceRecord => !!s && s.isActive && s.listingStatus === 'LISTED';
const entryId = (key: string, serviceId: string) => `${key}|${serviceId}`;

function entriesOf(service: ServiceRecord): ServiceSearchEntry[] {
  const facts: SearchFacts = {
    tokens: searchTokens(service.title),
    category: normaliseCategory(service.category),
    priceCents: service.priceCents,
    weekdays: offeredWeekdays(service),
    blockedDates: service.blockedDates,
  };
  return searchKeysOf(service).map((searchKey) => ({
    id: entryId(searchKey, service.id),
    searchKey,
    rankKey: `${service.createdAt}#${service.id}`,
    serviceId: service.id,
    ...facts,
  }));
}

/**
 * The writes that bring a service's search entries from `before` to `after` (either may be unlisted or absent):
 * entries of keys it no longer has are deleted, the current ones put whole (their facts may have changed).
 */
export function searchEntrySync(deps: TableDeps, before: ServiceRecord | undefined, after: ServiceRecord | undefined): TxItem[] {
  const table = deps.tables.ServiceSearch;
  const next = isListed(after) ? entriesOf(after) : [];
  const kept = new Set(next.map((e) => e.id));
  const deletes = (isListed(before) ? entriesOf(before) : [])
    .filter((e) => !kept.has(e.id))
    .map((e): TxItem => ({ Delete: { TableName: table, Key: { id: e.id } } }));
  return [...deletes, ...next.map((e): TxItem => ({ Put: { TableName: table, Item: e } }))];
}

/** Entries read per query page: enough to fill a page when most entries pass the other filters. */
const READ_BATCH = 50;
/** A request reads at most this many query pages; a page with fewer matches then still carries a cursor. */
const MAX_READS = 8;

/**
 * Reads the keys in order from `start`, keeping the service ids whose entries pass the filters, until `limit` are
 * found. Returns where the next page starts (undefined when every key is read to its end).
 */
export async function searchServiceIds(
  deps: DataDeps,
  keys: string[],
  filters: SearchFilters,
  start: SearchPosition,
  limit: number,
): Promise<{ serviceIds: string[]; next?: SearchPosition }> {
  const found: string[] = [];
  let position: SearchPosition | undefined = start;
  for (let reads = 0; position && position.keyIndex < keys.length && found.length < limit && reads < MAX_READS; reads++) {
    const out: QueryCommandOutput = await deps.db.send(
      new QueryCommand({
        TableName: deps.tables.ServiceSearch,
        IndexName: 'bySearchKey',
        KeyConditionExpression: '#k = :k',
        ExpressionAttributeNames: { '#k': 'searchKey' },
        ExpressionAttributeValues: { ':k': keys[position.keyIndex] },
        ScanIndexForward: false,
        Limit: READ_BATCH,
        ...(position.after ? { ExclusiveStartKey: position.after } : {}),
      }),
    );
    const entries = (out.Items ?? []) as ServiceSearchEntry[];
    let last: ServiceSearchEntry | undefined;
    for (const entry of entries) {
      last = entry;
      if (matchesFilters(entry, filters)) found.push(entry.serviceId);
      if (found.length >= limit) break;
    }
    const stoppedEarly = last !== undefined && last !== entries[entries.length - 1];
    if (stoppedEarly || (out.LastEvaluatedKey && last)) {
      position = { keyIndex: position.keyIndex, after: { id: last!.id, searchKey: last!.searchKey, rankKey: last!.rankKey } };
    } else if (out.LastEvaluatedKey) {
      position = { keyIndex: position.keyIndex, after: out.LastEvaluatedKey as SearchPosition['after'] };
    } else {
      position = { keyIndex: position.keyIndex + 1 };
    }
  }
  return { serviceIds: found, next: position && position.keyIndex < keys.length ? position : undefined };
}

/**
 * A search with no filter at all: the public listing itself (its sparse index, newest first), a page at a time,
 * in the listing's own order. Returns the last service's index key for the next page.
 */
export async function listedServicesPage(
  deps: DataDeps,
  after: Record<string, string> | undefined,
  limit: number,
): Promise<{ services: ServiceRecord[]; next?: Record<string, string> }> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.tables.Service,
      IndexName: 'byListingStatus',
      KeyConditionExpression: '#k = :k',
      ExpressionAttributeNames: { '#k': 'listingStatus' },
      ExpressionAttributeValues: { ':k': 'LISTED' },
      ScanIndexForward: false,
      Limit: limit,
      ...(after ? { ExclusiveStartKey: after } : {}),
    }),
  );
  const services = (out.Items ?? []) as ServiceRecord[];
  const last = services[services.length - 1];
  return {
    services,
    ...(out.LastEvaluatedKey && last ? { next: { id: last.id, listingStatus: 'LISTED', createdAt: last.createdAt } } : {}),
  };
}
