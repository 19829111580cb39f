/**
 * The rate limits (the RateLimits port) on rate-limiter-flexible's RateLimiterDynamo: the counters live in one
 * DynamoDB table (RATE_LIMIT_TABLE) shared by every Lambda instance and the local server, and each count is one
 * atomic UpdateItem, so concurrent instances never lose a count. The rules are lib/domain/rate-limits.ts.
 */
import { createHash } from 'node:crypto';
import type { DynamoDB } from '@aws-sdk/client-dynamodb';
import { RateLimiterDynamo, RateLimiterRes } from 'rate-limiter-flexible';
import {
  blockSecondsFor,
  RATE_LIMIT_POLICIES,
  retryAfterSeconds,
  tooManyAttemptsMessage,
  type ActionLimit,
  type RateLimitPolicies,
  type RateLimitPolicy,
} from '../domain/rate-limits';
import { AppError } from '../http/errors';
import type { RateLimits, SignInAttempt, SignInTicket } from '../ports';

export interface RateLimitsOptions {
  /** The aggregated client (`new DynamoDB(…)`): the library calls its getItem, updateItem and deleteItem. */
  client: DynamoDB;
  tableName: string;
  /** Other limits for some policies (tests pass small ones); production passes none: RATE_LIMIT_POLICIES. */
  policies?: Partial<RateLimitPolicies>;
  /** Where a store failure is reported, one JSON line (default: console.warn, i.e. the function's log). */
  log?: (line: string) => void;
}

/** How long a client should wait after UNAVAILABLE: long enough for a store hiccup to pass. */
const UNAVAILABLE_RETRY_SECONDS = 30;

interface Count {
  consumed: number;
  msBeforeNext: number;
  /** Consumed more than the policy's points: this event is refused. */
  over: boolean;
}

/** One policy's counters in the store. */
function counter(
  options: RateLimitsOptions,
  policy: RateLimitPolicy,
  keyPrefix = policy.name,
  points = policy.points,
  duration = policy.durationSeconds,
) {
  const limiter = new RateLimiterDynamo({
    storeClient: options.client,
    tableName: options.tableName,
    // the table is ours (amplify/rate-limits.ts, lib/local/tables.ts): never create it or touch its TTL from here
    tableCreated: true,
    ttlSet: true,
    keyPrefix,
    points,
    duration,
  });
  const toCount = (res: RateLimiterRes, over: boolean): Count => ({ consumed: res.consumedPoints, msBeforeNext: res.msBeforeNext, over });
  return {
    consume: (key: string) =>
      retryWindowRace(() =>
        limiter.consume(key).then(
          (res) => toCount(res, false),
          (rejection: unknown) => {
            // a RateLimiterRes is "over the limit"; anything else is the store failing
            if (rejection instanceof RateLimiterRes) return toCount(rejection, true);
            throw rejection;
          },
        ),
      ),
    penalty: (key: string) => retryWindowRace(() => limiter.penalty(key)).then((res) => res.consumedPoints),
    reward: (key: string) => retryWindowRace(() => limiter.reward(key)),
    block: (key: string, seconds: number) => limiter.block(key, seconds),
    delete: (key: string) => limiter.delete(key),
  };
}
type Counter = ReturnType<typeof counter>;

/**
 * The library increments in two conditional writes (a new window, else the running one); a window that ends between
 * them fails the second. Once more then decides it cleanly.
 */
async function retryWindowRace<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof Error && err.name === 'ConditionalCheckFailedException') return write();
    throw err;
  }
}

/** Emails and IPs are counted by digest: the table holds no personal data, only counters that expire. */
function digest(kind: string, value: string): string {
  return createHash('sha256').update(`${kind}:${value}`).digest('hex').slice(0, 40);
}
const accountKey = (email: string) => digest('email', email.trim().toLowerCase());
const ipKey = (ip: string) => digest('ip', ip);

function rateLimited(msBeforeNext: number): AppError {
  const seconds = retryAfterSeconds(msBeforeNext);
  return new AppError('RATE_LIMITED', tooManyAttemptsMessage(seconds), { retryAfterSeconds: seconds });
}

