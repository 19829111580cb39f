/**
 * One page of a list spread over a few index partitions (a status each), merged in the index's own order: each
 * partition is read from where the last page left it, at most `limit` items each, and the first `limit` of the merge
 * are the page. The opaque cursor (page-cursor.ts) holds every partition's position: its last key taken, `done`, or
 * '' (not read yet). No partition is read past what a page can show, so a page costs one query per partition.
 */
import { AppError } from '../http/errors';
import { decodePageCursor, encodePageCursor } from './page-cursor';

type Key = Record<string, unknown>;

export interface MergedPageSpec<T> {
  /** The list, filter and order the cursor belongs to. */
  scope: string;
  cursor?: string | undefined;
  partitions: readonly string[];
  limit: number;
  /** One partition's items in index order after `start`. */
  read: (partition: string, limit: number, start: Key | undefined) => Promise<{ items: T[]; nextCursor?: Key }>;
  /** The index's order (the same in every partition), ties broken by id. */
  order: (a: T, b: T) => number;
  partitionOf: (item: T) => string;
  /** The item's table and index keys (exactly `keyNames`): where its partition's next read starts. */
  keyOf: (item: T) => Key;
  keyNames: readonly string[];
}

type Position = Key | 'done' | undefined;

function positionOf(saved: Key | undefined, partition: string, spec: MergedPageSpec<unknown>): Position {
  const cursor = spec.cursor;
  const v = saved?.[partition];
  if (v === 'done') return 'done';
  if (typeof v !== 'string' || v === '') {
    if (saved && v === undefined)
      throw new AppError('VALIDATION_FAILED', 'This page link is no longer valid: load the list again', { cursor });
    return undefined;
  }
  try {
    const key: unknown = JSON.parse(v);
    const fits = (k: Key) => Object.keys(k).length === spec.keyNames.length && spec.keyNames.every((name) => typeof k[name] === 'string');
    // only a key of this index (a made-up one would make DynamoDB refuse the query: a 500, not a 400)
    if (typeof key === 'object' && key !== null && !Array.isArray(key) && fits(key as Key)) return key as Key;
  } catch {
    // refused below
  }
  throw new AppError('VALIDATION_FAILED', 'This page link is no longer valid: load the list again', { cursor });
}

export async function mergedPage<T>(spec: MergedPageSpec<T>): Promise<{ items: T[]; nextCursor?: string }> {
  const saved = decodePageCursor(spec.scope, spec.cursor);
  const positions = spec.partitions.map((p) => positionOf(saved, p, spec as MergedPageSpec<unknown>));
  const pages = await Promise.all(
    spec.partitions.map((p, i) => {
      const at = positions[i];
      return at === 'done' ? { items: [] as T[], nextCursor: undefined } : spec.read(p, spec.limit, at);
    }),
  );
  const items = pages
    .flatMap((p) => p.items)
    .sort(spec.order)
    .slice(0, spec.limit);
  const next: Record<string, string> = {};
  spec.partitions.forEach((p, i) => {
    const page = pages[i]!;
    const at = positions[i];
    const mine = items.filter((item) => spec.partitionOf(item) === p);
    const last = mine.at(-1);
    if (at === 'done' || (mine.length === page.items.length && !page.nextCursor)) next[p] = 'done';
    else if (last) next[p] = JSON.stringify(spec.keyOf(last));
    else next[p] = at ? JSON.stringify(at) : '';
  });
  const more = Object.values(next).some((v) => v !== 'done');
  const nextCursor = more ? encodePageCursor(spec.scope, next) : undefined;
  return { items, ...(nextCursor ? { nextCursor } : {}) };
}
