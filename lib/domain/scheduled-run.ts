/**
 * Timing rules of the scheduled run (payout-manager's daily schedule; `npm run dev`'s timers locally). Pure.
 */
import type { PayoutSchedule } from './vocabulary';

/** The scheduled run's hour (UTC): EventBridge Scheduler's `every day` in amplify/functions/payout-manager/resource.ts. */
const SCHEDULED_RUN_UTC_HOUR = 0;
const DAY_MS = 86_400_000;
const MONDAY = 1;

/**
 * When the scheduled run next pays out under `schedule` (if the balance then reaches the minimum): DAILY the next
 * daily run, WEEKLY the next Monday (UTC) run, MANUAL never. Strictly after `now`.
 */
export function nextAutomaticPayoutAt(schedule: PayoutSchedule, now: Date): Date | undefined {
  if (schedule === 'MANUAL') return undefined;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), SCHEDULED_RUN_UTC_HOUR);
  let next = today > now.getTime() ? today : today + DAY_MS;
  if (schedule === 'WEEKLY') next += ((MONDAY - new Date(next).getUTCDay() + 7) % 7) * DAY_MS;
  return new Date(next);
}

/** Cancel attempts (the first, when the hold ended, included) before the retry gives up and leaves it to an admin. */
export const INTENT_CANCEL_MAX_ATTEMPTS = 6;
export const INTENT_CANCEL_RETRY_BASE_MS = 5 * 60_000;

/**
 * When to try again after `attempts` failed attempts (5 min later, then 10, 20, 40, 80: about 2.5 h in all), or
 * undefined once INTENT_CANCEL_MAX_ATTEMPTS were made: a Stripe outage passes, a PaymentIntent that keeps refusing
 * needs a person. (A run that comes less often, e.g. the daily AWS schedule, simply retries on each run.)
 */
export function nextIntentCancelRetryAt(attempts: number, lastAttemptAt: Date): Date | undefined {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError('attempts must be a positive integer');
  if (attempts >= INTENT_CANCEL_MAX_ATTEMPTS) return undefined;
  return new Date(lastAttemptAt.getTime() + INTENT_CANCEL_RETRY_BASE_MS * 2 ** (attempts - 1));
}
