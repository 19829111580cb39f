/**
 * Walks a whole state machine against a list written out by hand: the table flattened must be exactly that list,
 * every listed (transition, from, to, actor) is planned, and every other combination is refused.
 */
import { expect, test } from 'vitest';
import { allowedPairs, planTransition, TransitionRefused, type StateMachine } from '../../../lib/domain/state-machine';

export type MachinePair<N extends string, S extends string, A extends string> = [N, S, S, A];

export function walkMachine<N extends string, S extends string, A extends string, E>(
  machine: StateMachine<N, S, A, E>,
  allowedList: readonly MachinePair<N, S, A>[],
  actors: readonly A[] = machine.actors,
): void {
  const key = (p: readonly string[]) => p.join(' ');
  const allowed = new Set(allowedList.map(key));
  const names = Object.keys(machine.transitions) as N[];
  const every = names.flatMap((n) =>
    machine.statuses.flatMap((from) => machine.statuses.flatMap((to) => actors.map((a): MachinePair<N, S, A> => [n, from, to, a]))),
  );

  test(`${machine.record}: the table flattened is exactly the hand-written list`, () => {
    const flat = allowedPairs(machine).flatMap((p) => p.by.filter((a) => actors.includes(a)).map((a) => key([p.name, p.from, p.to, a])));
    expect(flat.sort()).toEqual([...allowed].sort());
  });

  test.each(allowedList.map((p) => [...p]))(`${machine.record}: %s %s → %s by %s is allowed`, (name, from, to, actor) => {
    const plan = planTransition(machine, name as N, actor as A, { from: from as S, to: to as S });
    expect(plan.to ?? from).toBe(to);
  });

  test.each(every.filter((p) => !allowed.has(key(p))))(`${machine.record}: %s %s → %s by %s is refused`, (name, from, to, actor) => {
    expect(() => planTransition(machine, name, actor, { from, to })).toThrow(TransitionRefused);
  });
}
