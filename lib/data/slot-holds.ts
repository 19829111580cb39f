/**
 * Slot holds: one SlotHold item per time quantum a booking covers (id = provider + quantum), written with the new
 * booking in one transaction so that of two overlapping requests exactly one gets the slot.
 */
import { buildExpression, ONLY_NEW, newItemPut } from './expressions';
import { modelFields, transactionCancellationReasons } from './items';
import { listKeysOfNew } from './list-keys';
import { eventItem } from './outbox';
import type { BookingRecord, SlotHoldRecord } from './records';
import { transactWrite, type TxItem, type TableDeps, type DataDeps } from './transact';

/** New holds for a booking at `startDateTime`: each Put only if its quantum is free (a taken one cancels the lot). */
export function holdPutItems(
  deps: TableDeps,
  holdIds: readonly string[],
  hold: { providerId: string; bookingId: string; startDateTime: string },
  now: Date,
): TxItem[] {
  return holdIds.map((id): TxItem => ({
    Put: {
      TableName: deps.tables.SlotHold,
      Item: { ...modelFields('SlotHold', id, now), ...hold } satisfies SlotHoldRecord,
      ...buildExpression(undefined, [ONLY_NEW]),
    },
  }));
}

/**
 * The new booking, its holds and its BookingRequested event: every Put conditional on the id being new (a taken
 * quantum cancels the lot, event included). The event comes last, so a refusal's reasons keep their positions.
 */
export function newBookingWithHoldsItems(deps: TableDeps, booking: BookingRecord): TxItem[] {
  const now = new Date(booking.createdAt);
  return [
    { Put: newItemPut(deps.tables.Booking, { ...booking, ...listKeysOfNew(booking) }) },
    ...holdPutItems(
      deps,
      booking.slotHoldIds,
      { providerId: booking.providerId, bookingId: booking.id, startDateTime: booking.startDateTime },
      now,
    ),
    eventItem(
      deps,
      {
        type: 'BookingRequested',
        aggregateType: 'Booking',
        aggregateId: booking.id,
        actor: { role: 'CUSTOMER', id: booking.customerId },
        payload: {
          serviceId: booking.serviceId,
          providerId: booking.providerId,
          customerId: booking.customerId,
          startDateTime: booking.startDateTime,
          totalCents: booking.totalAmountCents,
          currency: booking.currency,
        },
      },
      now,
    ),
  ];
}

/** True when a refused newBookingWithHoldsItems transaction failed on a hold (the slot is taken), not on the booking. */
export function slotTakenIn(err: unknown): boolean {
  return transactionCancellationReasons(err)?.slice(1).includes('ConditionalCheckFailed') ?? false;
}

/** Deletes of a booking's holds when its hold ends: only our own hold, and a hold already gone is fine. */
export function releaseHoldItems(deps: TableDeps, bookingId: string, holdIds: readonly string[]): TxItem[] {
  return holdIds.map((id): TxItem => ({
    Delete: {
      TableName: deps.tables.SlotHold,
      Key: { id },
      ...buildExpression(undefined, [
        {
          or: [
            { attr: 'id', absent: true },
            { attr: 'bookingId', eq: bookingId },
          ],
        },
      ]),
    },
  }));
}

/**
 * Removes a booking that could not be completed (no PaymentIntent, credits refused) with its holds, and appends
 * BookingDiscarded (its BookingRequested is in the log). A hold that is not ours any more must not block deleting
 * the rest: then the booking alone is deleted.
 */
export async function discardNewBooking(
  deps: DataDeps,
  booking: Pick<BookingRecord, 'id' | 'slotHoldIds'>,
  reason: string,
  now: Date,
): Promise<void> {
  const discarded = eventItem(
    deps,
    { type: 'BookingDiscarded', aggregateType: 'Booking', aggregateId: booking.id, actor: { role: 'SYSTEM' }, payload: { reason } },
    now,
  );
  const deleteBooking: TxItem = {
    Delete: { TableName: deps.tables.Booking, Key: { id: booking.id }, ...buildExpression(undefined, [{ attr: 'id', present: true }]) },
  };
  const holds = booking.slotHoldIds.map((id): TxItem => ({
    Delete: { TableName: deps.tables.SlotHold, Key: { id }, ...buildExpression(undefined, [{ attr: 'bookingId', eq: booking.id }]) },
  }));
  try {
    await transactWrite(deps, [deleteBooking, ...holds, discarded]);
  } catch (err) {
    const reasons = transactionCancellationReasons(err);
    if (!reasons) throw err;
    if (reasons[0] === 'ConditionalCheckFailed') return; // discarded already
    await transactWrite(deps, [deleteBooking, discarded]).catch((again: unknown) => {
      if (transactionCancellationReasons(again)?.[0] !== 'ConditionalCheckFailed') throw again;
    });
  }
}
