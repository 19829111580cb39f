/**
 * Slot holds: one SlotHold item per time quantum a booking covers (id = provider + quantum), written with the new
 * booking in one transaction so that of two overlapping requests exactly one gets the slot.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { buildExpression, ONLY_NEW, newItemPut } from './expressions';
import { modelFields, transactionCancellationReasons } from './items';
import type { BookingRecord, SlotHoldRecord } from './records';
import { transactWrite, type TxItem, type TableDeps, type DataDeps } from './transact';


/** The new booking and its holds: every Put conditional on the id being new (a taken quantum cancels the lot). */
export function newBookingWithHoldsItems(deps: TableDeps, booking: BookingRecord): TxItem[] {
  const now = new Date(booking.createdAt);
  return [
    { Put: newItemPut(deps.tables.Booking, booking) },
    ...booking.slotHoldIds.map(
      (id): TxItem => ({
        Put: {
          TableName: deps.tables.SlotHold,
          Item: {
            ...modelFields('SlotHold', id, now),
            providerId: booking.providerId,
            bookingId: booking.id,
            startDateTime: booking.startDateTime,
          } satisfies SlotHoldRecord,
          ...buildExpression(undefined, [ONLY_NEW]),
        },
      }),
    ),
  ];
}

/** True when a refused newBookingWithHoldsItems transaction failed on a hold (the slot is taken), not on the booking. */
export function slotTakenIn(err: unknown): boolean {
  return transactionCancellationReasons(err)?.slice(1).includes('ConditionalCheckFailed') ?? false;
}

/** Deletes of a booking's holds when its hold ends: only our own hold, and a hold already gone is fine. */
export function releaseHoldItems(deps: TableDeps, bookingId: string, holdIds: readonly string[]): TxItem[] {
  return holdIds.map(
    (id): TxItem => ({
      Delete: {
        TableName: deps.tables.SlotHold,
        Key: { id },
        ...buildExpression(undefined, [{ or: [{ attr: 'id', absent: true }, { attr: 'bookingId', eq: bookingId }] }]),
      },
    }),
  );
}

/**
 * Removes a booking that could not be completed (no PaymentIntent, credits refused) with its holds. A hold that is
 * not ours any more must not block deleting the rest: then the booking alone is deleted.
 */
export async function discardNewBooking(deps: DataDeps, booking: Pick<BookingRecord, 'id' | 'slotHoldIds'>): Promise<void> {
  const holds = booking.slotHoldIds.map(
    (id): TxItem => ({
      Delete: { TableName: deps.tables.SlotHold, Key: { id }, ...buildExpression(undefined, [{ attr: 'bookingId', eq: booking.id }]) },
    }),
  );
  try {
    await transactWrite(deps, [{ Delete: { TableName: deps.tables.Booking, Key: { id: booking.id } } }, ...holds]);
  } catch (err) {
    if (!transactionCancellationReasons(err)) throw err;
    await deps.db.send(new DeleteCommand({ TableName: deps.tables.Booking, Key: { id: booking.id } }));
  }
}
