/**
 * A record's lifecycle as data: named transitions (from, to, who may, guard, what they emit). The table is the only
 * source of status guards: the writers in lib/data derive their DynamoDB conditions from it, so a change the table
 * does not allow — or one that races another writer — is refused by the database, not by a read-then-check.
 */

/** A precondition on one attribute of the record, checked by the database in the same write. */
interface AttributeGuard {
  attribute: string;
  is: 'absent' | 'present';
  /** Why the guard exists, in words (shown in errors and docs). */
  why: string;
}

export interface Transition<S extends string, A extends string, E> {
  /** The statuses it may start from. */
  from: readonly S[];
  /**
   * The status after it: one status, several (the writer is told which one, e.g. the status a won dispute restores),
   * or null when the record keeps its status (a guarded change inside a state, such as refunding a late payment).
   */
  to: S | readonly S[] | null;
  by: readonly A[];
  guard?: readonly AttributeGuard[];
  /** What the transition causes, as typed data (ledger line kinds, Stripe effects by name). */
  emits: E;
}

export interface StateMachine<N extends string, S extends string, A extends string, E> {
  /** The record's name, for error messages ("booking", "payout"). */
  record: string;
  statuses: readonly S[];
  actors: readonly A[];
  transitions: Readonly<Record<N, Transition<S, A, E>>>;
}

function targetsOf<S extends string>(t: Transition<S, string, unknown>, from: S): readonly S[] {
  if (t.to === null) return [from];
  return typeof t.to === 'string' ? [t.to as S] : (t.to as readonly S[]);
}

/** Every (from, to) pair a transition allows, with its name and actors: the table flattened. */
export function allowedPairs<N extends string, S extends string, A extends string, E>(
  machine: StateMachine<N, S, A, E>,
): { name: N; from: S; to: S; by: readonly A[] }[] {
  return (Object.keys(machine.transitions) as N[]).flatMap((name) => {
    const t = machine.transitions[name];
    return t.from.flatMap((from) => targetsOf(t, from).map((to) => ({ name, from, to, by: t.by })));
  });
}

export class TransitionRefused extends Error {
  constructor(
    readonly record: string,
    readonly transition: string,
    readonly from: string | undefined,
    readonly to: string | undefined,
    readonly actor: string,
    readonly reason: string,
  ) {
    super(`${record} transition ${transition} refused (${reason}): ${from ?? '?'} → ${to ?? '?'} by ${actor}`);
    this.name = 'TransitionRefused';
  }
}

/**
 * Resolves a named transition for a record now in `from` (when known) going to `to` (needed only when the transition
 * has several targets): returns the statuses the write may start from and the status it writes (undefined: unchanged).
 * Throws TransitionRefused when the actor may not, the current status is not a start, or the target is not listed.
 */
export function planTransition<N extends string, S extends string, A extends string, E>(
  machine: StateMachine<N, S, A, E>,
  name: N,
  actor: A,
  opts: { from?: S; to?: S } = {},
): { from: readonly S[]; to: S | undefined; transition: Transition<S, A, E> } {
  const t = machine.transitions[name];
  const refuse = (reason: string) => new TransitionRefused(machine.record, name, opts.from, opts.to, actor, reason);
  if (!t) throw refuse('unknown transition');
  if (!t.by.includes(actor)) throw refuse('actor not allowed');
  if (opts.from !== undefined && !t.from.includes(opts.from)) throw refuse('not allowed from this status');
  let to: S | undefined;
  if (t.to === null) {
    if (opts.to !== undefined && opts.to !== opts.from) throw refuse('this transition keeps the status');
  } else if (typeof t.to === 'string') {
    if (opts.to !== undefined && opts.to !== t.to) throw refuse('not the target of this transition');
    to = t.to as S;
  } else {
    const targets = t.to as readonly S[];
    if (opts.to === undefined || !targets.includes(opts.to)) throw refuse('the target must be one of the listed statuses');
    to = opts.to;
  }
  return { from: opts.from !== undefined ? [opts.from] : t.from, to, transition: t };
}

/** Names of the transitions that allow `from` → `to` by `actor` (usually one). */
export function transitionsBetween<N extends string, S extends string, A extends string, E>(
  machine: StateMachine<N, S, A, E>,
  from: S,
  to: S,
  actor?: A,
): N[] {
  return allowedPairs(machine)
    .filter((p) => p.from === from && p.to === to && (actor === undefined || p.by.includes(actor)))
    .map((p) => p.name);
}
