/**
 * The writes of paying a provider: the payout claim on a booking (one run transfers it), the booking's PAY_OUT
 * transition, and the Payout record following Stripe's payout through PAYOUT_MACHINE (lib/domain/payout-status.ts).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BookingActor } from '../domain/booking-status';
import { PAYOUT_EVENT_OF, type EventDetails } from '../domain/events';
import { PAYOUT_MACHINE, type PayoutActor, type PayoutState, type PayoutTransitionName } from '../domain/payout-status';
import { bookingTransitionItems, bookingUpdateItem, updateBooking } from './booking-writer';
import { type Change, type Condition } from './expressions';
import { isConditionalCheckFailed } from './items';
import { newRecordItems } from './outbox';
import { ledgerAccounts, ledgerLineItems } from './ledger-writer';
import type { BookingRecord, PayoutRecord, RefundDisputeCase } from './records';
import { transitionItems } from './status-writer';
import type { TxItem, DataDeps, TableDeps } from './transact';

/**
 * The refund case as the run read it, as conditions: the claim applies only while the booking has that same case (an
 * open customer's case, by its openedAt), or still no case that holds anything (none open, or the provider's).
 */
function sameHoldingCase(refundCase: RefundDisputeCase | undefined): Condition {
  if (refundCase?.status === 'OPEN' && refundCase.openedByRole === 'CUSTOMER') {
    return {
      and: [
        { attr: 'refundDispute.status', eq: 'OPEN' },
        { attr: 'refundDispute.openedAt', eq: refundCase.openedAt },
      ],
    };
  }
  return {
    or: [
      { attr: 'refundCaseState', absent: true },
      { attr: 'refundDispute.openedByRole', eq: 'PROVIDER' },
    ],
  };
}

/**
 * Claims a COMPLETED booking for this run's transfer: only if no live claim exists (one made before `staleBefore`
 * belongs to a dead run and is taken over), it is not held (chargeback), its share is not fully refunded, and its
 * refund case is the one read (`refundCase`: what it holds back was decided on it). Returns the booking as it was
 * before the claim (its old payoutClaimId tells a takeover), or undefined when another run has it or it is not payable.
 */
export async function claimBookingForPayout(
  deps: DataDeps,
  input: {
    bookingId: string;
    providerEarningsCents: number;
    refundCase: RefundDisputeCase | undefined;
    runId: string;
    now: Date;
    staleBefore: Date;
  },
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
      sameHoldingCase(input.refundCase),
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

/**
 * Fixes the part a held booking's transfer makes (once, while this run holds the claim), so a run taking over a stale
 * claim transfers the same amount under the same idempotency key. False when the claim is no longer this run's.
 */
export async function fixPayoutPart(deps: DataDeps, bookingId: string, runId: string, partCents: number): Promise<boolean> {
  const done = await updateBooking(deps, bookingId, {
    change: { set: { payoutPartCents: partCents } },
    expect: [
      { attr: 'payoutClaimId', eq: runId },
      { attr: 'payoutPartCents', absent: true },
    ],
  });
  return done !== undefined;
}

/**
 * A part transfer recorded (the booking stays COMPLETED; the rest waits for the case): the part on the booking, the
 * claim and the fixed part removed, and its TRANSFER line (reference held-back-part), once.
 */
export function partTransferItems(
  deps: TableDeps,
  booking: Pick<BookingRecord, 'id' | 'providerId' | 'currency'>,
  transfer: { id: string; amountCents: number },
  now: Date,
): TxItem[] {
  return [
    bookingUpdateItem(deps, booking.id, {
      whileStatusIn: ['COMPLETED'],
      change: {
        set: { partialTransferId: transfer.id, partialTransferCents: transfer.amountCents },
        remove: ['payoutClaimId', 'payoutClaimedAt', 'payoutPartCents'],
      },
      expect: [{ attr: 'partialTransferId', absent: true }],
      now,
    }),
    ...ledgerLineItems(
      deps,
      [
        {
          account: ledgerAccounts.booking(booking.id),
          type: 'TRANSFER',
          reference: PART_TRANSFER_REFERENCE,
          providerId: booking.providerId,
          amountCents: transfer.amountCents,
          currency: booking.currency,
          stripeObjectId: transfer.id,
          description: 'Provider share transferred in part: what an open refund dispute holds stays on the platform',
        },
      ],
      now,
    ),
  ];
}

const PART_TRANSFER_REFERENCE = 'held-back-part';

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
