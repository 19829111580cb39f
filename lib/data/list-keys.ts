/**
 * The admin lists' index keys, time-bucketed or write-sharded so no partition takes every write of a growing table:
 * - `createdMonth` (`YYYY-MM` of createdAt, set once at creation): the unfiltered list walks one month per partition.
 * - `statusListShard` (`<status>#<0..3>`, the shard from the record's id): the list of one status merges the four
 *   shards by createdAt. The writer sets it with every status change; it needs only the id and the new status, so a
 *   transition (a blind conditional update) can write it without reading the record first.
 */

/** Shards per status: four partitions share a status's writes; a status page is four queries merged. */
export const STATUS_LIST_SHARDS = 4;

/** A stable shard for an id (FNV-1a over its characters): the same id always lands in the same shard. */
export function listShardOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % STATUS_LIST_SHARDS;
}

export const statusListShard = (status: string, id: string): string => `${status}#${listShardOf(id)}`;

/** Every shard partition of one status, in shard order. */
export const statusListShards = (status: string): string[] => Array.from({ length: STATUS_LIST_SHARDS }, (_, i) => `${status}#${i}`);

/** The month (`YYYY-MM`) of an ISO timestamp or day. */
export const monthOf = (iso: string): string => iso.slice(0, 7);

/** The month (`YYYY-MM`) `by` months from one. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The list keys of a new record (status and creation time known). */
export function listKeysOfNew(record: { id: string; status: string; createdAt: string }): {
  createdMonth: string;
  statusListShard: string;
} {
  return { createdMonth: monthOf(record.createdAt), statusListShard: statusListShard(record.status, record.id) };
}
