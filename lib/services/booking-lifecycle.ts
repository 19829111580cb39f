/**
 * The booking lifecycle beyond payment: ending unpaid holds (CANCEL_BOOKING, hold expiry), refunding a payment that
 * arrives after its hold ended, and completing bookings (the provider, or the scheduled run after a grace period).
 * Every status change is a conditional write checked against the transition table; Stripe writes carry keys
 * derived from the booking.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { hasGroup, type Identity } from '../auth/identity';
import { assertTransition, InvalidTransitionError, isUnpaidStatus, type BookingActor } from '../domain/booking-status';
import { completionCutoff, hasStarted } from '../domain/earnings';
import { chargeLedgerLines } from '../domain/ledger';
import { isConditionalCheckFailed, modelFields, transactionCancellationReasons } from '../data/items';
import type { BookingRecord, BookingStatus, IntentCancelStatus, TransactionRecord } from '../data/records';
import { queryIndex, repo } from '../data/repository';
import { transactWrite, type TxItem } from '../data/transact';
import type { BookingView } from '../http/contract';
import type { BookingReceiptView, ProviderBookingView } from '../http/lifecycle-contract';
import { AppError } from '../http/errors';
import { toAppError } from '../stripe/errors';
import { idempotencyKeys } from '../stripe/idempotency';
import { nextIntentCancelRetryAt } from '../domain/scheduled-run';
import { cancelBookingIntent, paymentIntentEffects } from './booking-payment';
import { toBookingView } from './bookings';
import { returnBookingCredits } from './credits';
import { receiptUrlOfPayment } from './payments';
import type { Deps } from './deps';
import type { EventHandlerMap, EventOf } from './event-handler-types';

/** The domain's refusal as the API's 409. */
export function transitionOrConflict(booking: BookingRecord, to: BookingStatus, actor: BookingActor, message?: string): void {
  try {
    assertTransition(booking.status, to, actor);
  } catch (err) {
    if (err instanceof InvalidTransitionError) {
      throw new AppError('INVALID_TRANSITION', message ?? `A ${booking.status.toLowerCase().replace(/_/g, ' ')} booking cannot become ${to.toLowerCase().replace(/_/g, ' ')}`, {
        bookingId: booking.id,
        currentStatus: booking.status,
        requestedStatus: to,
      });
    }
    throw err;
  }
}

// ---- ending an unpaid hold ------------------------------------------------------------------------

export type HoldEndOutcome = 'ended' | 'already-ended' | 'paid' | 'changed';

/**
 * Cancels the booking's PaymentIntent, then marks the booking CANCELLED/EXPIRED and deletes its slot holds in one
 * transaction conditional on the booking still being unpaid. If the payment won the race (the PaymentIntent already
 * succeeded), the booking is confirmed instead ('paid').
 * `cancelFailure`: 'throw' (a customer's cancel: nothing changes while Stripe is unreachable) or 'proceed' (expiry:
 * the slot is freed anyway, and a payment that still arrives is refunded by the late-payment handler).
 */
