/**
 * A move to a higher price: the new slot is held (like an unpaid booking's, until `holdExpiresAt`) while the customer
 * pays the difference on a top-up PaymentIntent; the booking itself is unchanged until the payment lands. The webhook
 * (payment_intent.succeeded), the page's replay of its request and the scheduled run all converge through
 * topUpEffects: the move completes once (lib/data/reschedule-topup-writes.ts), a payment after the move was dropped is
 * refunded in full once (REFUND_LATE_PAYMENT's rule), and a hold that ends unpaid drops the move and cancels the intent.
 */
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import { lateTopUpRefundReference, topUpSplit } from '../domain/reschedule-topup';
import { chargeLedgerLines } from '../domain/ledger';
import { bookingUpdateItem } from '../data/booking-writer';
import { bookingsWithRescheduleWorkDue } from '../data/booking-queries';
import { ledgerAccounts, ledgerLineItems } from '../data/ledger-writer';
import type { BookingRecord, PendingMove } from '../data/records';
import { repo } from '../data/repository';
import { completePendingMoveItems, dropPendingMoveItems, pendingMoveIntentItem, startPendingMove } from '../data/reschedule-topup-writes';
import { commitWithRetry, transactWrite, type TxItem } from '../data/transact';
import type { RescheduleResult } from '../http/booking-processor';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { idempotencyKeys } from '../stripe/idempotency';
import type { Deps } from '../ports';
import { getBooking } from './bookings';

/** The top-up PaymentIntent's metadata kind. */
export const TOPUP_KIND = 'reschedule_topup';

export interface TopUpPlan {
  start: Date;
  end: Date;
  newHoldIds: string[];
  priceCents: number;
  requestId?: string | undefined;
}

const customerOf = (pi: Stripe.PaymentIntent) => (typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? undefined));

/** Holds the new slot and opens the top-up; 'retry' when the booking changed under the read. */
export async function startTopUpMove(
  deps: Deps,
  caller: Identity,
  booking: BookingRecord,
  plan: TopUpPlan,
): Promise<RescheduleResult | 'retry'> {
  const now = deps.clock.now();
  const current = booking.currentPriceCents ?? booking.totalAmountCents;
  if ((booking.creditsAppliedCents ?? 0) > 0 || !booking.paymentIntentId) {
    throw new AppError(
      'CONFLICT',
      'This booking was paid with credits, so a move to the new, higher price cannot be charged here. Cancel it under its policy and book the new time instead.',
      { bookingId: booking.id, reason: 'PRICE_INCREASED', amountDueCents: plan.priceCents - current, currency: booking.currency },
    );
  }
  const split = topUpSplit(
    { priceCents: current, platformFeeCents: booking.platformFeeCents - (booking.feeRefundedCents ?? 0), currency: booking.currency },
    plan.priceCents,
  );
  const sequence = (booking.topUpAttempts ?? 0) + 1;
  const pending: PendingMove = {
    sequence,
    ...(plan.requestId ? { requestId: plan.requestId } : {}),
    toStart: plan.start.toISOString(),
    toEnd: plan.end.toISOString(),
    priceCents: plan.priceCents,
    amountDueCents: split.amountDueCents,
    platformFeeCents: split.platformFeeCents,
    providerEarningsCents: split.providerEarningsCents,
    paymentIntentId: '',
    newSlotHoldIds: plan.newHoldIds,
    holdIds: plan.newHoldIds.filter((id) => !booking.slotHoldIds.includes(id)),
    holdExpiresAt: new Date(now.getTime() + deps.config.holdMinutes * 60_000).toISOString(),
    at: now.toISOString(),
  };
  const outcome = await startPendingMove(deps, booking, pending, now);
  if (outcome === 'slot-taken') {
    throw new AppError('SLOT_UNAVAILABLE', 'This time was just booked by someone else. Please pick another time.', {
      bookingId: booking.id,
      startTime: pending.toStart,
    });
  }
  if (outcome !== 'started') return 'retry';
  let pi: Stripe.PaymentIntent;
  try {
    // The same Stripe customer as the booking's payment, so a card saved there can pay this too.
    const first = await callStripe(() => deps.stripe.paymentIntents.retrieve(booking.paymentIntentId as string));
    const customer = customerOf(first);
    pi = await callStripe(() =>
      deps.stripe.paymentIntents.create(
        {
          amount: split.amountDueCents,
          currency: booking.currency,
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          transfer_group: booking.id,
          ...(customer ? { customer } : {}),
          description: `${booking.serviceTitle}: moved to ${pending.toStart} (price difference)`,
          metadata: {
            kind: TOPUP_KIND,
            bookingId: booking.id,
            customerId: booking.customerId,
            providerId: booking.providerId,
            seq: String(sequence),
            platformFeeCents: String(split.platformFeeCents),
          },
        },
        { idempotencyKey: idempotencyKeys.rescheduleTopUp(booking.id, sequence) },
      ),
    );
    pending.paymentIntentId = pi.id;
    await transactWrite(deps, [pendingMoveIntentItem(deps, booking, pending, deps.clock.now())]);
  } catch (err) {
    // No payment can be taken for this move: give the new slot back, the booking stays as it was.
    await transactWrite(deps, dropPendingMoveItems(deps, booking, pending, deps.clock.now()));
    throw err;
  }
  return pendingAnswer(deps, caller, booking, pending, pi.client_secret ?? undefined, false);
}

