/**
 * The events newest first, a page at a time (the audit view): one aggregate's history (GSI byAggregate), or
 * everything, walking the byMonth index's monthly partitions backwards. A page continues after the key of the last
 * event it returned, so a page is exactly `limit` events however the filter thins DynamoDB's pages.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { aggregateKey, type ActorRole, type AggregateType, type DomainEventType } from '../domain/events';
import type { DomainEventRecord } from './outbox';
import type { DataDeps } from './transact';

export interface EventFilter {
  type?: DomainEventType | undefined;
  actorRole?: ActorRole | undefined;
}

/** Where a page ended: the last event's index keys (its sequence and id). */
interface EventKey {
  sequence: string;
  id: string;
}

interface EventPage {
  events: DomainEventRecord[];
  /** The last event returned, when older ones match too. */
  next?: EventKey;
}

/** Events read per query when a filter applies (DynamoDB filters after reading, so small reads would mostly miss). */
const FILTERED_READ = 100;

/** What one request may still read: queries, and months of the walk over everything. */
interface ReadBudget {
  queries: number;
  months: number;
}

/** One partition of an index, newest first, after `after`: at most `limit` matching events. */
async function newestFirst(
  deps: DataDeps,
  index: 'byAggregate' | 'byMonth',
  partition: { name: 'aggregateKey' | 'month'; value: string },
  opts: { limit: number; after?: EventKey | undefined; filter?: EventFilter | undefined; budget?: ReadBudget | undefined },
): Promise<EventPage & { partitionHasEvents: boolean; stoppedAt?: EventKey }> {
  const names: Record<string, string> = { '#pk': partition.name };
  const values: Record<string, unknown> = { ':pk': partition.value };
  const filters: string[] = [];
  if (opts.filter?.type) {
    names['#type'] = 'type';
    values[':type'] = opts.filter.type;
    filters.push('#type = :type');
  }
  if (opts.filter?.actorRole) {
    names['#role'] = 'actorRole';
    values[':role'] = opts.filter.actorRole;
    filters.push('#role = :role');
  }
  const found: DomainEventRecord[] = [];
  let partitionHasEvents = Boolean(opts.after);
  let startKey: Record<string, unknown> | undefined = opts.after
    ? { id: opts.after.id, sequence: opts.after.sequence, [partition.name]: partition.value }
    : undefined;
  // One more than asked: whether it exists says whether there is a next page.
  while (found.length <= opts.limit) {
    if (opts.budget && opts.budget.queries <= 0 && startKey) {
      // Out of reads for this request: the page ends short, and the next one reads on from where this one stopped.
      const events = found.slice(0, opts.limit);
      return { events, partitionHasEvents, stoppedAt: { sequence: String(startKey.sequence), id: String(startKey.id) } };
    }
    if (opts.budget) opts.budget.queries -= 1;
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.tables.DomainEvent,
        IndexName: index,
        KeyConditionExpression: '#pk = :pk',
        ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: filters.length ? FILTERED_READ : opts.limit + 1 - found.length,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    if ((out.ScannedCount ?? 0) > 0) partitionHasEvents = true;
    found.push(...((out.Items ?? []) as DomainEventRecord[]));
    startKey = out.LastEvaluatedKey;
    if (!startKey) break;
  }
  const events = found.slice(0, opts.limit);
  const last = events.at(-1);
  return { events, partitionHasEvents, ...(found.length > opts.limit && last ? { next: { sequence: last.sequence, id: last.id } } : {}) };
}

/** One aggregate's events, newest first. */
export async function aggregateEventsNewestFirst(
  deps: DataDeps,
  aggregate: { type: AggregateType; id: string },
  opts: { limit: number; after?: EventKey | undefined; filter?: EventFilter | undefined },
): Promise<EventPage> {
  const { partitionHasEvents: _, ...page } = await newestFirst(
    deps,
    'byAggregate',
    { name: 'aggregateKey', value: aggregateKey(aggregate.type, aggregate.id) },
    opts,
  );
  return page;
}

/** `YYYY-MM` of an instant (the byMonth partition it is in). */
export const monthOf = (at: Date): string => at.toISOString().slice(0, 7);

export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** Where the walk through the months continues: a month, within it the key of the last event read, and how many empty months came just before. */
interface MonthCursor {
  month: string;
  after?: EventKey;
  emptyMonths?: number;
}

/**
 * Every aggregate's events newest first from `from`, month by month backwards. The walk ends after
 * `emptyMonthsToEnd` months in a row without any event (the log has a beginning, but no record of where it is). One
 * request reads at most `maxMonths` months and `maxQueries` queries: a sparse filter may give a short (even empty) page
 * with a cursor to read on.
 */
export async function recentEventsNewestFirst(
  deps: DataDeps,
  from: MonthCursor,
  opts: { limit: number; filter?: EventFilter | undefined; emptyMonthsToEnd: number; maxMonths: number; maxQueries: number },
): Promise<{ events: DomainEventRecord[]; next?: MonthCursor }> {
  const events: DomainEventRecord[] = [];
  const budget: ReadBudget = { queries: opts.maxQueries, months: opts.maxMonths };
  let month = from.month;
  let after = from.after;
  let emptyMonths = from.emptyMonths ?? 0;
  for (;;) {
    budget.months -= 1;
    const page = await newestFirst(
      deps,
      'byMonth',
      { name: 'month', value: month },
      { limit: opts.limit - events.length, after, filter: opts.filter, budget },
    );
    events.push(...page.events);
    if (page.next) return { events, next: { month, after: page.next } };
    if (page.stoppedAt) return { events, next: { month, after: page.stoppedAt, emptyMonths: page.partitionHasEvents ? 0 : emptyMonths } };
    emptyMonths = page.partitionHasEvents ? 0 : emptyMonths + 1;
    if (emptyMonths >= opts.emptyMonthsToEnd) return { events };
    month = previousMonth(month);
    after = undefined;
    // Full, or out of months for this request: the next page starts with the month before.
    if (events.length >= opts.limit || budget.months <= 0 || budget.queries <= 0) return { events, next: { month, emptyMonths } };
  }
}
