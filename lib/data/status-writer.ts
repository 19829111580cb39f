/**
 * The one way a record's status is written: a named transition of its state machine (lib/domain), whose starting
 * statuses and attribute guards become the write's ConditionExpression. A write that the table does not allow is
 * refused before it is sent; one that races another writer is refused by DynamoDB.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ActorRole, AggregateType, EventDetails, NewDomainEvent, TransitionEventType } from '../domain/events';
import { planTransition, type StateMachine } from '../domain/state-machine';
import { updateInput, type Change, type Condition } from './expressions';
import { isConditionalCheckFailed, transactionCancellationReasons } from './items';
import { eventItem } from './outbox';
import { transactWrite, type DataDeps, type TableDeps, type TxItem } from './transact';

export interface TransitionWrite<N extends string, S extends string, A extends string> {
  transition: N;
  actor: A;
  /** The status read before deciding: narrows the condition to it (optimistic concurrency on the status). */
  from?: S;
  /** The target, when the transition lists several. */
  to?: S;
  /** The other attributes the transition writes (never the status: that comes from the table). */
  change?: Change;
  /** Further preconditions of this particular write (e.g. a claim id read earlier). */
  expect?: readonly Condition[];
  now: Date;
  /** The person who acted, when one did (recorded on the event; the role is `actor`). */
  actorId?: string;
  /** Facts the transition's event carries for its consumers (a reason, an amount). */
  details?: EventDetails;
}

interface StatusTable {
  tableName: string;
  key: Record<string, unknown>;
  /** The status attribute (default `status`). */
  statusAttribute?: string;
}

function touchesStatus(change: Change | undefined, attr: string): boolean {
  if (!change) return false;
  return (
    [change.set, change.setIfAbsent, change.add, change.append].some((part) => part && attr in part) || (change.remove ?? []).includes(attr)
  );
}

/** The UpdateItem input of a transition: the change, the new status, and the conditions derived from the table. */
export function transitionUpdate<N extends string, S extends string, A extends string, E>(
  machine: StateMachine<N, S, A, E>,
  table: StatusTable,
  w: TransitionWrite<N, S, A>,
) {
  const attr = table.statusAttribute ?? 'status';
  if (touchesStatus(w.change, attr)) throw new Error(`${machine.record}: the status is written by the transition, not by its change`);
  const plan = planTransition(machine, w.transition, w.actor, { from: w.from, to: w.to });
  const conditions: Condition[] = [
    { attr: 'id', present: true },
    plan.from.length === 1 ? { attr, eq: plan.from[0] } : { attr, in: plan.from },
    ...(plan.transition.guard ?? []).map((g): Condition =>
      g.is === 'absent' ? { attr: g.attribute, absent: true } : { attr: g.attribute, present: true },
    ),
    ...(w.expect ?? []),
  ];
  const change: Change = {
    ...w.change,
    set: { ...w.change?.set, ...(plan.to !== undefined ? { [attr]: plan.to } : {}), updatedAt: w.now.toISOString() },
  };
  return tableUpdate(table, change, conditions);
}

function tableUpdate(table: StatusTable, change: Change, conditions: Condition[]) {
  return updateInput(table.tableName, table.key, change, conditions);
}

/** A change inside the current status (no transition): conditional on the status being one of `whileStatusIn`. */
export function statusGuardedUpdate(
  table: StatusTable,
  u: { whileStatusIn?: readonly string[]; change: Change; expect?: readonly Condition[]; now?: Date },
) {
  const attr = table.statusAttribute ?? 'status';
  if (touchesStatus(u.change, attr)) throw new Error('a status change must be a named transition');
  const conditions: Condition[] = [
    { attr: 'id', present: true },
    ...(u.whileStatusIn ? [{ attr, in: u.whileStatusIn } as Condition] : []),
    ...(u.expect ?? []),
  ];
  const change: Change = u.now ? { ...u.change, set: { ...u.change.set, updatedAt: u.now.toISOString() } } : u.change;
  return tableUpdate(table, change, conditions);
}

/** Runs one UpdateItem; the new item, or undefined when its condition failed (re-read and decide again). */
export async function runConditionalUpdate<T>(
  db: DynamoDBDocumentClient,
  input: ReturnType<typeof statusGuardedUpdate>,
): Promise<T | undefined> {
  try {
    const out = await db.send(new UpdateCommand({ ...input, ReturnValues: 'ALL_NEW' }));
    return out.Attributes as T;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return undefined;
    throw err;
  }
}

export const asTxUpdate = (input: ReturnType<typeof statusGuardedUpdate>): TxItem => ({ Update: input });

/** Which event a machine's transition emits, about which aggregate. */
interface TransitionEventHead {
  type: TransitionEventType;
  aggregateType: AggregateType;
  aggregateId: string;
}

/**
 * A transition as transaction items: the conditional update and its domain event. The two commit together or not at
 * all, so there is no change without its event and no event without its change.
 */
export function transitionItems<N extends string, S extends string, A extends ActorRole, E>(
  deps: TableDeps,
  machine: StateMachine<N, S, A, E>,
  table: StatusTable,
  w: TransitionWrite<N, S, A>,
  head: TransitionEventHead,
): TxItem[] {
  const update = transitionUpdate(machine, table, w);
  const plan = planTransition(machine, w.transition, w.actor, { from: w.from, to: w.to });
  const event = {
    ...head,
    actor: { role: w.actor, ...(w.actorId ? { id: w.actorId } : {}) },
    payload: {
      transition: w.transition,
      ...(w.from !== undefined ? { from: w.from } : {}),
      ...(plan.to !== undefined ? { to: plan.to } : {}),
      ...(w.details ? { details: w.details } : {}),
    },
  } as NewDomainEvent;
  return [asTxUpdate(update), eventItem(deps, event, w.now)];
}

/**
 * Commits a transition's items (the update first) on their own; false when the database refused the update's
 * condition (the status moved on: re-read and decide again).
 */
export async function commitTransition(deps: DataDeps, items: TxItem[]): Promise<boolean> {
  try {
    await transactWrite(deps, items);
    return true;
  } catch (err) {
    const reasons = transactionCancellationReasons(err);
    if (reasons?.[0] === 'ConditionalCheckFailed') return false;
    throw err;
  }
}
