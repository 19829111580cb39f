/**
 * The writes of paying a provider: the payout claim on a booking (one run transfers it), the booking's PAY_OUT
 * transition, and the Payout record following Stripe's payout through PAYOUT_MACHINE (lib/domain/payout-status.ts).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BookingActor } from '../domain/booking-status';
import { PAYOUT_EVENT_OF, type EventDetails } from '../domain/events';
import { PAYOUT_MACHINE, type PayoutActor, type PayoutState, type PayoutTransitionName } from '../domain/payout-status';
import { bookingTransitionItems, bookingUpdateItem, updateBooking } from './booking-writer';
import { type Change } from './expressions';
import { isConditionalCheckFailed } from './items';
import { newRecordItems } from './outbox';
import type { BookingRecord, PayoutRecord } from './records';
import { transitionItems } from './status-writer';
import type { TxItem, DataDeps, TableDeps } from './transact';

/**
 * Claims a COMPLETED booking for this run's transfer: only if no live claim exists (one made before `staleBefore`
 * belongs to a dead run and is taken over), it is not held (contested refund, chargeback) and its share is not fully
 * refunded. Returns the booking as it was before the claim (its old payoutClaimId tells a takeover), or undefined
 * when another run has it or it is not payable.
 */
export async function claimBookingForPayout(
  deps: DataDeps,
  input: { bookingId: string; providerEarningsCents: number; runId: string; now: Date; staleBefore: Date },
): Promise<BookingRecord | undefined> {
  const item = bookingUpdateItem(deps, input.bookingId, {
    whileStatusIn: ['COMPLETED'],
    change: { set: { payoutClaimId: input.runId, payoutClaimedAt: input.now.toISOString() } },
    expect: [
      {
        or: [
          { attr: 'payoutClaimId', absent: true },
          { attr: 'payoutClaimedAt', lt: input.staleBefore.toISOString() },
        ],
      },
      {
        or: [
          { attr: 'payoutHold', absent: true },
          { attr: 'payoutHold', eq: false },
        ],
      },
      {
        or: [
          { attr: 'providerRefundedCents', absent: true },
          { attr: 'providerRefundedCents', lt: input.providerEarningsCents },
        ],
      },
    ],
  });
  try {
    const out = await deps.db.send(new UpdateCommand({ ...(item.Update as NonNullable<TxItem['Update']>), ReturnValues: 'ALL_OLD' }));
    return out.Attributes as BookingRecord;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return undefined;
    throw err;
  }
}

/** Gives the claim up (the transfer failed) if this run still holds it. */
export async function releasePayoutClaim(deps: DataDeps, bookingId: string, runId: string): Promise<void> {
  await updateBooking(deps, bookingId, {
    change: { remove: ['payoutClaimId', 'payoutClaimedAt'] },
    expect: [{ attr: 'payoutClaimId', eq: runId }],
  });
}

/** COMPLETED → PAID_OUT (PAY_OUT) with the transfer that paid it (none when debt took the whole share). */
export function bookingPaidOutItems(
  deps: TableDeps,
  bookingId: string,
  input: { transferId?: string; actor: BookingActor; now: Date },
): TxItem[] {
  return bookingTransitionItems(deps, bookingId, {
    transition: 'PAY_OUT',
    actor: input.actor,
    from: 'COMPLETED',
    change: {
      set: { ...(input.transferId ? { transferId: input.transferId } : {}), paidOutAt: input.now.toISOString() },
      remove: ['payoutClaimId', 'payoutClaimedAt'],
    },
    now: input.now,
  });
}

/**
 * A Payout record first seen (from our own call or a webhook, whichever comes first), written once, with its
 * PayoutCreated event (`actor`: who reported it).
 */
export function newPayoutItems(deps: TableDeps, record: PayoutRecord, actor: PayoutActor, now: Date): TxItem[] {
  return [
    ...newRecordItems(
      deps,
      deps.tables.Payout,
      record,
      {
        type: 'PayoutCreated',
        aggregateType: 'Payout',
        aggregateId: record.id,
        actor: { role: actor },
        payload: {
          payoutId: record.id,
          providerId: record.providerId,
          amountCents: record.amountCents,
          currency: record.currency,
          status: record.status,
          method: record.method,
        },
      },
      now,
    ),
  ];
}

/** A named transition of a stored payout, conditional on the status read (`from`), with its event. */
export function payoutTransitionItems(
  deps: TableDeps,
  payoutId: string,
  w: { transition: PayoutTransitionName; actor: PayoutActor; from: PayoutState; change?: Change; now: Date; details?: EventDetails },
): TxItem[] {
  return transitionItems(deps, PAYOUT_MACHINE, { tableName: deps.tables.Payout, key: { id: payoutId } }, w, {
    type: PAYOUT_EVENT_OF[w.transition],
    aggregateType: 'Payout',
    aggregateId: payoutId,
  });
}
