import { describe, expect, test } from 'vitest';
import {
  planRefundCase,
  REFUND_CASE_MACHINE,
  refundCaseStatus,
  type RefundCaseActor,
  type RefundCaseStatus,
  type RefundCaseTransitionName,
} from '../../lib/domain/refund-case';
import { TransitionRefused } from '../../lib/domain/state-machine';
import { walkMachine } from './support/walk-machine';

type Pair = [RefundCaseTransitionName, RefundCaseStatus, RefundCaseStatus, RefundCaseActor];

/** The machine written out by hand: a change to the table must change this list. */
const ALLOWED: Pair[] = [
  ['OPEN_CASE', 'NONE', 'OPEN', 'CUSTOMER'],
  ['OPEN_CASE', 'NONE', 'OPEN', 'PROVIDER'],
  ['OPEN_CASE', 'RESOLVED', 'OPEN', 'CUSTOMER'],
  ['OPEN_CASE', 'RESOLVED', 'OPEN', 'PROVIDER'],
  ['ESCALATE_CASE', 'OPEN', 'OPEN', 'SYSTEM'],
  ['RESOLVE_CASE', 'OPEN', 'RESOLVED', 'ADMIN'],
];
describe('refund case machine', () => {
  walkMachine(REFUND_CASE_MACHINE, ALLOWED);

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

  test('only the scheduled run escalates, an open case only, once (the guard the writer turns into its condition)', () => {
    for (const actor of ['CUSTOMER', 'PROVIDER', 'ADMIN'] as const)
      expect(() => planRefundCase('ESCALATE_CASE', actor, 'OPEN')).toThrow(TransitionRefused);
    expect(() => planRefundCase('ESCALATE_CASE', 'SYSTEM', 'RESOLVED')).toThrow(TransitionRefused);
    const plan = planRefundCase('ESCALATE_CASE', 'SYSTEM', 'OPEN');
    expect(plan.to).toBeUndefined();
    expect(plan.transition.guard).toEqual([expect.objectContaining({ attribute: 'refundDispute.escalatedAt', is: 'absent' })]);
  });
});
