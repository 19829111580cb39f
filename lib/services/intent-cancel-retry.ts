/**
 * The scheduled retry of PaymentIntent cancels that failed when a hold ended (Stripe unreachable): the booking is
 * already CANCELLED/EXPIRED and its slot free; only the PaymentIntent may still be payable. Each due booking is
 * cancelled again with the booking's idempotency key until Stripe has it canceled (or paid: the late payment is
 * refunded), and gives up after the backoff's last attempt (intentCancelStatus GAVE_UP, for an admin).
 */
import type Stripe from 'stripe';
import { nextIntentCancelRetryAt } from '../domain/scheduled-run';
import { bookingsWithIntentCancelDue } from '../data/booking-queries';
import { recordIntentCancelAttempt } from '../data/intent-cancels';
import type { BookingRecord } from '../data/records';
import { repo } from '../data/repository';
import { commitWithRetry } from '../data/transact';
import { cancelBookingIntent } from './booking-payment';
import { latePaymentEffects } from './late-payment';
import type { Deps } from '../ports';

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
 * Bookings with intentCancelStatus PENDING whose retry is due, found by the sparse index byIntentCancelRetry (no
 * scan). Every attempt is recorded conditional on the attempt count read, so overlapping runs record each once.
 */
export async function retryPendingIntentCancels(deps: Deps, limit = 100): Promise<IntentCancelRetryResult> {
  const now = deps.clock.now();
  const due = await bookingsWithIntentCancelDue(deps, now, limit);
  const result: IntentCancelRetryResult = { canceled: 0, paidAndRefunded: 0, retryLater: 0, gaveUp: 0, errors: 0 };
  for (const candidate of due) {
    try {
      // The index is eventually consistent: decide from the item itself.
      const booking = await repo.booking(deps, candidate.id);
      if (booking?.intentCancelStatus !== 'PENDING' || !booking.paymentIntentId || (booking.intentCancelRetryAt ?? '') > now.toISOString())
        continue;
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
    // The webhook may be refunding the same payment: a rebuild finds its refund recorded and writes nothing.
    if (pi?.status === 'succeeded') await commitWithRetry(deps, async () => (await latePaymentEffects(deps, pi, 'SYSTEM')) ?? []);
  }
  if (status === 'canceled' || status === 'succeeded') {
    const done = await recordIntentCancelAttempt(deps, booking, attempts, { resolved: true }, now);
    return done ? (status === 'canceled' ? 'canceled' : 'paidAndRefunded') : undefined;
  }
  const next = nextIntentCancelRetryAt(attempts, now);
  const lastError = (failure || `The PaymentIntent is ${status ?? 'unknown'}`).slice(0, 500);
  const done = await recordIntentCancelAttempt(deps, booking, attempts, { resolved: false, retryAt: next, lastError }, now);
  if (!done) return undefined;
  if (!next) logError('retry-intent-cancel: gave up', booking.id, new Error(lastError));
  return next ? 'retryLater' : 'gaveUp';
}

export function logError(step: string, id: string, err: unknown): void {
  console.error(JSON.stringify({ level: 'error', msg: step, id, error: err instanceof Error ? err.message : String(err) }));
}
