import { describe, expect, test } from 'vitest';
import { allowedPairs, planTransition, TransitionRefused, transitionsBetween, type StateMachine } from '../../lib/domain/state-machine';

type S = 'DRAFT' | 'OPEN' | 'CLOSED' | 'ARCHIVED';
type A = 'USER' | 'ADMIN';
type N = 'OPEN' | 'CLOSE' | 'NOTE' | 'REOPEN_OR_ARCHIVE';

/** A small machine with every kind of target: one status, none (keeps it), several. */
const MACHINE: StateMachine<N, S, A, { note: string }> = {
  record: 'ticket',
  statuses: ['DRAFT', 'OPEN', 'CLOSED', 'ARCHIVED'],
  actors: ['USER', 'ADMIN'],
  transitions: {
    OPEN: { from: ['DRAFT'], to: 'OPEN', by: ['USER', 'ADMIN'], emits: { note: 'opened' } },
    CLOSE: { from: ['DRAFT', 'OPEN'], to: 'CLOSED', by: ['ADMIN'], emits: { note: 'closed' } },
    NOTE: {
      from: ['OPEN', 'CLOSED'],
      to: null,
      by: ['USER'],
      guard: [{ attribute: 'noteId', is: 'absent', why: 'once' }],
      emits: { note: 'noted' },
    },
    REOPEN_OR_ARCHIVE: { from: ['CLOSED'], to: ['OPEN', 'ARCHIVED'], by: ['ADMIN'], emits: { note: 'moved' } },
  },
};

describe('allowedPairs', () => {
  test('flattens every transition to its (from, to) pairs; a status-keeping one pairs each start with itself', () => {
    expect(allowedPairs(MACHINE)).toEqual([
      { name: 'OPEN', from: 'DRAFT', to: 'OPEN', by: ['USER', 'ADMIN'] },
      { name: 'CLOSE', from: 'DRAFT', to: 'CLOSED', by: ['ADMIN'] },
      { name: 'CLOSE', from: 'OPEN', to: 'CLOSED', by: ['ADMIN'] },
      { name: 'NOTE', from: 'OPEN', to: 'OPEN', by: ['USER'] },
      { name: 'NOTE', from: 'CLOSED', to: 'CLOSED', by: ['USER'] },
      { name: 'REOPEN_OR_ARCHIVE', from: 'CLOSED', to: 'OPEN', by: ['ADMIN'] },
      { name: 'REOPEN_OR_ARCHIVE', from: 'CLOSED', to: 'ARCHIVED', by: ['ADMIN'] },
    ]);
  });

  test.each<[S, S, A | undefined, N[]]>([
    ['DRAFT', 'OPEN', 'USER', ['OPEN']],
    ['DRAFT', 'CLOSED', 'USER', []],
    ['DRAFT', 'CLOSED', undefined, ['CLOSE']],
    ['CLOSED', 'CLOSED', 'USER', ['NOTE']],
    ['CLOSED', 'ARCHIVED', 'ADMIN', ['REOPEN_OR_ARCHIVE']],
    ['ARCHIVED', 'OPEN', 'ADMIN', []],
  ])('transitionsBetween %s → %s by %s', (from, to, actor, names) => {
    expect(transitionsBetween(MACHINE, from, to, actor)).toEqual(names);
  });
});

describe('planTransition', () => {
  test.each<[string, N, A, { from?: S; to?: S }, { from: S[]; to: S | undefined }]>([
    ['without the read status: every start, the one target', 'CLOSE', 'ADMIN', {}, { from: ['DRAFT', 'OPEN'], to: 'CLOSED' }],
    ['with the read status: narrowed to it', 'CLOSE', 'ADMIN', { from: 'OPEN' }, { from: ['OPEN'], to: 'CLOSED' }],
    ['the target named explicitly', 'OPEN', 'USER', { from: 'DRAFT', to: 'OPEN' }, { from: ['DRAFT'], to: 'OPEN' }],
    ['keeps the status: no target written', 'NOTE', 'USER', { from: 'CLOSED' }, { from: ['CLOSED'], to: undefined }],
    ['keeps the status, named as its own target', 'NOTE', 'USER', { from: 'OPEN', to: 'OPEN' }, { from: ['OPEN'], to: undefined }],
    [
      'several targets: the one asked for',
      'REOPEN_OR_ARCHIVE',
      'ADMIN',
      { from: 'CLOSED', to: 'ARCHIVED' },
      { from: ['CLOSED'], to: 'ARCHIVED' },
    ],
  ])('%s', (_, name, actor, opts, expected) => {
    const plan = planTransition(MACHINE, name, actor, opts);
    expect({ from: plan.from, to: plan.to }).toEqual(expected);
    expect(plan.transition).toBe(MACHINE.transitions[name]);
  });

  test.each<[string, N, A, { from?: S; to?: S }, string]>([
    ['an actor not listed', 'CLOSE', 'USER', { from: 'OPEN' }, 'actor not allowed'],
    ['a start status not listed', 'OPEN', 'USER', { from: 'CLOSED' }, 'not allowed from this status'],
    ['a target other than the one', 'OPEN', 'USER', { from: 'DRAFT', to: 'CLOSED' }, 'not the target of this transition'],
    ['a status-keeping transition asked to move', 'NOTE', 'USER', { from: 'OPEN', to: 'CLOSED' }, 'this transition keeps the status'],
    ['several targets, none named', 'REOPEN_OR_ARCHIVE', 'ADMIN', { from: 'CLOSED' }, 'the target must be one of the listed statuses'],
    [
      'several targets, an unlisted one',
      'REOPEN_OR_ARCHIVE',
      'ADMIN',
      { from: 'CLOSED', to: 'DRAFT' },
      'the target must be one of the listed statuses',
    ],
    ['an unknown transition', 'NOPE' as N, 'ADMIN', {}, 'unknown transition'],
  ])('refuses %s', (_, name, actor, opts, reason) => {
    let thrown: unknown;
    try {
      planTransition(MACHINE, name, actor, opts);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(TransitionRefused);
    expect(thrown).toMatchObject({ record: 'ticket', transition: name, actor, reason, from: opts.from, to: opts.to });
  });
});
