import { describe, expect, it } from 'vitest';
import {
  listKeysOfNew,
  listShardOf,
  monthOf,
  shiftMonth,
  STATUS_LIST_SHARDS,
  statusListShard,
  statusListShards,
} from '../../lib/data/list-keys';

describe('admin list keys', () => {
  it.each([
    ['2024-01', -1, '2023-12'],
    ['2024-12', 1, '2025-01'],
    ['2024-03', -14, '2023-01'],
    ['2024-03', 0, '2024-03'],
    ['2023-11', 26, '2026-01'],
  ])('shiftMonth(%s, %i) is %s', (month, by, want) => {
    expect(shiftMonth(month, by)).toBe(want);
  });

  it('buckets by the UTC month of the timestamp', () => {
    expect(monthOf('2024-01-31T23:59:59.999Z')).toBe('2024-01');
    expect(monthOf('2024-02-01')).toBe('2024-02');
  });

  it('puts an id in the same shard whatever its status, and spreads ids over every shard', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `bk_${i.toString(36)}_${(i * 7919).toString(16)}`);
    const counts = new Array<number>(STATUS_LIST_SHARDS).fill(0);
    for (const id of ids) {
      const shard = listShardOf(id);
      expect(shard).toBe(listShardOf(id));
      counts[shard] = (counts[shard] ?? 0) + 1;
      expect(statusListShard('CONFIRMED', id)).toBe(`CONFIRMED#${shard}`);
      expect(statusListShard('COMPLETED', id)).toBe(`COMPLETED#${shard}`);
    }
    // Every shard takes a fair share (none under half of an even split).
    for (const n of counts) expect(n).toBeGreaterThan(ids.length / STATUS_LIST_SHARDS / 2);
  });

  it('lists every shard of a status, and the keys of a new record', () => {
    expect(statusListShards('REFUNDED')).toEqual(['REFUNDED#0', 'REFUNDED#1', 'REFUNDED#2', 'REFUNDED#3']);
    expect(statusListShards('REFUNDED')).toContain(statusListShard('REFUNDED', 'cs_1'));
    expect(listKeysOfNew({ id: 'bk_1', status: 'PENDING_PAYMENT', createdAt: '2024-02-29T10:00:00.000Z' })).toEqual({
      createdMonth: '2024-02',
      statusListShard: statusListShard('PENDING_PAYMENT', 'bk_1'),
    });
  });
});
