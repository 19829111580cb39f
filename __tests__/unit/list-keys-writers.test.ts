/**
 * The writers keep the admin lists' status partition with the status: every transition of the booking and credit
 * purchase machines that sets a status sets `statusListShard` to that status's shard of the record, in the same update.
 */
import { describe, expect, it } from 'vitest';
import { bookingTransitionItems } from '../../lib/data/booking-writer';
import { purchaseTransitionItems } from '../../lib/data/credit-purchase-writes';
import { statusListShard } from '../../lib/data/list-keys';
import { localTableNames } from '../../lib/data/tables';
import type { TxItem } from '../../lib/data/transact';
import { BOOKING_MACHINE } from '../../lib/domain/booking-status';
import { CREDIT_PURCHASE_MACHINE } from '../../lib/domain/credit-purchase-status';
import { allowedPairs } from '../../lib/domain/state-machine';

const deps = { tables: localTableNames('unit') };
const now = new Date('2024-05-01T10:00:00.000Z');

/** The values the update item writes, by attribute name. */
function written(items: TxItem[]): Record<string, unknown> {
  const update = items[0]?.Update;
  if (!update) throw new Error('no update');
  const names = update.ExpressionAttributeNames ?? {};
  const values = update.ExpressionAttributeValues ?? {};
  const out: Record<string, unknown> = {};
  for (const [, name, value] of update.UpdateExpression!.matchAll(/(#\w+)\s*=\s*(:\w+)/g)) out[names[name!]!] = values[value!];
  return out;
}

describe('the status list key moves with the status', () => {
  it.each(allowedPairs(BOOKING_MACHINE).map((p) => [p.name, p.from, p.to, p.by[0]!] as const))(
    'booking %s %s → %s',
    (transition, from, to, actor) => {
      const set = written(bookingTransitionItems(deps, 'bk_unit_1', { transition, from, to, actor, now }));
      expect(set.status).toBe(to === from && BOOKING_MACHINE.transitions[transition].to === null ? undefined : to);
      if (set.status !== undefined) expect(set.statusListShard).toBe(statusListShard(to, 'bk_unit_1'));
    },
  );

  it.each(allowedPairs(CREDIT_PURCHASE_MACHINE).map((p) => [p.name, p.from, p.to, p.by[0]!] as const))(
    'credit purchase %s %s → %s',
    (transition, from, to, actor) => {
      const set = written(purchaseTransitionItems(deps, 'cs_unit_1', { transition, from, to, actor, now }));
      expect(set.status).toBe(to);
      expect(set.statusListShard).toBe(statusListShard(to, 'cs_unit_1'));
    },
  );
});
