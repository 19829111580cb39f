/**
 * The sign-in and sign-up limits of local mode's account routes (app/api/auth/login, app/api/auth/signup): the same
 * RateLimits the local functions count with (one shared table), keyed on the client IP (./client-ip.ts) and, for
 * sign-in, the account. Over a limit these throw AppError RATE_LIMITED (429 with Retry-After); when the store is
 * down they throw UNAVAILABLE (503): a password check is never let through unlimited.
 */
import type { RateLimits } from '../ports';
import { clientIp, trustedProxyHops } from './client-ip';

async function localRateLimits(): Promise<RateLimits> {
  const { localApp } = await import('../local/app');
  return localApp().runtime.rateLimits;
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
  const rateLimits = limits ?? (await localRateLimits());
  const ticket = await rateLimits.beginSignIn({ ip: clientIp(req.headers, trustedProxyHops()), email });
  const result = await checkPassword();
  if (result === undefined) await rateLimits.signInFailed(ticket);
  else await rateLimits.signInSucceeded(ticket);
  return result;
}

/** Counts one sign-up from the request's client IP. */
export async function limitSignUp(req: Request, limits?: RateLimits): Promise<void> {
  const rateLimits = limits ?? (await localRateLimits());
  await rateLimits.consumeSignUp(clientIp(req.headers, trustedProxyHops()));
}