export function createRateLimits(options: RateLimitsOptions): RateLimits {
  const policies: RateLimitPolicies = { ...RATE_LIMIT_POLICIES, ...options.policies };
  const log = options.log ?? ((line: string) => console.warn(line));
  const ipPolicy = policies.signInFailuresByIp;
  const accountPolicy = policies.signInFailuresByAccount;
  const actionCounters: Record<ActionLimit, Counter> = { payment: counter(options, policies.payment) };
  const signUps = counter(options, policies.signUpsByIp);
  const byIp = counter(options, ipPolicy);
  const byAccount = counter(options, accountPolicy);
  // how many times the account was blocked lately: each block lasts twice the one before
  const accountBlocks = accountPolicy.backoff
    ? counter(options, accountPolicy, `${accountPolicy.name}-blocks`, 1e9, accountPolicy.backoff.windowSeconds)
    : undefined;

  /** Runs a store operation under a policy's rule for store failures: allowed (undefined) and logged, or refused. */
  async function guarded<T>(policy: RateLimitPolicy, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof AppError) throw err;
      const allow = policy.onStoreFailure === 'allow';
      log(
        JSON.stringify({
          level: allow ? 'warn' : 'error',
          msg: allow ? 'rate limit store failed: request allowed' : 'rate limit store failed: request refused',
          policy: policy.name,
          error: err instanceof Error ? err.name : typeof err,
          message: err instanceof Error ? err.message.slice(0, 200) : undefined,
        }),
      );
      if (allow) return undefined;
      throw new AppError('UNAVAILABLE', 'This is unavailable for a moment. Please try again shortly.', {
        retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS,
      });
    }
  }

  async function consumeOne(policy: RateLimitPolicy, store: Counter, key: string): Promise<void> {
    const count = await guarded(policy, () => store.consume(key));
    if (count?.over) throw rateLimited(count.msBeforeNext);
  }

  /** A limit this failure reached: block now (backoff: longer each time), and say for how long, in ms. */
  async function startBlock(
    policy: RateLimitPolicy,
    store: Counter,
    key: string,
    count: Pick<Count, 'msBeforeNext'>,
    blocks?: Counter,
  ): Promise<number> {
    if (policy.blockSeconds === undefined) return count.msBeforeNext; // refused until the window ends
    const blockNumber = blocks ? await blocks.penalty(key) : 1;
    const seconds = blockSecondsFor(policy, blockNumber);
    await store.block(key, seconds);
    return seconds * 1000;
  }

  return {
    consumeAction: (policy, callerId) => consumeOne(policies[policy], actionCounters[policy], callerId),

    consumeSignUp: (ip) => consumeOne(policies.signUpsByIp, signUps, ipKey(ip)),

    async beginSignIn(attempt: SignInAttempt): Promise<SignInTicket> {
      const keys = { ip: ipKey(attempt.ip), account: accountKey(attempt.email) };
      // One point on each before the password is checked, so a burst of guesses gets at most `points` checks. The IP
      // first: an attempt its IP may not make is not counted against the account (a blocked client cannot use up
      // someone's account).
      const uncounted: Count = { consumed: 0, msBeforeNext: 0, over: false }; // the store failed and the policy allows
      const ip = (await guarded(ipPolicy, () => byIp.consume(keys.ip))) ?? uncounted;
      if (ip.over) throw rateLimited(ip.msBeforeNext);
      const account = (await guarded(accountPolicy, () => byAccount.consume(keys.account))) ?? uncounted;
      if (account.over) throw rateLimited(account.msBeforeNext);
      return { attempt, counts: { ip, account } };
    },

    async signInFailed(ticket: SignInTicket): Promise<void> {
      const keys = { ip: ipKey(ticket.attempt.ip), account: accountKey(ticket.attempt.email) };
      const { ip, account } = ticket.counts;
      // only the attempt that reached a limit gets here with consumed >= points: those beyond were refused above
      const waits = await Promise.all([
        ip.consumed >= ipPolicy.points ? guarded(ipPolicy, () => startBlock(ipPolicy, byIp, keys.ip, ip)) : 0,
        account.consumed >= accountPolicy.points
          ? guarded(accountPolicy, () => startBlock(accountPolicy, byAccount, keys.account, account, accountBlocks))
          : 0,
      ]);
      const wait = Math.max(0, ...waits.map((w) => w ?? 0));
      if (wait > 0) throw rateLimited(wait);
    },

    async signInSucceeded(ticket: SignInTicket): Promise<void> {
      const keys = { ip: ipKey(ticket.attempt.ip), account: accountKey(ticket.attempt.email) };
      try {
        await Promise.all([byAccount.delete(keys.account), accountBlocks?.delete(keys.account), byIp.reward(keys.ip)]);
      } catch (err) {
        // the password was right: a count left behind only errs towards refusing sooner, so sign the person in
        log(
          JSON.stringify({
            level: 'warn',
            msg: 'rate limit store failed: sign-in counts not reset',
            policy: accountPolicy.name,
            error: err instanceof Error ? err.name : typeof err,
          }),
        );
      }
    },
  };
}