/**
 * The page's replay of a pending move's request: in line with its PaymentIntent first; 'moved' when that completed
 * the move (the caller answers it from the booking), else the pending move again with its client secret.
 */
export async function answerPendingMove(
  deps: Deps,
  caller: Identity,
  booking: BookingRecord,
  pending: PendingMove,
): Promise<RescheduleResult | 'moved'> {
  const pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(pending.paymentIntentId));
  if (pi.status === 'succeeded') {
    await commitWithRetry(deps, async () => (await topUpEffects(deps, pi)) ?? []);
    return 'moved';
  }
  return pendingAnswer(deps, caller, booking, pending, pi.client_secret ?? undefined, true);
}

async function pendingAnswer(
  deps: Deps,
  caller: Identity,
  booking: BookingRecord,
  pending: PendingMove,
  clientSecret: string | undefined,
  replayed: boolean,
): Promise<RescheduleResult> {
  return {
    booking: await getBooking(deps, caller, booking.id),
    reschedule: {
      sequence: (booking.rescheduleCount ?? 0) + 1,
      fromStart: booking.startDateTime,
      toStart: pending.toStart,
      toEnd: pending.toEnd,
      priceCents: pending.priceCents,
      refundCents: 0,
      currency: booking.currency,
      refundStatus: 'NONE',
      topUp: {
        status: 'AWAITING_PAYMENT',
        amountDueCents: pending.amountDueCents,
        holdExpiresAt: pending.holdExpiresAt,
        ...(clientSecret ? { clientSecret } : {}),
      },
    },
    replayed,
  };
}

/**
 * The writes that bring a booking in line with one of its top-up PaymentIntents as Stripe has it now; undefined when
 * `pi` is no top-up. Paid while its move is pending: the move completes. Paid after the move was dropped: refunded
 * in full, once, with the charge and its refund in the ledger. Anything else: nothing.
 */
