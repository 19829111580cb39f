/**
 * The retry state of a booking's PaymentIntent cancel that failed (intentCancel* attributes): its own small machine
 * (PENDING → resolved | GAVE_UP) inside whatever status the booking has. Each attempt is recorded conditional on the
 * attempt count read, so overlapping scheduled runs record every attempt once.
 */
import { nextIntentCancelRetryAt } from '../domain/scheduled-run';
import { updateBooking } from './booking-writer';
import type { BookingRecord, IntentCancelStatus } from './records';
import type { DataDeps } from './transact';

/** The attributes a hold that ended with a failed cancel gets: one attempt made, the next after a short wait. */
export function pendingIntentCancelFields(now: Date, error: string) {
  return {
    paymentIntentCancelFailed: true,
    intentCancelStatus: 'PENDING' satisfies IntentCancelStatus,
    intentCancelPendingSince: now.toISOString(),
    intentCancelAttempts: 1,
    intentCancelRetryAt: (nextIntentCancelRetryAt(1, now) as Date).toISOString(),
    intentCancelLastError: error.slice(0, 500),
  } satisfies Partial<BookingRecord>;
}

/** What one more attempt leaves: resolved (canceled or paid), retried at `retryAt`, or given up. */
type IntentCancelAttemptOutcome = { resolved: true } | { resolved: false; retryAt: Date | undefined; lastError: string };

/**
 * Records attempt number `attempts` (the count read was `attempts - 1`, or absent for the first marker); false when
 * another run recorded it first or the cancel is no longer pending.
 */
export async function recordIntentCancelAttempt(
  deps: DataDeps,
  booking: Pick<BookingRecord, 'id' | 'intentCancelAttempts'>,
  attempts: number,
  outcome: IntentCancelAttemptOutcome,
  now: Date,
): Promise<boolean> {
  const change = outcome.resolved
    ? {
        set: { intentCancelResolvedAt: now.toISOString() },
        remove: ['intentCancelStatus', 'intentCancelRetryAt', 'intentCancelLastError', 'paymentIntentCancelFailed'],
      }
    : outcome.retryAt
      ? { set: { intentCancelRetryAt: outcome.retryAt.toISOString(), intentCancelLastError: outcome.lastError } }
      : {
          set: { intentCancelStatus: 'GAVE_UP' satisfies IntentCancelStatus, intentCancelLastError: outcome.lastError },
          remove: ['intentCancelRetryAt'],
        };
  const updated = await updateBooking(deps, booking.id, {
    change: { ...change, set: { ...change.set, intentCancelAttempts: attempts } },
    expect: [
      { attr: 'intentCancelStatus', eq: 'PENDING' satisfies IntentCancelStatus },
      { attr: 'intentCancelAttempts', eq: booking.intentCancelAttempts ?? 1 },
    ],
    now,
  });
  return updated !== undefined;
}
