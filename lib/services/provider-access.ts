/**
 * Provider-owned resources (earnings, payouts, the payment account) through the one access policy
 * (lib/services/access.ts, kind `providerResource`), and the profile whose payment account a request acts on.
 * These actions name a provider by id in the request, so a caller who may not act for that provider is told 403
 * (as the API always answered), not 404.
 */
import type { Identity } from '../auth/identity';
import type { ActionOf } from '../domain/access-policy';
import { readProfile } from '../data/profile-writes';
import type { UserProfileRecord } from '../data/records';
import { repo } from '../data/repository';
import { AppError } from '../http/errors';
import { authorize } from './access';
import type { Deps } from '../ports';

export function authorizeProvider(
  caller: Identity | 'SYSTEM',
  providerId: string | undefined,
  action: ActionOf<'providerResource'>,
  forbidden: string,
  details: Record<string, unknown> = { providerId },
): void {
  // `providerId` undefined: no such provider (404). A provider id is not secret, so the policy refuses others with 403.
  authorize(caller, 'providerResource', providerId === undefined ? undefined : { providerId }, action, { forbidden, details });
}

export const NOT_YOUR_ACCOUNT = 'You can only manage your own payment account';
const NOT_YOUR_STRIPE_ACCOUNT = 'That Stripe account is not yours';

/**
 * The profile whose payment account the request acts on, after the access policy allowed `action` on it: the one
 * `providerId` names, else the owner of `accountId`, else the caller's own. An `accountId` that is not that
 * profile's account is refused (403), as is any provider the caller may not act for.
 */
export async function accountProfileFor(
  deps: Deps,
  caller: Identity,
  input: { providerId?: string | undefined; accountId?: string | undefined },
  action: ActionOf<'providerResource'>,
): Promise<UserProfileRecord | undefined> {
  let providerId = input.providerId;
  if (providerId === undefined && input.accountId !== undefined) {
    const own = await readProfile(deps, caller.userId);
    providerId =
      own?.stripeAccountId === input.accountId ? caller.userId : (await repo.profilesByStripeAccount(deps, input.accountId))[0]?.id;
    // An account id of nobody's is as much "not yours" as someone else's.
    if (providerId === undefined) throw new AppError('FORBIDDEN', NOT_YOUR_STRIPE_ACCOUNT, { accountId: input.accountId });
    authorizeProvider(caller, providerId, action, NOT_YOUR_STRIPE_ACCOUNT, { accountId: input.accountId });
  } else {
    authorizeProvider(caller, providerId ?? caller.userId, action, NOT_YOUR_ACCOUNT, { providerId: providerId ?? caller.userId });
  }
  const profile = await readProfile(deps, providerId ?? caller.userId);
  if (input.accountId !== undefined && input.accountId !== profile?.stripeAccountId) {
    throw new AppError('FORBIDDEN', NOT_YOUR_STRIPE_ACCOUNT, { accountId: input.accountId });
  }
  return profile;
}

/** The profile acted on, with its connected account (404 when onboarding has not started). */
export async function requireAccount(
  deps: Deps,
  caller: Identity,
  input: { providerId?: string | undefined; accountId?: string | undefined },
  action: ActionOf<'providerResource'> = 'manage',
): Promise<UserProfileRecord & { stripeAccountId: string }> {
  const profile = await accountProfileFor(deps, caller, input, action);
  if (!profile?.stripeAccountId) {
    throw new AppError('NOT_FOUND', 'You have no payment account yet. Start onboarding first.', {
      providerId: input.providerId ?? caller.userId,
    });
  }
  return profile as UserProfileRecord & { stripeAccountId: string };
}
