import { describe, expect, test } from 'vitest';
import { planRefundCase, REFUND_CASE_MACHINE, REFUND_CASE_STATUSES, refundCaseStatus, type RefundCaseActor, type RefundCaseStatus, type RefundCaseTransitionName } from '../../lib/domain/refund-case';
import { allowedPairs, planTransition, TransitionRefused } from '../../lib/domain/state-machine';

type Pair = [RefundCaseTransitionName, RefundCaseStatus, RefundCaseStatus, RefundCaseActor];

/** The machine written out by hand: a change to the table must change this list. */
const ALLOWED: Pair[] = [
  ['OPEN_CASE', 'NONE', 'OPEN', 'CUSTOMER'],
  ['OPEN_CASE', 'NONE', 'OPEN', 'PROVIDER'],
  ['OPEN_CASE', 'RESOLVED', 'OPEN', 'CUSTOMER'],
  ['OPEN_CASE', 'RESOLVED', 'OPEN', 'PROVIDER'],
  ['RESOLVE_CASE', 'OPEN', 'RESOLVED', 'ADMIN'],
];
const key = (p: Pair) => p.join(' ');
const allowed = new Set(ALLOWED.map(key));
const names = Object.keys(REFUND_CASE_MACHINE.transitions) as RefundCaseTransitionName[];
const actors = REFUND_CASE_MACHINE.actors;
const every: Pair[] = names.flatMap((n) => REFUND_CASE_STATUSES.flatMap((from) => REFUND_CASE_STATUSES.flatMap((to) => actors.map((a): Pair => [n, from, to, a]))));

describe('refund case machine', () => {
  test('the table flattened is exactly the hand-written list', () => {
    const flat = allowedPairs(REFUND_CASE_MACHINE).flatMap((p) => p.by.map((a): Pair => [p.name, p.from, p.to, a]));
    expect(flat.map(key).sort()).toEqual([...allowed].sort());
  });

  test.each(ALLOWED)('%s %s → %s by %s is allowed', (name, from, to, actor) => {
    expect(planTransition(REFUND_CASE_MACHINE, name, actor, { from, to }).to).toBe(to);
  });

  test.each(every.filter((p) => !allowed.has(key(p))))('%s %s → %s by %s is refused', (name, from, to, actor) => {
    expect(() => planTransition(REFUND_CASE_MACHINE, name, actor, { from, to })).toThrow(TransitionRefused);
  });

  test.each([
    ['no case yet', undefined, 'NONE'],
    ['an open case', { status: 'OPEN' as const }, 'OPEN'],
    ['a resolved case', { status: 'RESOLVED' as const }, 'RESOLVED'],
  ])('%s reads as %s', (_n, stored, status) => expect(refundCaseStatus(stored)).toBe(status));

  test('an admin cannot contest and a party cannot resolve; an open case cannot be opened again', () => {
    expect(() => planRefundCase('OPEN_CASE', 'ADMIN', 'NONE')).toThrow(TransitionRefused);
    expect(() => planRefundCase('RESOLVE_CASE', 'CUSTOMER', 'OPEN')).toThrow(TransitionRefused);
    expect(() => planRefundCase('OPEN_CASE', 'CUSTOMER', 'OPEN')).toThrow(TransitionRefused);
    expect(planRefundCase('OPEN_CASE', 'PROVIDER')).toMatchObject({ from: ['NONE', 'RESOLVED'], to: 'OPEN' });
  });
});
