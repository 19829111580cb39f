/**
 * The booking lifecycle beyond payment: ending unpaid holds (CANCEL_BOOKING, hold expiry) and completing bookings
 * (the provider, or the scheduled run after a grace period). Every status change is a named transition of the booking
 * machine, planned in memory before any Stripe call and written by the Booking writer, whose condition DynamoDB
 * checks; Stripe writes carry keys derived from the booking. A payment after the hold ended: late-payment.ts; the
 * retry of a failed PaymentIntent cancel: intent-cancel-retry.ts.
 */
import Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import { isUnpaidStatus, type BookingActor } from '../domain/booking-status';
import { completionCutoff, hasStarted } from '../domain/earnings';
import { bookingTransitionItems, transitionBooking } from '../data/booking-writer';
import { pendingIntentCancelFields } from '../data/intent-cancels';
import { transactionCancellationReasons } from '../data/items';
import type { BookingRecord } from '../data/records';
import { repo } from '../data/repository';
import { releaseHoldItems } from '../data/slot-holds';
import { transactWrite } from '../data/transact';
import type { BookingView } from '../http/booking-processor';
import type { BookingReceiptView } from '../http/booking-processor';
import { AppError } from '../http/errors';
import { toAppError } from '../stripe/errors';
import { authorize } from './access';
import { applyPaymentIntent, cancelBookingIntent } from './booking-payment';
import { actorFor, planOrConflict } from './booking-transitions';
import { toBookingView } from './bookings';
import { returnBookingCredits } from './booking-credits';
import { logError, retryPendingIntentCancels, type IntentCancelRetryResult } from './intent-cancel-retry';
import { receiptUrlOfPayment } from './payments';
import type { Deps } from '../ports';

// ---- ending an unpaid hold ------------------------------------------------------------------------

type HoldEndOutcome = 'ended' | 'already-ended' | 'paid' | 'changed';

/**
 * Cancels the booking's PaymentIntent, then ends the hold (CANCEL_UNPAID / EXPIRE_HOLD) and deletes its slot holds in
 * one transaction, which the machine's condition lets through only while the booking is unpaid. If the payment won
 * the race (the PaymentIntent already succeeded), the booking is confirmed instead ('paid').
 * `cancelFailure`: 'throw' (a customer's cancel: nothing changes while Stripe is unreachable) or 'proceed' (expiry:
 * the slot is freed anyway, and a payment that still arrives is refunded by the late-payment handler).
 */
async function endUnpaidHold(
  deps: Deps,
  booking: BookingRecord,
  transition: 'CANCEL_UNPAID' | 'EXPIRE_HOLD',
  actor: BookingActor,
  who: string,
  cancelFailure: 'throw' | 'proceed',
): Promise<HoldEndOutcome> {
  const { to } = planOrConflict(booking, transition, actor);
  let cancelFailed: string | undefined; // Stripe's error message when the cancel could not be done
  if (booking.paymentIntentId) {
    const piId = booking.paymentIntentId;
    try {
      await cancelBookingIntent(deps, booking.id, piId, to ?? booking.status);
    } catch (err) {
      // Decide from the PaymentIntent as Stripe has it now, not from the error.
      const pi = await deps.stripe.paymentIntents.retrieve(piId).catch(() => undefined);
      if (pi?.status === 'succeeded') {
        // The webhook may be confirming it at the same moment: whichever commits first, the booking ends confirmed.
        await applyPaymentIntent(deps, pi).catch((e: unknown) => {
          if (!transactionCancellationReasons(e)) throw e;
        });
        return 'paid';
      }
      if (pi?.status !== 'canceled') {
        if (cancelFailure === 'throw' || !(err instanceof Stripe.errors.StripeError)) {
          throw toAppError(err);
        }
        cancelFailed = err.message;
      }
    }
  }
  const now = deps.clock.now();
  // A cancel that failed is retried by the scheduled run (retryPendingIntentCancels), first after a short wait.
  const retry = cancelFailed !== undefined ? pendingIntentCancelFields(now, cancelFailed) : {};
  try {
    await transactWrite(deps, [
      ...bookingTransitionItems(deps, booking.id, {
        transition,
        actor,
        ...personOf(actor, who),
        now,
        change: { set: { [transition === 'EXPIRE_HOLD' ? 'expiredAt' : 'cancelledAt']: now.toISOString(), cancelledBy: who, ...retry } },
        // the holds released below are those read: a booking moved since (rescheduled) is decided again
        expect: [{ attr: 'startDateTime', eq: booking.startDateTime }],
      }),
      ...releaseHoldItems(deps, booking.id, booking.slotHoldIds),
    ]);
  } catch (err) {
    const reasons = transactionCancellationReasons(err);
    if (!reasons || reasons[0] !== 'ConditionalCheckFailed') throw err;
    const current = await repo.booking(deps, booking.id);
    if (current?.status !== to) return 'changed';
    await releaseAppliedCredits(deps, booking, actor, who); // converges after a crash between the two steps
    return 'already-ended';
  }
  await releaseAppliedCredits(deps, booking, actor, who);
  return 'ended';
}

