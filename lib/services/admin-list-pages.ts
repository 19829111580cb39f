/**
 * The admin lists' paging over their re-keyed indexes (lib/data/list-keys.ts), newest or oldest first by createdAt:
 * - no status: walk the `createdMonth` partitions month by month (a createdAt range bounds the months walked), at most
 *   MAX_QUERIES_PER_PAGE queries per request; the cursor is the position inside a month or the month to start at.
 * - one status: read its STATUS_LIST_SHARDS `statusListShard` partitions and merge them by createdAt; the cursor holds
 *   each shard's position.
 * Other filters (currency, a set of statuses) are FilterExpressions of the same queries, so a page may come back short
 * with a cursor. Every cursor is scoped to the list, its filters and its order: another one is refused (400).
 */
import { decodePageCursor, encodePageCursor } from './page-cursor';
import { AppError } from '../http/errors';
import { monthOf, shiftMonth, statusListShards } from '../data/list-keys';
import { queryListPage } from '../data/list-queries';
import type { Deps } from '../ports';

/** Months in a row without any row after which the walk back stops (the table has begun). */
const EMPTY_MONTHS_TO_END = 12;
/** Oldest first without a start date, the walk starts this many months back. */
const OLDEST_FIRST_MONTHS = 12;
/** Queries reading rows one request may issue walking months (a sparse filter returns a short page with a cursor). */
const MAX_QUERIES_PER_PAGE = 8;
/** Queries in all, empty months included (a long date range over empty months returns a short page too). */
const MAX_QUERIES_IN_ALL = 24;

