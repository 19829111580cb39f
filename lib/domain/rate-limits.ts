/**
 * Rate limits as data: what is counted, how many per window, and what happens once over. The counters live in a
 * store every instance shares (lib/services/rate-limits.ts); these rules and their arithmetic are pure.
 *
 * A window opens with the first event counted and lasts `durationSeconds` (a fixed window per key, as
 * rate-limiter-flexible counts); events refused while over do not push it out.
 */

/** What to do when the store cannot be reached: let the request through (and log it), or refuse it. */
export type StoreFailure = 'allow' | 'refuse';

export interface RateLimitPolicy {
  /** Prefix of the policy's keys in the store: two policies never share a counter. */
  name: string;
  /** Events allowed per window. */
  points: number;
  durationSeconds: number;
  /** Once the limit is reached, refuse for this long (instead of until the window ends). */
  blockSeconds?: number;
  /** Each further block within `windowSeconds` lasts twice the one before, up to `maxBlockSeconds`. */
  backoff?: { windowSeconds: number; maxBlockSeconds: number };
  onStoreFailure: StoreFailure;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RATE_LIMIT_POLICIES = {
  /**
   * Actions that create or change charges, refunds, payouts, transfers, credits or saved cards, per verified caller
   * (an action's `limit: 'payment'`). A store failure must not stop payments: allowed and logged.
   */
  payment: { name: 'payment', points: 100, durationSeconds: 15 * MINUTE, onStoreFailure: 'allow' },
  /** Password guesses against one account (lower-cased email), from anywhere: 15 min, 30 min, 1 h, … up to a day. */
  signInFailuresByAccount: {
    name: 'signin-account',
    points: 5,
    durationSeconds: 15 * MINUTE,
    blockSeconds: 15 * MINUTE,
    backoff: { windowSeconds: DAY, maxBlockSeconds: DAY },
    onStoreFailure: 'refuse',
  },
  /** Slow guessing across many accounts from one client IP. */
  signInFailuresByIp: { name: 'signin-ip', points: 100, durationSeconds: DAY, blockSeconds: DAY, onStoreFailure: 'refuse' },
  signUpsByIp: { name: 'signup-ip', points: 20, durationSeconds: HOUR, onStoreFailure: 'refuse' },
} as const satisfies Record<string, RateLimitPolicy>;

export type RateLimitPolicyName = keyof typeof RATE_LIMIT_POLICIES;
export type RateLimitPolicies = Record<RateLimitPolicyName, RateLimitPolicy>;
/** The policies an action may name in its `limit` (counted per verified caller). */
export type ActionLimit = 'payment';

/** The `Retry-After` of a refusal: whole seconds, rounded up (never 0: "now" would invite an instant retry). */
export function retryAfterSeconds(msBeforeNext: number): number {
  if (!Number.isFinite(msBeforeNext) || msBeforeNext <= 0) return 1;
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

/** How long the `blockNumber`-th block (1, 2, …) of a policy lasts: doubling with backoff, capped; else constant. */
export function blockSecondsFor(policy: RateLimitPolicy, blockNumber: number): number {
  const base = policy.blockSeconds ?? policy.durationSeconds;
  if (!policy.backoff) return base;
  const n = Math.max(1, Math.floor(blockNumber));
  // the exponent is bounded so a huge block count stays a finite number (the cap applies long before)
  const doubled = base * 2 ** Math.min(n - 1, 40);
  return Math.min(doubled, policy.backoff.maxBlockSeconds);
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * A wait in words, rounded up to the whole second or minute ("45 seconds", "4 minutes", "1 hour and 5 minutes",
 * "2 hours", "1 day"): rounding up means a person who waits that long is not refused again.
 */
export function waitInWords(seconds: number): string {
  const s = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 1;
  if (s < MINUTE) return plural(s, 'second');
  const minutes = Math.ceil(s / MINUTE);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (rest > 0) return `${plural(hours, 'hour')} and ${plural(rest, 'minute')}`;
  return hours % 24 === 0 ? plural(hours / 24, 'day') : plural(hours, 'hour');
}

/** The one sentence for a refusal, on the server and in the browser. */
export function tooManyAttemptsMessage(retryAfter: number | undefined): string {
  return retryAfter === undefined
    ? 'Too many attempts. Please wait a moment and try again.'
    : `Too many attempts. Try again in ${waitInWords(retryAfter)}.`;
}
