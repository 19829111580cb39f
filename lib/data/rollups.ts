/**
 * Rollups (the `rollups` consumer's aggregates): one item per scope, UTC day, currency and shard
 * (`<scope>#<day>#<currency>#<shard>`; scope `platform` or `provider:<userId>`), read by the GSI `byScopeMonth`
 * (`<scope>#<YYYY-MM>`, day): a window of N days reads O(N) items whatever the volume, and a month's writes of one
 * scope, not all, share a partition. The rebuild's reads and writes are lib/data/rollup-rebuild.ts.
 */
import { monthsBetween, ROLLUP_FIELDS, addInto, emptyRollup, type RollupCounts } from '../domain/rollups';
import { updateInput } from './expressions';
import type { ModelItem } from './items';
import { queryIndex } from './repository';
import type { DataDeps, TableDeps, TxItem } from './transact';

export const PLATFORM_SCOPE = 'platform';
/** The platform's CHARGE and REFUND amounts per service category (refund rate by category): rows carry `category`. */
export const CATEGORIES_SCOPE = 'categories';
export const providerScope = (providerId: string) => `provider:${providerId}`;

export interface RollupKey {
  scope: string;
  day: string;
  currency: string;
  shard: number;
  /** Only in the categories scope. */
  category?: string | undefined;
}

export interface RollupRecord extends ModelItem, Partial<RollupCounts> {
  __typename: 'Rollup';
  scope: string;
  scopeMonth: string;
  day: string;
  currency: string;
  shard: number;
  category?: string;
}

/** One day's aggregates in one currency (shards summed). */
export type DayRollup = { day: string; currency: string } & RollupCounts;
/** One day's aggregates of one service category in one currency. */
export type CategoryDayRollup = DayRollup & { category: string };

export const rollupId = (k: RollupKey) => `${k.scope}#${k.day}#${k.currency}#${k.shard}${k.category === undefined ? '' : `#${k.category}`}`;
export const scopeMonth = (scope: string, day: string) => `${scope}#${day.slice(0, 7)}`;

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
          ...(key.category === undefined ? {} : { category: key.category }),
          createdAt: iso,
        },
        add,
      },
    ),
  };
}

/** Sums rows (shards) per day, currency and category, ordered by day, then currency, then category. */
function summed(rows: readonly RollupRecord[]): DayRollup[] {
  const byKey = new Map<string, DayRollup>();
  for (const row of rows) {
    const k = `${row.day}#${row.currency}#${row.category ?? ''}`;
    const into = byKey.get(k) ?? {
      day: row.day,
      currency: row.currency,
      ...(row.category === undefined ? {} : { category: row.category }),
      ...emptyRollup(),
    };
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

/** The platform's CHARGE and REFUND sums per day, currency and service category, days inclusive. */
export const readCategoryRollups = async (deps: DataDeps, fromDay: string, toDay: string) =>
  (await readScope(deps, CATEGORIES_SCOPE, fromDay, toDay)) as CategoryDayRollup[];