export interface ListRequest {
  model: 'Booking' | 'CreditPurchase';
  status?: string | undefined;
  /** Without `status`: only rows in one of these statuses (a filter of the month walk). */
  statuses?: readonly string[] | undefined;
  currency?: string | undefined;
  /** UTC days (YYYY-MM-DD), inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  order?: 'newest' | 'oldest' | undefined;
  limit: number;
  cursor?: string | undefined;
}

interface Row {
  id: string;
  createdAt: string;
}

export interface ListPage<T> {
  items: T[];
  nextCursor?: string;
}

const refuse = (cursor: string | undefined) =>
  new AppError('VALIDATION_FAILED', 'This page link is no longer valid: load the list again', { cursor });

export async function adminListPage<T extends Row>(deps: Deps, r: ListRequest): Promise<ListPage<T>> {
  if (r.from && r.to && r.from > r.to)
    throw new AppError('VALIDATION_FAILED', 'The start date must be on or before the end date', { from: r.from, to: r.to });
  const newestFirst = r.order !== 'oldest';
  const scope = [r.model, r.status ?? 'any', r.currency ?? 'any', r.from ?? '', r.to ?? '', newestFirst ? 'newest' : 'oldest'].join(':');
  const saved = decodePageCursor(scope, r.cursor);
  const range = {
    createdFrom: r.from ? `${r.from}T00:00:00.000Z` : undefined,
    createdTo: r.to ? `${r.to}T23:59:59.999Z` : undefined,
  };
  const page = r.status
    ? await shardMergePage<T>(deps, r, r.status, newestFirst, range, saved)
    : await monthWalkPage<T>(deps, r, newestFirst, range, saved);
  const nextCursor = encodePageCursor(scope, page.next);
  return { items: page.items, ...(nextCursor ? { nextCursor } : {}) };
}

type Range = { createdFrom: string | undefined; createdTo: string | undefined };
type Position = Record<string, unknown>;

function parseKey(cursor: string | undefined, json: unknown): Position | undefined {
  if (json === undefined || json === '') return undefined;
  try {
    const key = JSON.parse(String(json)) as unknown;
    if (typeof key === 'object' && key !== null && !Array.isArray(key)) return key as Position;
  } catch {
    // refused below
  }
  throw refuse(cursor);
}

async function monthWalkPage<T extends Row>(deps: Deps, r: ListRequest, newestFirst: boolean, range: Range, saved: Position | undefined) {
  const thisMonth = monthOf(deps.clock.now().toISOString());
  const upper = r.to && monthOf(r.to) < thisMonth ? monthOf(r.to) : thisMonth;
  const lower = r.from ? monthOf(r.from) : undefined;
  const savedMonth = typeof saved?.month === 'string' && /^\d{4}-\d{2}$/.test(saved.month) ? saved.month : undefined;
  if (saved && savedMonth === undefined) throw refuse(r.cursor);
  let month: string = savedMonth ?? (newestFirst ? upper : (lower ?? shiftMonth(thisMonth, -OLDEST_FIRST_MONTHS)));
  let empty = typeof saved?.empty === 'number' ? saved.empty : 0;
  let resume = parseKey(r.cursor, saved?.key);
  let scannedThisMonth = resume ? 1 : 0;
  const items: T[] = [];
  for (let queries = 0, all = 0; ; all += 1) {
    const ended = newestFirst ? (lower !== undefined ? month < lower : empty >= EMPTY_MONTHS_TO_END) : month > upper;
    if (ended) return { items, next: undefined };
    const at = { month, empty, ...(resume ? { key: JSON.stringify(resume) } : {}) };
    if (queries >= MAX_QUERIES_PER_PAGE || all >= MAX_QUERIES_IN_ALL || items.length >= r.limit) return { items, next: at };
    const page = await queryListPage<T>(
      deps,
      r.model,
      {
        index: 'byCreatedMonth',
        key: 'createdMonth',
        value: month,
        ...range,
        newestFirst,
        // One more than needed: a month with exactly the rows needed left ends here, not on an empty next page.
        limit: r.limit - items.length + 1,
        filters: { currency: r.currency, status: r.statuses },
      },
      resume,
    );
    scannedThisMonth += page.scanned;
    if (page.scanned > 0) queries += 1;
    const need = r.limit - items.length;
    if (page.items.length > need) {
      items.push(...page.items.slice(0, need));
      const last = items[items.length - 1]!;
      return { items, next: { month, empty: 0, key: JSON.stringify({ id: last.id, createdMonth: month, createdAt: last.createdAt }) } };
    }
    items.push(...page.items);
    if (page.nextCursor) {
      resume = page.nextCursor;
      continue;
    }
    empty = scannedThisMonth === 0 ? empty + 1 : 0;
    month = shiftMonth(month, newestFirst ? -1 : 1);
    resume = undefined;
    scannedThisMonth = 0;
  }
}

type ShardPosition = Position | 'done' | undefined;

async function shardMergePage<T extends Row>(
  deps: Deps,
  r: ListRequest,
  status: string,
  newestFirst: boolean,
  range: Range,
  saved: Position | undefined,
) {
  const shards = statusListShards(status);
  const positions = shards.map((_, i): ShardPosition => (saved?.[`s${i}`] === 'done' ? 'done' : parseKey(r.cursor, saved?.[`s${i}`])));
  const pages = await Promise.all(
    shards.map((shard, i) => {
      const at = positions[i];
      if (at === 'done') return { items: [] as T[], scanned: 0, nextCursor: undefined };
      // One more than a page: a shard with exactly a page left ends here, not on an empty next page.
      const query = {
        index: 'byStatusListShard',
        key: 'statusListShard',
        value: shard,
        ...range,
        newestFirst,
        limit: r.limit + 1,
      } as const;
      return queryListPage<T>(deps, r.model, { ...query, filters: { currency: r.currency } }, at);
    }),
  );
  // A shard with more to read may still hold rows before its last read key: only rows up to the furthest such key
  // are in order for sure.
  const frontiers = pages.flatMap((p) => (p.nextCursor ? [String(p.nextCursor.createdAt)] : []));
  const cutoff = frontiers.length ? frontiers.sort()[newestFirst ? frontiers.length - 1 : 0] : undefined;
  const inOrder = (t: T) => cutoff === undefined || (newestFirst ? t.createdAt >= cutoff : t.createdAt <= cutoff);
  const compare = (a: T, b: T) => (newestFirst ? b.createdAt.localeCompare(a.createdAt) : a.createdAt.localeCompare(b.createdAt));
  const items = pages
    .flatMap((p) => p.items.filter(inOrder))
    .sort(compare)
    .slice(0, r.limit);
  const taken = new Set(items.map((t) => t.id));
  const next: Record<string, string> = {};
  shards.forEach((shard, i) => {
    const page = pages[i]!;
    const mine = page.items.filter((t) => taken.has(t.id));
    const last = mine[mine.length - 1];
    const at = positions[i];
    if (at === 'done') next[`s${i}`] = 'done';
    else if (mine.length === page.items.length) next[`s${i}`] = page.nextCursor ? JSON.stringify(page.nextCursor) : 'done';
    else if (last) next[`s${i}`] = JSON.stringify({ id: last.id, statusListShard: shard, createdAt: last.createdAt });
    else next[`s${i}`] = at ? JSON.stringify(at) : '';
  });
  const more = Object.values(next).some((v) => v !== 'done');
  return { items, next: more ? next : undefined };
}
