import { describe, expect, test } from 'vitest';
import { PAYOUT_MACHINE, PAYOUT_STATUSES, payoutTransitionBetween, type PayoutState } from '../../lib/domain/payout-status';
import { allowedPairs, planTransition, TransitionRefused } from '../../lib/domain/state-machine';

/** Stripe's payout statuses only move forward; a paid payout may still fail (returned by the bank). */
const ALLOWED: [PayoutState, PayoutState, string][] = [
  ['pending', 'in_transit', 'SEND'],
  ['pending', 'paid', 'PAY'],
  ['in_transit', 'paid', 'PAY'],
  ['pending', 'failed', 'FAIL'],
  ['in_transit', 'failed', 'FAIL'],
  ['paid', 'failed', 'RETURN'],
  ['pending', 'canceled', 'CANCEL'],
  ['in_transit', 'canceled', 'CANCEL'],
];
const allowedKey = new Set(ALLOWED.map(([f, t]) => `${f}>${t}`));
const REFUSED: [PayoutState, PayoutState][] = PAYOUT_STATUSES.flatMap((from) =>
  PAYOUT_STATUSES.filter((to) => to !== from && !allowedKey.has(`${from}>${to}`)).map((to): [PayoutState, PayoutState] => [from, to]),
);

describe('PAYOUT_MACHINE', () => {
  test('the table allows exactly the listed status changes', () => {
    const changes = allowedPairs(PAYOUT_MACHINE).filter((p) => p.from !== p.to);
    expect(changes.map((p) => [p.from, p.to, p.name]).sort()).toEqual([...ALLOWED].sort());
  });

  test.each(ALLOWED)('%s → %s is %s', (from, to, name) => {
    expect(payoutTransitionBetween(from, to)).toBe(name);
    const plan = planTransition(PAYOUT_MACHINE, name as keyof typeof PAYOUT_MACHINE.transitions, 'STRIPE', { from, to });
    expect(plan).toMatchObject({ from: [from], to });
  });

  test.each(REFUSED)('%s → %s is refused (never regresses, a final state stays)', (from, to) => {
    expect(payoutTransitionBetween(from, to)).toBeUndefined();
    for (const name of Object.keys(PAYOUT_MACHINE.transitions) as (keyof typeof PAYOUT_MACHINE.transitions)[]) {
      const t = PAYOUT_MACHINE.transitions[name];
      if (t.to === null) continue; // ADD_DETAILS keeps the status
      expect(() => planTransition(PAYOUT_MACHINE, name, 'STRIPE', { from, to })).toThrow(TransitionRefused);
    }
  });

  test('the refused list covers every other ordered pair', () => {
    expect(REFUSED.length + ALLOWED.length).toBe(PAYOUT_STATUSES.length * (PAYOUT_STATUSES.length - 1));
    expect(REFUSED).toContainEqual(['in_transit', 'pending']);
    expect(REFUSED).toContainEqual(['paid', 'in_transit']);
    expect(REFUSED).toContainEqual(['failed', 'paid']);
    expect(REFUSED).toContainEqual(['canceled', 'pending']);
  });

  test.each(PAYOUT_STATUSES)('the same status (%s) is no status change; ADD_DETAILS keeps it', (status) => {
    expect(payoutTransitionBetween(status, status)).toBeUndefined();
    expect(planTransition(PAYOUT_MACHINE, 'ADD_DETAILS', 'SYSTEM', { from: status }).to).toBeUndefined();
    expect(() =>
      planTransition(PAYOUT_MACHINE, 'ADD_DETAILS', 'SYSTEM', { from: status, to: status === 'paid' ? 'failed' : 'paid' }),
    ).toThrow(TransitionRefused);
  });

  test('only Stripe and our own call report a payout', () => {
    expect(() => planTransition(PAYOUT_MACHINE, 'PAY', 'ADMIN' as never, { from: 'pending' })).toThrow(TransitionRefused);
  });
});