export async function topUpEffects(deps: Deps, pi: Stripe.PaymentIntent): Promise<TxItem[] | undefined> {
  const md = pi.metadata ?? {};
  if (md.kind !== TOPUP_KIND || !md.bookingId) return undefined;
  const sequence = Number(md.seq);
  const booking = await repo.booking(deps, md.bookingId);
  if (!booking || pi.status !== 'succeeded' || !Number.isInteger(sequence)) return [];
  if (booking.topUps?.some((t) => t.sequence === sequence) || booking.lateTopUpRefunds?.includes(sequence)) return [];
  const now = deps.clock.now();
  const chargeId = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
  const pending = booking.pendingMove;
  if (pending?.sequence === sequence && booking.status === 'CONFIRMED') {
    if (pi.currency !== booking.currency || pi.amount_received !== pending.amountDueCents) {
      throw new Error(
        `top-up ${pi.id} received ${pi.amount_received} ${pi.currency}, booking ${booking.id} expects ${pending.amountDueCents}`,
      );
    }
    return completePendingMoveItems(deps, booking, pending, { paymentIntentId: pi.id, ...(chargeId ? { chargeId } : {}) }, now);
  }
  const refund = await deps.stripe.refunds.create(
    { payment_intent: pi.id, reason: 'requested_by_customer', metadata: { bookingId: booking.id, reason: 'late_reschedule_topup' } },
    { idempotencyKey: idempotencyKeys.rescheduleTopUpLateRefund(booking.id, sequence) },
  );
  const fee = Math.min(pi.amount_received, Math.max(0, Number(md.platformFeeCents) || 0));
  const account = ledgerAccounts.booking(booking.id);
  const reference = lateTopUpRefundReference(sequence);
  const charged = chargeLedgerLines({
    totalAmountCents: pi.amount_received,
    platformFeeCents: fee,
    providerEarningsCents: pi.amount_received - fee,
    currency: booking.currency,
  }).map((l) => ({ ...l, account, reference, stripeObjectId: chargeId ?? pi.id }));
  const refunded = [
    { type: 'REFUND' as const, amountCents: refund.amount, description: 'Late reschedule payment refunded: the move had ended' },
    { type: 'FEE_REFUND' as const, amountCents: fee, description: 'Platform commission of the refunded late reschedule payment' },
  ].map((l) => ({ ...l, account, reference, currency: booking.currency, stripeObjectId: refund.id }));
  return [
    bookingUpdateItem(deps, booking.id, { change: { append: { lateTopUpRefunds: [sequence] } }, now }),
    ...ledgerLineItems(deps, [...charged, ...refunded], now, { role: 'STRIPE' }),
  ];
}

/**
 * Ends a pending move that will not be paid (its hold ended, or the booking is being cancelled): the top-up
 * PaymentIntent cancelled (one key per move), then the move dropped and its holds released. Paid meanwhile: the move
 * completes instead ('paid').
 */
export async function endPendingMove(deps: Deps, booking: BookingRecord, pending: PendingMove): Promise<'paid' | 'dropped'> {
  if (pending.paymentIntentId) {
    let pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(pending.paymentIntentId));
    if (pi.status !== 'succeeded' && pi.status !== 'canceled') {
      try {
        pi = await deps.stripe.paymentIntents.cancel(
          pi.id,
          { cancellation_reason: 'abandoned' },
          { idempotencyKey: idempotencyKeys.rescheduleTopUpCancel(booking.id, pending.sequence) },
        );
      } catch (err) {
        // Paid between the read and the cancel: Stripe refuses the cancel; the payment decides. Otherwise Stripe
        // did not answer: the move is dropped all the same, and a payment landing later is refunded (topUpEffects).
        pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(pending.paymentIntentId)).catch(() => pi);
        if (pi.status !== 'succeeded') {
          console.error(JSON.stringify({ level: 'error', at: 'pending-move-cancel', bookingId: booking.id, error: String(err) }));
        }
      }
    }
    if (pi.status === 'succeeded') {
      const paid = pi;
      await commitWithRetry(deps, async () => (await topUpEffects(deps, paid)) ?? []);
      return 'paid';
    }
  }
  await commitWithRetry(deps, async () => {
    const fresh = await repo.booking(deps, booking.id);
    if (fresh?.pendingMove?.sequence !== pending.sequence) return [];
    return dropPendingMoveItems(deps, fresh, fresh.pendingMove, deps.clock.now());
  });
  return 'dropped';
}

export interface PendingMoveSweep {
  dropped: number;
  paid: number;
  failed: number;
}

/** The scheduled run's step: pending moves whose hold ended are dropped (or completed when paid in time). */
export async function expirePendingMoves(deps: Deps, limit = 100): Promise<PendingMoveSweep> {
  const now = deps.clock.now();
  const result: PendingMoveSweep = { dropped: 0, paid: 0, failed: 0 };
  for (const candidate of await bookingsWithRescheduleWorkDue(deps, 'TOPUP_PENDING', now, limit)) {
    try {
      // The index is eventually consistent: decide from the item itself.
      const booking = await repo.booking(deps, candidate.id);
      const pending = booking?.pendingMove;
      if (!booking || !pending || pending.holdExpiresAt > now.toISOString()) continue;
      result[(await endPendingMove(deps, booking, pending)) === 'paid' ? 'paid' : 'dropped']++;
    } catch (err) {
      result.failed++;
      console.error(JSON.stringify({ level: 'error', at: 'expire-pending-move', bookingId: candidate.id, error: String(err) }));
    }
  }
  return result;
}
