/**
 * The sign-in and sign-up limits of the account routes (app/api/auth/*): the same RateLimits the functions count with
 * (one shared table: locally the local stack's, in AWS mode the one amplify/rate-limits.ts creates, named by
 * RATE_LIMIT_TABLE_NAME or the outputs, which the Hosting compute role may read, count in and delete from), keyed on the client IP (./client-ip.ts) and, for sign-in, the account. Over a limit these throw AppError RATE_LIMITED (429 with Retry-After); when the store is
 * down they throw UNAVAILABLE (503): a password check is never let through unlimited.
 */
import { DynamoDB } from '@aws-sdk/client-dynamodb';
import { RATE_LIMIT_TABLE } from '../data/tables';
import { AppError } from '../http/errors';
import type { RateLimits } from '../ports';
import { createRateLimits } from '../services/rate-limits';
import { clientIp, trustedProxyHops } from './client-ip';
import { marketplaceMode } from './mode';

/** The table amplify/rate-limits.ts creates, as the deployed outputs name it (custom.hosting.rateLimitTableName). */
async function awsRateLimitTableName(env: Record<string, string | undefined>): Promise<string | undefined> {
  const { loadAmplifyOutputs } = await import('../aws/outputs');
  try {
    return loadAmplifyOutputs(env).custom?.hosting?.rateLimitTableName;
  } catch {
    return undefined;
  }
}

const holder = globalThis as typeof globalThis & { __bookwellServerLimits?: { table: string; limits: RateLimits } };

async function serverRateLimits(env: Record<string, string | undefined> = process.env): Promise<RateLimits> {
  if (marketplaceMode(env) === 'local') {
    const { localApp } = await import('../local/app');
    return localApp().runtime.rateLimits;
  }
  const table = env[RATE_LIMIT_TABLE.envVar] || (await awsRateLimitTableName(env));
  // no limits is never the fallback: a password check is not let through unlimited
  if (!table) throw new AppError('MISCONFIGURED', `Sign-in needs ${RATE_LIMIT_TABLE.envVar} on this server`);
  if (holder.__bookwellServerLimits?.table !== table) {
    holder.__bookwellServerLimits = { table, limits: createRateLimits({ client: new DynamoDB({}), tableName: table }) };
  }
  return holder.__bookwellServerLimits.limits;
}

/**
 * Counts one sign-in attempt before `checkPassword` runs, then its outcome: undefined (a wrong email or password)
 * counts as a failure and may start a block; anything else resets the account's count. `limits`: tests pass their own.
 */
export async function limitSignIn<T>(
  req: Request,
  email: string,
  checkPassword: () => Promise<T | undefined>,
  limits?: RateLimits,
): Promise<T | undefined> {
  const rateLimits = limits ?? (await serverRateLimits());
  const ticket = await rateLimits.beginSignIn({ ip: clientIp(req.headers, trustedProxyHops()), email });
  const result = await checkPassword();
  if (result === undefined) await rateLimits.signInFailed(ticket);
  else await rateLimits.signInSucceeded(ticket);
  return result;
}

/** Counts one sign-up from the request's client IP. */
export async function limitSignUp(req: Request, limits?: RateLimits): Promise<void> {
  const rateLimits = limits ?? (await serverRateLimits());
  await rateLimits.consumeSignUp(clientIp(req.headers, trustedProxyHops()));
}
