/**
 * The single Booking writer. Status changes go through `bookingTransitionItem` / `transitionBooking` with a transition
 * name from BOOKING_MACHINE (lib/domain/booking-status.ts); other booking attributes through `bookingUpdateItem` /
 * `updateBooking`, which refuse to touch the status. Every condition comes from the table or from the caller's
 * structured `expect`, never from a hand-typed expression.
 */
import type { BookingActor, BookingStatus, BookingTransitionName } from '../domain/booking-status';
import { BOOKING_MACHINE } from '../domain/booking-status';
import { scheduleShardOf } from '../domain/booking-schedule';
import { BOOKING_EVENT_OF } from '../domain/events';
import { planTransition } from '../domain/state-machine';
import type { Change, Condition } from './expressions';
import type { BookingRecord } from './records';
import { statusListShard } from './list-keys';
import { getItem } from './repository';
import {
  asTxUpdate,
  commitTransition,
  runConditionalUpdate,
  statusGuardedUpdate,
  transitionItems,
  type TransitionWrite,
} from './status-writer';
import type { TxItem, TableDeps, DataDeps } from './transact';

type BookingTransitionWrite = TransitionWrite<BookingTransitionName, BookingStatus, BookingActor>;

const table = (deps: TableDeps, bookingId: string) => ({ tableName: deps.tables.Booking, key: { id: bookingId } });

/**
 * The index keys that go with a change of status, in the same update: the scheduled run's key
 * (lib/domain/booking-schedule.ts: set on entering a status the scheduler reads, removed on leaving it) and the admin
 * list's status partition (lib/data/list-keys.ts). A transition that keeps the status leaves them alone.
 */
function withStatusKeys(bookingId: string, w: BookingTransitionWrite): BookingTransitionWrite {
  const { to } = planTransition(BOOKING_MACHINE, w.transition, w.actor, { from: w.from, to: w.to });
  if (to === undefined) return w;
  const scheduleKey = scheduleShardOf(bookingId, to, w.now);
  const change = w.change ?? {};
  const set = {
    ...change.set,
    statusListShard: statusListShard(to, bookingId),
    ...(scheduleKey === undefined ? {} : { scheduleShard: scheduleKey }),
  };
  const remove = scheduleKey === undefined ? [...(change.remove ?? []), 'scheduleShard'] : change.remove;
  return { ...w, change: { ...change, set, ...(remove === undefined ? {} : { remove }) } };
}

/**
 * A transition as items of a larger transaction: the update and its domain event (holds and ledger lines commit with
 * them or not at all).
 */
export function bookingTransitionItems(deps: TableDeps, bookingId: string, w: BookingTransitionWrite): TxItem[] {
  return transitionItems(deps, BOOKING_MACHINE, table(deps, bookingId), withStatusKeys(bookingId, w), {
    type: BOOKING_EVENT_OF[w.transition],
    aggregateType: 'Booking',
    aggregateId: bookingId,
  });
}

/** A transition on its own: the booking after it, or undefined when the database refused it (status moved on). */
export async function transitionBooking(deps: DataDeps, bookingId: string, w: BookingTransitionWrite): Promise<BookingRecord | undefined> {
  if (!(await commitTransition(deps, bookingTransitionItems(deps, bookingId, w)))) return undefined;
  return getItem<BookingRecord>(deps, 'Booking', bookingId);
}

interface BookingUpdate {
  /** The write applies only while the booking is in one of these statuses (omit: any status). */
  whileStatusIn?: readonly BookingStatus[];
  change: Change;
  expect?: readonly Condition[];
  /** Stamps updatedAt when given. */
  now?: Date;
}

/** A change of booking attributes that keeps the status, as a transaction item. */
export function bookingUpdateItem(deps: TableDeps, bookingId: string, u: BookingUpdate): TxItem {
  return asTxUpdate(statusGuardedUpdate(table(deps, bookingId), u));
}

/** The same on its own: the booking after it, or undefined when its condition failed. */
export async function updateBooking(deps: DataDeps, bookingId: string, u: BookingUpdate): Promise<BookingRecord | undefined> {
  return runConditionalUpdate<BookingRecord>(deps.db, statusGuardedUpdate(table(deps, bookingId), u));
}