/** The person behind a transition, for its event (the scheduled runs act as the system: no one). */
function personOf(actor: BookingActor, userId: string): { actorId?: string } {
  return actor === 'SYSTEM' || actor === 'STRIPE' ? {} : { actorId: userId };
}

/** Credits applied to a booking that was never paid go back to the customer (once per booking: idempotent). */
async function releaseAppliedCredits(deps: Deps, booking: BookingRecord, actor: BookingActor, who: string): Promise<void> {
  if ((booking.creditsAppliedCents ?? 0) === 0) return;
  const { actorId } = personOf(actor, who);
  await returnBookingCredits(deps, booking.id, 'released', { role: actor, ...(actorId ? { id: actorId } : {}) });
}

/** CANCEL_BOOKING before payment: the customer's own booking (or an admin), at once. */
export async function cancelUnpaidBooking(deps: Deps, caller: Identity, bookingId: string): Promise<BookingView> {
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'cancelUnpaid', { details: { bookingId } });
  const actor = actorFor(caller, booking, 'cancelUnpaid');
  if (booking.status === 'CANCELLED') return toBookingView(booking);
  planOrConflict(
    booking,
    'CANCEL_UNPAID',
    actor,
    `This booking is ${booking.status.toLowerCase().replace(/_/g, ' ')}: only an unpaid booking can be cancelled here`,
  );
  const outcome = await endUnpaidHold(deps, booking, 'CANCEL_UNPAID', actor, caller.userId, 'throw');
  const after = (await repo.booking(deps, bookingId)) as BookingRecord;
  if (outcome === 'paid' || outcome === 'changed') {
    throw new AppError('INVALID_TRANSITION', 'This booking was paid in the meantime, so it was not cancelled', {
      bookingId,
      currentStatus: after.status,
      requestedStatus: 'CANCELLED',
    });
  }
  return toBookingView(after);
}

export interface ExpirySweepResult {
  expired: number;
  /** The payment won the race: confirmed instead. */
  confirmed: number;
  /** Expired although the PaymentIntent could not be canceled (a late payment will be refunded). */
  cancelFailed: number;
  failed: number;
  /** The retries of earlier failed cancels, run at the end of every sweep. */
  cancelRetries?: IntentCancelRetryResult;
}

/** The scheduled expiry sweep: unpaid holds past holdExpiresAt, found by index query (byStatusHoldExpiry). */
export async function expireHolds(deps: Deps, limit = 500): Promise<ExpirySweepResult> {
  const now = deps.clock.now().toISOString();
  const result: ExpirySweepResult = { expired: 0, confirmed: 0, cancelFailed: 0, failed: 0 };
  for (const status of ['PENDING_PAYMENT', 'PAYMENT_FAILED'] as const) {
    const due = await repo.bookingsWithHoldExpiredBy(deps, status, now, limit);
    for (const candidate of due) {
      try {
        // The index is eventually consistent: decide from the item itself.
        const booking = await repo.booking(deps, candidate.id);
        if (!booking || !isUnpaidStatus(booking.status) || booking.holdExpiresAt > now) continue;
        const outcome = await endUnpaidHold(deps, booking, 'EXPIRE_HOLD', 'SYSTEM', 'SYSTEM', 'proceed');
        if (outcome === 'paid') result.confirmed++;
        else if (outcome === 'ended') {
          result.expired++;
          const stored = await repo.booking(deps, booking.id);
          if (stored?.paymentIntentCancelFailed) result.cancelFailed++;
        }
      } catch (err) {
        result.failed++;
        logError('expire-hold', candidate.id, err);
      }
    }
  }
  // Those just expired with a failed cancel are not due yet: their first retry waits INTENT_CANCEL_RETRY_BASE_MS.
  result.cancelRetries = await retryPendingIntentCancels(deps, limit);
  return result;
}