async function endUnpaidHold(
  deps: Deps,
  booking: BookingRecord,
  to: 'CANCELLED' | 'EXPIRED',
  actor: BookingActor,
  who: string,
  cancelFailure: 'throw' | 'proceed',
): Promise<HoldEndOutcome> {
  transitionOrConflict(booking, to, actor);
  let cancelFailed: string | undefined; // Stripe's error message when the cancel could not be done
  if (booking.paymentIntentId) {
    const piId = booking.paymentIntentId;
    try {
      await cancelBookingIntent(deps, booking.id, piId, to);
    } catch (err) {
      // Decide from the PaymentIntent as Stripe has it now, not from the error.
      const pi = await deps.stripe.paymentIntents.retrieve(piId).catch(() => undefined);
      if (pi?.status === 'succeeded') {
        await commitIgnoringConflicts(deps, await paymentIntentEffects(deps, pi));
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
  const clockNow = deps.clock.now();
  const now = clockNow.toISOString();
  // A cancel that failed is retried by the scheduled run (retryPendingIntentCancels), first after a short wait.
  const retry = cancelFailed !== undefined ? pendingCancelFields(clockNow, cancelFailed) : undefined;
  const items: TxItem[] = [
    {
      Update: {
        TableName: deps.tables.Booking,
        Key: { id: booking.id },
        ConditionExpression: '#status IN (:pending, :failed)',
        UpdateExpression: `SET #status = :to, ${to === 'EXPIRED' ? 'expiredAt' : 'cancelledAt'} = :now, cancelledBy = :who, updatedAt = :now${
          retry ? `, ${Object.keys(retry).map((k) => `${k} = :${k}`).join(', ')}` : ''
        }`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'PENDING_PAYMENT',
          ':failed': 'PAYMENT_FAILED',
          ':to': to,
          ':now': now,
          ':who': who,
          ...(retry ? Object.fromEntries(Object.entries(retry).map(([k, v]) => [`:${k}`, v])) : {}),
        },
      },
    },
    ...booking.slotHoldIds.map(
      (id): TxItem => ({
        Delete: {
          TableName: deps.tables.SlotHold,
          Key: { id },
          // Only our own hold, and a hold already gone is fine.
          ConditionExpression: 'attribute_not_exists(id) OR bookingId = :bookingId',
          ExpressionAttributeValues: { ':bookingId': booking.id },
        },
      }),
    ),
  ];
  try {
    await transactWrite(deps, items);
  } catch (err) {
    const reasons = transactionCancellationReasons(err);
    if (!reasons || reasons[0] !== 'ConditionalCheckFailed') throw err;
    const now2 = await repo.booking(deps, booking.id);
    if (now2?.status !== to) return 'changed';
    await releaseAppliedCredits(deps, booking); // converges after a crash between the two steps
    return 'already-ended';
  }
  await releaseAppliedCredits(deps, booking);
  return 'ended';
}

/** Credits applied to a booking that was never paid go back to the customer (once per booking: idempotent). */
async function releaseAppliedCredits(deps: Deps, booking: BookingRecord): Promise<void> {
  if ((booking.creditsAppliedCents ?? 0) > 0) await returnBookingCredits(deps, booking.id, 'released');
}

async function commitIgnoringConflicts(deps: Deps, items: TxItem[]): Promise<void> {
  try {
    await transactWrite(deps, items);
  } catch (err) {
    if (!transactionCancellationReasons(err)) throw err; // someone else applied the same state first
  }
}

/** CANCEL_BOOKING before payment: the customer's own booking (or an admin), at once. */
export async function cancelUnpaidBooking(deps: Deps, caller: Identity, bookingId: string): Promise<BookingView> {
  const booking = await repo.booking(deps, bookingId);
  const isAdmin = hasGroup(caller, 'ADMIN');
  if (!booking || (booking.customerId !== caller.userId && !isAdmin)) throw new AppError('NOT_FOUND', 'Booking not found', { bookingId });
  const actor: BookingActor = booking.customerId === caller.userId ? 'CUSTOMER' : 'ADMIN';
  if (booking.status === 'CANCELLED') return toBookingView(booking);
  if (!isUnpaidStatus(booking.status)) {
    transitionOrConflict(booking, 'CANCELLED', 'SYSTEM', `This booking is ${booking.status.toLowerCase().replace(/_/g, ' ')}: only an unpaid booking can be cancelled here`);
  }
  const outcome = await endUnpaidHold(deps, booking, 'CANCELLED', actor, caller.userId, 'throw');
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
        const outcome = await endUnpaidHold(deps, booking, 'EXPIRED', 'SYSTEM', 'SYSTEM', 'proceed');
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

// ---- a payment after the hold ended ---------------------------------------------------------------

/**
 * payment_intent.succeeded for a booking whose hold already ended (EXPIRED/CANCELLED, never confirmed): refund it in
 * full (idempotency key per booking) and record charge and refund in the ledger, once. Undefined when the event is
 * not a late payment (the ordinary confirmation applies).
 */
export async function latePaymentEffects(deps: Deps, pi: Stripe.PaymentIntent): Promise<TxItem[] | undefined> {
  const bookingId = pi.metadata?.bookingId;
  if (!bookingId || pi.status !== 'succeeded') return undefined;
  const booking = await repo.booking(deps, bookingId);
  if (!booking || (booking.status !== 'EXPIRED' && booking.status !== 'CANCELLED')) return undefined;
  if (booking.chargeId || booking.confirmedAt) return undefined; // a paid booking cancelled later: the refunds work
  if (booking.paymentIntentId && booking.paymentIntentId !== pi.id) return undefined;
  if (booking.latePaymentRefundId) return [];
  assertTransition(booking.status, booking.status, 'STRIPE');
  const chargeId = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
  const refund = await deps.stripe.refunds.create(
    { payment_intent: pi.id, reason: 'requested_by_customer', metadata: { bookingId, reason: 'late_payment_after_hold_ended' } },
    { idempotencyKey: idempotencyKeys.bookingLatePaymentRefund(bookingId) },
  );
  const now = deps.clock.now();
  const ledger = [
    ...chargeLedgerLines({
      totalAmountCents: pi.amount_received,
      platformFeeCents: booking.platformFeeCents,
      providerEarningsCents: pi.amount_received - booking.platformFeeCents,
      currency: booking.currency,
    }).map((l) => ({ ...l, id: `${bookingId}#${l.type}`, stripeObjectId: chargeId ?? pi.id })),
    { id: `${bookingId}#REFUND#${refund.id}`, type: 'REFUND' as const, amountCents: refund.amount, currency: booking.currency, description: 'Late payment refunded: the hold had ended', stripeObjectId: refund.id },
    { id: `${bookingId}#FEE_REFUND#${refund.id}`, type: 'FEE_REFUND' as const, amountCents: booking.platformFeeCents, currency: booking.currency, description: 'Platform commission of the refunded late payment', stripeObjectId: refund.id },
  ];
  return [
    {
      Update: {
        TableName: deps.tables.Booking,
        Key: { id: bookingId },
        ConditionExpression: '#status = :status AND attribute_not_exists(latePaymentRefundId)',
        UpdateExpression: 'SET latePaymentRefundId = :refund, updatedAt = :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': booking.status, ':refund': refund.id, ':now': now.toISOString() },
      },
    },
    ...ledger.map(
      ({ id, ...line }): TxItem => ({
        Put: {
          TableName: deps.tables.Transaction,
          Item: { ...modelFields('Transaction', id, now), bookingId, ...line } satisfies TransactionRecord,
          ConditionExpression: 'attribute_not_exists(id)',
        },
      }),
    ),
  ];
}

/** payment_intent.succeeded: a late payment is refunded, any other is the ordinary confirmation. */
const onPaymentIntentSucceeded = async (deps: Deps, event: EventOf<'payment_intent.succeeded'>): Promise<TxItem[]> => {
  const pi = await deps.stripe.paymentIntents.retrieve(event.data.object.id);
  return (await latePaymentEffects(deps, pi)) ?? paymentIntentEffects(deps, pi);
};

export const lifecycleEventHandlers: EventHandlerMap = {
  'payment_intent.succeeded': onPaymentIntentSucceeded,
};

// ---- retrying a failed PaymentIntent cancel ----------------------------------------------------------

/** The marker a hold that ended with a failed cancel gets (with paymentIntentCancelFailed): one attempt made. */
function pendingCancelFields(now: Date, error: string) {
  return {
    paymentIntentCancelFailed: true,
    intentCancelStatus: 'PENDING',
    intentCancelPendingSince: now.toISOString(),
    intentCancelAttempts: 1,
    intentCancelRetryAt: (nextIntentCancelRetryAt(1, now) as Date).toISOString(),
    intentCancelLastError: error.slice(0, 500),
  } satisfies Partial<BookingRecord>;
}

export interface IntentCancelRetryResult {
  /** The PaymentIntent is canceled now (or already was). */
  canceled: number;
  /** It had been paid after all: the late payment is refunded (here, if the webhook has not done it yet). */
  paidAndRefunded: number;
  /** Still failing; tried again later. */
  retryLater: number;
  /** Failed for the last time: intentCancelStatus GAVE_UP, for an admin. */
  gaveUp: number;
  errors: number;
}

/**
 * The scheduled retry of failed PaymentIntent cancels: bookings with intentCancelStatus PENDING whose retry is due,
 * found by the sparse index byIntentCancelRetry (no scan). Each is cancelled again with the booking's idempotency
 * key; the marker is cleared when Stripe has the PaymentIntent canceled, or succeeded (the late-payment case: the
 * refund is made here too, with its own key, if the webhook has not made it). Every write is conditional on the
 * attempt count read, so overlapping runs record each attempt once.
 */
export async function retryPendingIntentCancels(deps: Deps, limit = 100): Promise<IntentCancelRetryResult> {
  const now = deps.clock.now();
  const due = await queryIndex<BookingRecord>(deps, 'Booking', {
    index: 'byIntentCancelRetry',
    key: 'intentCancelStatus',
    value: 'PENDING' satisfies IntentCancelStatus,
    sortKey: { name: 'intentCancelRetryAt', to: now.toISOString() },
    limit,
  });
  const result: IntentCancelRetryResult = { canceled: 0, paidAndRefunded: 0, retryLater: 0, gaveUp: 0, errors: 0 };
  for (const candidate of due) {
    try {
      // The index is eventually consistent: decide from the item itself.
      const booking = await repo.booking(deps, candidate.id);
      if (booking?.intentCancelStatus !== 'PENDING' || !booking.paymentIntentId || (booking.intentCancelRetryAt ?? '') > now.toISOString()) continue;
      const outcome = await retryIntentCancel(deps, booking, booking.paymentIntentId, now);
      if (outcome) result[outcome]++;
    } catch (err) {
      result.errors++;
      logError('retry-intent-cancel', candidate.id, err);
    }
  }
  return result;
}

async function retryIntentCancel(
  deps: Deps,
  booking: BookingRecord,
  piId: string,
  now: Date,
): Promise<Exclude<keyof IntentCancelRetryResult, 'errors'> | undefined> {
  const attempts = (booking.intentCancelAttempts ?? 1) + 1;
  let status: Stripe.PaymentIntent.Status | undefined;
  let failure = '';
  try {
    status = (await cancelBookingIntent(deps, booking.id, piId, booking.status)).status;
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
    // Decide from the PaymentIntent as Stripe has it now (canceled by the first attempt after all, or paid).
    const pi = await deps.stripe.paymentIntents.retrieve(piId).catch(() => undefined);
    status = pi?.status;
    if (pi?.status === 'succeeded') await commitIgnoringConflicts(deps, (await latePaymentEffects(deps, pi)) ?? []);
  }
  if (status === 'canceled' || status === 'succeeded') {
    const done = await recordCancelAttempt(deps, booking, attempts, now, {
      set: { intentCancelResolvedAt: now.toISOString() },
      remove: ['intentCancelStatus', 'intentCancelRetryAt', 'intentCancelLastError', 'paymentIntentCancelFailed'],
    });
    return done ? (status === 'canceled' ? 'canceled' : 'paidAndRefunded') : undefined;
  }
  const next = nextIntentCancelRetryAt(attempts, now);
  const lastError = (failure || `The PaymentIntent is ${status ?? 'unknown'}`).slice(0, 500);
  const done = await recordCancelAttempt(
    deps,
    booking,
    attempts,
    now,
    next
      ? { set: { intentCancelRetryAt: next.toISOString(), intentCancelLastError: lastError }, remove: [] }
      : { set: { intentCancelStatus: 'GAVE_UP', intentCancelLastError: lastError }, remove: ['intentCancelRetryAt'] },
  );
  if (!done) return undefined;
  if (!next) logError('retry-intent-cancel: gave up', booking.id, new Error(lastError));
  return next ? 'retryLater' : 'gaveUp';
}

/** Records one attempt, conditional on the count read (false: another run recorded it first). */
async function recordCancelAttempt(
  deps: Deps,
  booking: BookingRecord,
  attempts: number,
  now: Date,
  change: { set: Partial<BookingRecord>; remove: (keyof BookingRecord)[] },
): Promise<boolean> {
  const set = { ...change.set, intentCancelAttempts: attempts, updatedAt: now.toISOString() };
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tables.Booking,
        Key: { id: booking.id },
        ConditionExpression: 'intentCancelStatus = :pending AND intentCancelAttempts = :read',
        UpdateExpression: `SET ${Object.keys(set).map((k) => `${k} = :${k}`).join(', ')}${change.remove.length ? ` REMOVE ${change.remove.join(', ')}` : ''}`,
        ExpressionAttributeValues: {
          ':pending': 'PENDING',
          ':read': booking.intentCancelAttempts ?? 1,
          ...Object.fromEntries(Object.entries(set).map(([k, v]) => [`:${k}`, v])),
        },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

// ---- completion -----------------------------------------------------------------------------------

/** COMPLETE_BOOKING: the booking's provider (or an admin) marks a CONFIRMED booking done once it has started. */
export async function completeBooking(deps: Deps, caller: Identity, bookingId: string): Promise<BookingView> {
  const booking = await repo.booking(deps, bookingId);
  const isAdmin = hasGroup(caller, 'ADMIN');
  const isProvider = booking?.providerId === caller.userId;
  if (!booking || (!isProvider && !isAdmin && booking.customerId !== caller.userId)) throw new AppError('NOT_FOUND', 'Booking not found', { bookingId });
  if (!isProvider && !isAdmin) throw new AppError('FORBIDDEN', 'Only the provider of this service can mark it completed', { bookingId });
  if (booking.status === 'COMPLETED' || booking.status === 'PAID_OUT') return toBookingView(booking);
  const actor: BookingActor = isProvider ? 'PROVIDER' : 'ADMIN';
  transitionOrConflict(booking, 'COMPLETED', actor);
  const now = deps.clock.now();
  if (!hasStarted(booking.startDateTime, now)) {
    throw new AppError('INVALID_TRANSITION', 'A booking can be marked completed once it has started', {
      bookingId,
      currentStatus: booking.status,
      requestedStatus: 'COMPLETED',
      startDateTime: booking.startDateTime,
    });
  }
  const outcome = await markCompleted(deps, booking.id, caller.userId, now);
  const after = (await repo.booking(deps, bookingId)) as BookingRecord;
  if (!outcome && after.status !== 'COMPLETED' && after.status !== 'PAID_OUT') transitionOrConflict(after, 'COMPLETED', actor);
  return toBookingView(after);
}

/** CONFIRMED → COMPLETED, conditional; false when the booking was not CONFIRMED any more. */
async function markCompleted(deps: Deps, bookingId: string, by: string, now: Date): Promise<boolean> {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tables.Booking,
        Key: { id: bookingId },
        ConditionExpression: '#status = :confirmed',
        UpdateExpression: 'SET #status = :completed, completedAt = :now, completedBy = :by, updatedAt = :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':confirmed': 'CONFIRMED', ':completed': 'COMPLETED', ':now': now.toISOString(), ':by': by },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

export interface CompletionSweepResult {
  completed: number;
  failed: number;
}

/** The scheduled completion: CONFIRMED bookings whose end passed by the grace period (index byStatusEnd). */
export async function completeDueBookings(deps: Deps, limit = 500): Promise<CompletionSweepResult> {
  const now = deps.clock.now();
  const due = await repo.bookingsInStatusEndedBy(deps, 'CONFIRMED', completionCutoff(now), limit);
  const result: CompletionSweepResult = { completed: 0, failed: 0 };
  for (const b of due) {
    try {
      assertTransition('CONFIRMED', 'COMPLETED', 'SYSTEM');
      if (await markCompleted(deps, b.id, 'SYSTEM', now)) result.completed++;
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
  if (!booking || (booking.customerId !== caller.userId && !hasGroup(caller, 'ADMIN'))) throw new AppError('NOT_FOUND', 'Booking not found', { bookingId });
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
    ...(receiptUrl ? { receiptUrl } : {}),
  };
}

// ---- the provider's bookings ----------------------------------------------------------------------

/** What the provider's bookings list shows: paid bookings, including those disputed or refunded after payment. */
const PROVIDER_VISIBLE_STATUSES = ['CONFIRMED', 'COMPLETED', 'PAID_OUT', 'DISPUTED', 'REFUNDED'] as const;

/** The provider's bookings starting from `from` (default: 30 days ago), soonest first; paid ones only. */

export async function listProviderBookings(deps: Deps, caller: Identity, input: { from?: string; to?: string }): Promise<ProviderBookingView[]> {
  const now = deps.clock.now();
  const from = input.from ?? new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const to = input.to ?? new Date(now.getTime() + 366 * 86_400_000).toISOString();
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.tables.Booking,
      IndexName: 'byProvider',
      KeyConditionExpression: 'providerId = :p AND startDateTime BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':p': caller.userId, ':from': from, ':to': to },
      Limit: 500,
    }),
  );
  const bookings = (out.Items ?? []) as BookingRecord[];
  return bookings
    .filter((b) => (PROVIDER_VISIBLE_STATUSES as readonly string[]).includes(b.status))
    .map((b) => ({
      ...toBookingView(b),
      customerEmail: b.customerEmail,
      ...(b.completedAt ? { completedAt: b.completedAt } : {}),
      canComplete: b.status === 'CONFIRMED' && hasStarted(b.startDateTime, now),
    }));
}

function logError(step: string, id: string, err: unknown): void {
  console.error(JSON.stringify({ level: 'error', msg: step, id, error: err instanceof Error ? err.message : String(err) }));
}
