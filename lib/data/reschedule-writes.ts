/**
 * A booking moved to another slot, in one transaction: the booking's RESCHEDULE (its new times and the move's
 * entry, conditioned on the status and the move count read) with its BookingRescheduled event, the new slot's holds
 * (each Put conditional on the quantum being free, exactly as a new booking takes them) and the deletes of the old
 * slot's holds that the new slot does not cover. Of two moves (or a move and a new booking) into one slot, one wins.
 */
import type { BookingStatus } from '../domain/booking-status';
import { bookingTransitionItems } from './booking-writer';
import { transactionCancellationReasons } from './items';
import type { BookingRecord, RescheduleEntry } from './records';
import { holdPutItems, releaseHoldItems } from './slot-holds';
import { transactWrite, type DataDeps, type TxItem } from './transact';

export interface BookingMove {
  from: Extract<BookingStatus, 'CONFIRMED' | 'PENDING_PAYMENT'>;
  entry: RescheduleEntry;
  newHoldIds: readonly string[];
  now: Date;
}

/** 'conflict': another transaction touched the same items at that moment (decide again from fresh reads). */
export type MoveOutcome = 'moved' | 'slot-taken' | 'booking-changed' | 'conflict';

/** The transaction's items: the booking's update and event first, then the new holds, then the released ones. */
function moveItems(deps: DataDeps, booking: BookingRecord, move: BookingMove): { items: TxItem[]; newHolds: number } {
  const { entry, now } = move;
  const oldHolds = new Set(booking.slotHoldIds);
  const taken = move.newHoldIds.filter((id) => !oldHolds.has(id));
  const released = booking.slotHoldIds.filter((id) => !move.newHoldIds.includes(id));
  const update = bookingTransitionItems(deps, booking.id, {
    transition: 'RESCHEDULE',
    actor: 'CUSTOMER',
    actorId: booking.customerId,
    from: move.from,
    now,
    change: {
      set: {
        startDateTime: entry.toStart,
        endDateTime: entry.toEnd,
        slotHoldIds: [...move.newHoldIds],
        rescheduleCount: entry.sequence,
        rescheduledAt: entry.at,
        ...(entry.priceCents !== (booking.currentPriceCents ?? booking.totalAmountCents) ? { currentPriceCents: entry.priceCents } : {}),
      },
      append: { reschedules: [entry] },
    },
    // The move read: a concurrent move of the same booking (or a change of its times) makes this one lose.
    expect: [
      booking.rescheduleCount === undefined
        ? { attr: 'rescheduleCount', absent: true }
        : { attr: 'rescheduleCount', eq: booking.rescheduleCount },
      { attr: 'startDateTime', eq: booking.startDateTime },
      // a refund or cancellation in flight releases the holds it read: the booking is not moved under it
      { attr: 'refundClaimId', absent: true },
    ],
    details: {
      sequence: entry.sequence,
      fromStart: entry.fromStart,
      fromEnd: entry.fromEnd,
      toStart: entry.toStart,
      toEnd: entry.toEnd,
      priceCents: entry.priceCents,
      refundCents: entry.refundCents,
    },
  });
  const holds = holdPutItems(deps, taken, { providerId: booking.providerId, bookingId: booking.id, startDateTime: entry.toStart }, now);
  return { items: [...update, ...holds, ...releaseHoldItems(deps, booking.id, released)], newHolds: holds.length };
}

/** Commits the move: 'slot-taken' when a quantum of the new slot is held by another booking, 'booking-changed' when the booking moved on. */
export async function moveBooking(deps: DataDeps, booking: BookingRecord, move: BookingMove): Promise<MoveOutcome> {
  const { items, newHolds } = moveItems(deps, booking, move);
  try {
    await transactWrite(deps, items);
    return 'moved';
  } catch (err) {
    const reasons = transactionCancellationReasons(err);
    if (!reasons) throw err;
    if (reasons[0] === 'ConditionalCheckFailed') return 'booking-changed';
    // items: [booking update, its event, ...new holds, ...released holds]
    if (reasons.slice(2, 2 + newHolds).includes('ConditionalCheckFailed')) return 'slot-taken';
    if (reasons.includes('TransactionConflict')) return 'conflict';
    throw err;
  }
}
