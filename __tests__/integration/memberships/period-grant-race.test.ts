/**
 * Two paid invoices of one membership period processed at once (two plan changes' invoices, or a renewal and an
 * upgrade delivered together) each read what the period already got before deciding. The grants are serialised on the
 * Customer record, so only one decision made from the same read can land; the other is refused and built again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditChangeItems, membershipPeriodGuard } from '../../../lib/data/credit-writes';
import { transactWrite } from '../../../lib/data/transact';
import { startTestStack, type TestStack } from '../support/local-stack';
import { balanceOf, creditTransactions, newUser } from '../customers/support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('membership-period-grant-race');
});
afterAll(async () => stack?.close());

function grant(userId: string, invoiceId: string, periodKey: string, grantedBefore: number, credits: number) {
  const [subscriptionId, periodEnd] = periodKey.split('#');
  return creditChangeItems(
    stack.deps,
    {
      id: `grant:${invoiceId}`,
      actor: { role: 'STRIPE' },
      userId,
      type: 'MEMBERSHIP_GRANT',
      credits,
      invoiceId,
      subscriptionId,
      periodEnd,
      customerGuard: membershipPeriodGuard(periodKey, grantedBefore, credits),
      description: 'Membership upgrade credits',
    },
    new Date(),
  );
}

describe('membership grants of one period', () => {
  it('two grants decided from the same read: exactly one lands', async () => {
    const { userId } = newUser(stack, 'period-race');
    const period = 'sub_race#2027-01-31T00:00:00.000Z';
    const results = await Promise.allSettled([
      transactWrite(stack.deps, grant(userId, 'in_a', period, 0, 3_500)),
      transactWrite(stack.deps, grant(userId, 'in_b', period, 0, 3_500)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await balanceOf(stack, userId)).toBe(3_500);
    expect((await creditTransactions(stack, userId)).map((t) => t.credits)).toEqual([3_500]);
  });

  it('a grant built from the new total lands; another period is not held up by the last one', async () => {
    const { userId } = newUser(stack, 'period-next');
    const period = 'sub_next#2027-01-31T00:00:00.000Z';
    await transactWrite(stack.deps, grant(userId, 'in_c', period, 0, 2_000));
    // stale: decided before the first grant landed
    await expect(transactWrite(stack.deps, grant(userId, 'in_d', period, 0, 3_500))).rejects.toThrow();
    // rebuilt from the period's new total: only the difference
    await transactWrite(stack.deps, grant(userId, 'in_d', period, 2_000, 1_500));
    // the next period starts from nothing
    await transactWrite(stack.deps, grant(userId, 'in_e', 'sub_next#2027-02-28T00:00:00.000Z', 0, 2_000));
    expect(await balanceOf(stack, userId)).toBe(5_500);
  });
});
