import { describe, expect, test } from 'vitest';
import {
  CREDIT_PURCHASE_MACHINE,
  CREDIT_PURCHASE_STATUSES,
  type CreditPurchaseActor,
  type CreditPurchaseStatus,
} from '../../lib/domain/credit-purchase-status';
import {
  MEMBERSHIP_MACHINE,
  MEMBERSHIP_STATUSES,
  membershipTransitionFor,
  type MembershipStatus,
} from '../../lib/domain/membership-status';
import { allowedPairs, planTransition, TransitionRefused, transitionsBetween } from '../../lib/domain/state-machine';

describe('CREDIT_PURCHASE_MACHINE', () => {
  const allowed: [CreditPurchaseStatus, CreditPurchaseStatus, string, CreditPurchaseActor[]][] = [
    ['OPEN', 'COMPLETED', 'COMPLETE', ['CUSTOMER', 'SYSTEM']],
    ['EXPIRED', 'COMPLETED', 'COMPLETE', ['CUSTOMER', 'SYSTEM']],
    ['OPEN', 'EXPIRED', 'EXPIRE', ['CUSTOMER', 'SYSTEM']],
    ['COMPLETED', 'REFUND_PENDING', 'RESERVE_REFUND', ['ADMIN']],
    ['REFUND_PENDING', 'REFUNDED', 'FINISH_REFUND', ['ADMIN']],
  ];
  test('the table allows exactly these moves', () => {
    expect(allowedPairs(CREDIT_PURCHASE_MACHINE).map((p) => [p.from, p.to, p.name, [...p.by]])).toEqual(expect.arrayContaining(allowed));
    expect(allowedPairs(CREDIT_PURCHASE_MACHINE)).toHaveLength(allowed.length);
  });
  test.each(allowed)('%s → %s is %s', (from, to, name, by) => {
    for (const actor of CREDIT_PURCHASE_MACHINE.actors) {
      const plan = () => planTransition(CREDIT_PURCHASE_MACHINE, name as never, actor, { from, to });
      if (by.includes(actor)) expect(plan().to).toBe(to);
      else expect(plan).toThrow(TransitionRefused);
    }
  });
  const refused = CREDIT_PURCHASE_STATUSES.flatMap((from) => CREDIT_PURCHASE_STATUSES.map((to) => [from, to] as const)).filter(
    ([from, to]) => from !== to && !allowed.some(([f, t]) => f === from && t === to),
  );
  test.each(refused)('%s → %s is refused by every transition and actor', (from, to) => {
    expect(transitionsBetween(CREDIT_PURCHASE_MACHINE, from, to)).toEqual([]);
    for (const name of Object.keys(CREDIT_PURCHASE_MACHINE.transitions)) {
      for (const actor of CREDIT_PURCHASE_MACHINE.actors) {
        expect(() => planTransition(CREDIT_PURCHASE_MACHINE, name as never, actor, { from, to })).toThrow(TransitionRefused);
      }
    }
  });
  test.each(CREDIT_PURCHASE_STATUSES)('nothing keeps %s in place (every transition moves the status)', (s) => {
    expect(transitionsBetween(CREDIT_PURCHASE_MACHINE, s, s)).toEqual([]);
  });
});

describe('MEMBERSHIP_MACHINE (Stripe subscription statuses)', () => {
  const allowed: [MembershipStatus, MembershipStatus, string][] = [
    ['incomplete', 'active', 'PAY_FIRST_INVOICE'],
    ['incomplete', 'trialing', 'PAY_FIRST_INVOICE'],
    ['incomplete', 'incomplete_expired', 'EXPIRE_INCOMPLETE'],
    ['trialing', 'active', 'END_TRIAL'],
    ['trialing', 'past_due', 'END_TRIAL'],
    ['trialing', 'unpaid', 'END_TRIAL'],
    ['trialing', 'paused', 'END_TRIAL'],
    ['active', 'past_due', 'FAIL_RENEWAL'],
    ['active', 'unpaid', 'FAIL_RENEWAL'],
    ['past_due', 'unpaid', 'GIVE_UP_RETRIES'],
    ['past_due', 'active', 'RECOVER'],
    ['unpaid', 'active', 'RECOVER'],
    ['paused', 'active', 'RECOVER'],
    ['active', 'paused', 'PAUSE'],
    ...(['incomplete', 'trialing', 'active', 'past_due', 'unpaid', 'paused'] as const).map(
      (s): [MembershipStatus, MembershipStatus, string] => [s, 'canceled', 'CANCEL'],
    ),
    ...MEMBERSHIP_STATUSES.map((s): [MembershipStatus, MembershipStatus, string] => [s, s, 'REFRESH']),
  ];
  test('the table allows exactly these moves', () => {
    const pairs = allowedPairs(MEMBERSHIP_MACHINE).map((p) => [p.from, p.to, p.name]);
    expect(pairs).toEqual(expect.arrayContaining(allowed));
    expect(pairs).toHaveLength(allowed.length);
  });
  test.each(allowed)('a sync from %s to %s is %s', (from, to, name) => {
    expect(membershipTransitionFor(from, to)).toBe(name);
    expect(planTransition(MEMBERSHIP_MACHINE, name as never, 'STRIPE', { from, to }).from).toEqual([from]);
  });
  const refused = MEMBERSHIP_STATUSES.flatMap((from) => MEMBERSHIP_STATUSES.map((to) => [from, to] as const)).filter(
    ([from, to]) => !allowed.some(([f, t]) => f === from && t === to),
  );
  test.each(refused)('a sync from %s to %s is refused', (from, to) => {
    expect(() => membershipTransitionFor(from, to)).toThrow(TransitionRefused);
    expect(transitionsBetween(MEMBERSHIP_MACHINE, from, to)).toEqual([]);
  });
});
