/**
 * A move to a higher price, in three writes (lib/services/reschedule-topup.ts decides when):
 *   start     the booking gets its pendingMove and the new slot's holds are taken (each Put conditional on the
 *             quantum being free, as a new booking's); the booking's times, status and old holds are untouched.
 *   complete  one transaction: the RESCHEDULE transition with its BookingRescheduled event, the totals raised by the
 *             top-up, the old slot's holds the new one does not cover released, the top-up's ledger lines.
 *   drop      the pending move removed and its holds released (its hold ended unpaid, or the booking is cancelled).
 * Each is conditioned on the pending move read (topUpAttempts), so a second application finds nothing to do.
 */
import { topUpLedgerReference } from '../domain/reschedule-topup';
import { chargeLedgerLines } from '../domain/ledger';
import { bookingTransitionItems, bookingUpdateItem } from './booking-writer';
import type { Condition } from './expressions';
import { transactionCancellationReasons } from './items';
import { ledgerAccounts, ledgerLineItems } from './ledger-writer';
import type { BookingRecord, PendingMove, RescheduleEntry, TopUpPayment } from './records';
import { holdPutItems, releaseHoldItems } from './slot-holds';
import { transactWrite, type DataDeps, type TableDeps, type TxItem } from './transact';

const pendingIs = (sequence: number): Condition[] => [
  { attr: 'pendingMove', present: true },
  { attr: 'topUpAttempts', eq: sequence },
];

export type StartOutcome = 'started' | 'slot-taken' | 'booking-changed' | 'conflict';

/** Records the pending move and holds its new slot (all or nothing). */
export async function startPendingMove(deps: DataDeps, booking: BookingRecord, pending: PendingMove, now: Date): Promise<StartOutcome> {
  const update = bookingUpdateItem(deps, booking.id, {
    whileStatusIn: ['CONFIRMED'],
    change: {
      set: {
        pendingMove: pending,
        rescheduleWork: 'TOPUP_PENDING',
        rescheduleWorkDueAt: pending.holdExpiresAt,
        topUpAttempts: pending.sequence,
      },
    },
    expect: [
      { attr: 'pendingMove', absent: true },
      { attr: 'refundClaimId', absent: true },
      { attr: 'startDateTime', eq: booking.startDateTime },
      booking.topUpAttempts === undefined ? { attr: 'topUpAttempts', absent: true } : { attr: 'topUpAttempts', eq: booking.topUpAttempts },
    ],
    now,
  });
  const holds = holdPutItems(
    deps,
    pending.holdIds,
    { providerId: booking.providerId, bookingId: booking.id, startDateTime: pending.toStart },
    now,
  );
  try {
    await transactWrite(deps, [update, ...holds]);
    return 'started';
  } catch (err) {
    const reasons = transactionCancellationReasons(err);
    if (!reasons) throw err;
    if (reasons[0] === 'ConditionalCheckFailed') return 'booking-changed';
    if (reasons.slice(1).includes('ConditionalCheckFailed')) return 'slot-taken';
    if (reasons.includes('TransactionConflict')) return 'conflict';
    throw err;
  }
}

/** Names the pending move's PaymentIntent once it exists. */
export function pendingMoveIntentItem(deps: TableDeps, booking: BookingRecord, pending: PendingMove, now: Date): TxItem {
  return bookingUpdateItem(deps, booking.id, {
    change: { set: { pendingMove: pending } },
    expect: pendingIs(pending.sequence),
    now,
  });
}

/** The pending move gone and its holds released: nothing else of the booking changes. */
export function dropPendingMoveItems(deps: TableDeps, booking: BookingRecord, pending: PendingMove, now: Date): TxItem[] {
  return [
    bookingUpdateItem(deps, booking.id, {
      change: { remove: ['pendingMove', 'rescheduleWork', 'rescheduleWorkDueAt'] },
      expect: pendingIs(pending.sequence),
      now,
    }),
    ...releaseHoldItems(deps, booking.id, pending.holdIds),
  ];
}

/** The paid move, in one transaction with its top-up's CHARGE / PLATFORM_FEE / PROVIDER_EARNING lines. */
export function completePendingMoveItems(
  deps: TableDeps,
  booking: BookingRecord,
  pending: PendingMove,
  paid: { chargeId?: string; paymentIntentId: string },
  now: Date,
): TxItem[] {
  const entry: RescheduleEntry = {
    sequence: (booking.rescheduleCount ?? 0) + 1,
    ...(pending.requestId ? { requestId: pending.requestId } : {}),
    fromStart: booking.startDateTime,
    fromEnd: booking.endDateTime,
    toStart: pending.toStart,
    toEnd: pending.toEnd,
    at: now.toISOString(),
    priceCents: pending.priceCents,
    refundCents: 0,
    topUpCents: pending.amountDueCents,
  };
  const topUp: TopUpPayment = {
    sequence: pending.sequence,
    paymentIntentId: paid.paymentIntentId,
    ...(paid.chargeId ? { chargeId: paid.chargeId } : {}),
    amountCents: pending.amountDueCents,
    platformFeeCents: pending.platformFeeCents,
    providerEarningsCents: pending.providerEarningsCents,
  };
  const newHoldIds = pending.newSlotHoldIds;
  const released = booking.slotHoldIds.filter((id) => !newHoldIds.includes(id));
  const account = ledgerAccounts.booking(booking.id);
  const lines = chargeLedgerLines({
    totalAmountCents: pending.amountDueCents,
    platformFeeCents: pending.platformFeeCents,
    providerEarningsCents: pending.providerEarningsCents,
    currency: booking.currency,
  }).map((l) => ({
    ...l,
    account,
    reference: topUpLedgerReference(pending.sequence),
    description: `${l.description} (reschedule top-up)`,
    stripeObjectId: paid.chargeId ?? paid.paymentIntentId,
  }));
  return [
    ...bookingTransitionItems(deps, booking.id, {
      transition: 'RESCHEDULE',
      actor: 'CUSTOMER',
      actorId: booking.customerId,
      from: 'CONFIRMED',
      now,
      change: {
        set: {
          startDateTime: entry.toStart,
          endDateTime: entry.toEnd,
          slotHoldIds: newHoldIds,
          rescheduleCount: entry.sequence,
          rescheduledAt: entry.at,
          currentPriceCents: pending.priceCents,
        },
        add: {
          totalAmountCents: pending.amountDueCents,
          platformFeeCents: pending.platformFeeCents,
          providerEarningsCents: pending.providerEarningsCents,
        },
        remove: ['pendingMove', 'rescheduleWork', 'rescheduleWorkDueAt'],
        append: { reschedules: [entry], topUps: [topUp] },
      },
      expect: [...pendingIs(pending.sequence), { attr: 'startDateTime', eq: booking.startDateTime }],
      details: {
        sequence: entry.sequence,
        fromStart: entry.fromStart,
        fromEnd: entry.fromEnd,
        toStart: entry.toStart,
        toEnd: entry.toEnd,
        priceCents: entry.priceCents,
        refundCents: 0,
        amountChargedCents: pending.amountDueCents,
        topUpPaymentIntentId: paid.paymentIntentId,
      },
    }),
    ...releaseHoldItems(deps, booking.id, released),
    ...ledgerLineItems(deps, lines, now, { role: 'STRIPE' }),
  ];
}