// ---- completion -----------------------------------------------------------------------------------

/** COMPLETE_BOOKING: the booking's provider (or an admin) marks a CONFIRMED booking done once it has started. */
export async function completeBooking(deps: Deps, caller: Identity, bookingId: string): Promise<BookingView> {
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'complete', {
    details: { bookingId },
    forbidden: 'Only the provider of this service can mark it completed',
  });
  if (booking.status === 'COMPLETED' || booking.status === 'PAID_OUT') return toBookingView(booking);
  const actor = actorFor(caller, booking, 'complete');
  planOrConflict(booking, 'COMPLETE', actor);
  const now = deps.clock.now();
  if (!hasStarted(booking.startDateTime, now)) {
    throw new AppError('INVALID_TRANSITION', 'A booking can be marked completed once it has started', {
      bookingId,
      currentStatus: booking.status,
      requestedStatus: 'COMPLETED',
      startDateTime: booking.startDateTime,
    });
  }
  const completed = await markCompleted(deps, booking, actor, caller.userId, now);
  if (completed) return toBookingView(completed);
  // Refused by the database: the status moved since the read. Completed meanwhile is fine; anything else is a 409.
  const after = (await repo.booking(deps, bookingId)) as BookingRecord;
  if (after.status !== 'COMPLETED' && after.status !== 'PAID_OUT') planOrConflict(after, 'COMPLETE', actor);
  return toBookingView(after);
}

/** COMPLETE from the status read (CONFIRMED); undefined when the database refused it (the booking moved on). */
function markCompleted(deps: Deps, booking: Pick<BookingRecord, 'id' | 'status'>, actor: BookingActor, by: string, now: Date) {
  return transitionBooking(deps, booking.id, {
    transition: 'COMPLETE',
    actor,
    ...personOf(actor, by),
    from: booking.status,
    change: { set: { completedAt: now.toISOString(), completedBy: by } },
    now,
  });
}

export interface CompletionSweepResult {
  completed: number;
  failed: number;
}

/** The scheduled completion: CONFIRMED bookings whose end passed by the grace period (index byScheduleEnd, every shard). */
export async function completeDueBookings(deps: Deps, limit = 500): Promise<CompletionSweepResult> {
  const now = deps.clock.now();
  const due = await repo.bookingsInStatusEndedBy(deps, 'CONFIRMED', completionCutoff(now), limit);
  const result: CompletionSweepResult = { completed: 0, failed: 0 };
  for (const b of due) {
    try {
      if (await markCompleted(deps, { id: b.id, status: 'CONFIRMED' }, 'SYSTEM', 'SYSTEM', now)) result.completed++;
    } catch (err) {
      result.failed++;
      logError('complete-booking', b.id, err);
    }
  }
  return result;
}

// ---- the customer's receipt -----------------------------------------------------------------------

/** GET_BOOKING_RECEIPT: what the booking cost and how it was paid, with the card charge's Stripe receipt. */
export async function bookingReceipt(deps: Deps, caller: Identity, bookingId: string): Promise<BookingReceiptView> {
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'receipt', { details: { bookingId } });
  const creditsAppliedCents = booking.creditsAppliedCents ?? 0;
  const cardAmountCents = booking.totalAmountCents - creditsAppliedCents;
  const paid = booking.confirmedAt !== undefined;
  // A receipt Stripe cannot give right now is left out (the page says so) rather than failing the whole view.
  const receiptUrl =
    paid && cardAmountCents > 0 && booking.paymentIntentId
      ? await receiptUrlOfPayment(deps, booking.paymentIntentId).catch((err: unknown) => void logError('booking-receipt', booking.id, err))
      : undefined;
  return {
    bookingId: booking.id,
    paid,
    ...(booking.confirmedAt ? { paidAt: booking.confirmedAt } : {}),
    currency: booking.currency,
    totalAmountCents: booking.totalAmountCents,
    creditsAppliedCents,
    cardAmountCents,
    refundedCents: booking.refundedCents ?? 0,
    ...(booking.promotionCode && booking.discountCents
      ? { promotionCode: booking.promotionCode, discountCents: booking.discountCents }
      : {}),
    ...(receiptUrl ? { receiptUrl } : {}),
  };
}
