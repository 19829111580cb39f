/**
 * Provider onboarding on Stripe Connect (Express accounts) and the provider's direct Stripe operations.
 * Every account id comes from a profile the access policy lets the caller act on (providerResource: their own; an
 * admin may pay out another provider's), never from the request alone, and every Stripe write carries an
 * idempotency key derived from domain ids.
 */
import type Stripe from 'stripe';
import type { Group, Identity } from '../auth/identity';
import { isUnpaidStatus } from '../domain/booking-status';
import { modelFields } from '../data/items';
import { claimAccountSlot, createProfileIfAbsent, readProfile, releaseAccountSlot, storeAccount } from '../data/profile-writes';
import type { UserProfileRecord } from '../data/records';
import { repo } from '../data/repository';
import type { ConnectRequest, ConnectResponses } from '../http/stripe-connect';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { connectIdempotencyKeys, idempotencyKeys } from '../stripe/idempotency';
import type { Deps } from '../ports';
import { authorize } from './access';
import { accountStatusFields } from './account-sync';
import { authorizeProvider, NOT_YOUR_ACCOUNT, requireAccount } from './provider-access';

/** A claim on the profile's account slot older than this is abandoned (its request died) and may be taken over. */
const CLAIM_STALE_MS = 60_000;
/** How long a second, concurrent CREATE_ACCOUNT waits for the first one to store the account. */
const CLAIM_WAIT_MS = 15_000;
const CLAIM_POLL_MS = 100;

const ONBOARDING_REFRESH_PATH = '/provider/onboarding/refresh';
const ONBOARDING_RETURN_PATH = '/provider?onboarding=returned';

// ---- profile ---------------------------------------------------------------------------------------

/** The caller's profile, created from the verified identity if a user has none yet (e.g. a new Cognito user). */
export async function ensureProfile(deps: Deps, caller: Identity): Promise<UserProfileRecord> {
  const existing = await readProfile(deps, caller.userId);
  if (existing) return existing;
  const profile: UserProfileRecord = {
    ...modelFields('UserProfile', caller.userId, deps.clock.now()),
    owner: caller.userId,
    email: caller.email,
    displayName: caller.email.split('@')[0] || 'Provider',
  };
  if (await createProfileIfAbsent(deps, profile)) return profile;
  return (await readProfile(deps, caller.userId)) as UserProfileRecord;
}

// ---- CREATE_ACCOUNT ------------------------------------------------------------------------------

/**
 * One Express account per provider, ever: the profile is checked first; then a conditional write claims the
 * profile's account slot so that of two concurrent calls only one asks Stripe (the other waits for it); the
 * Stripe call carries an idempotency key per provider, so a retry after a lost answer gets the same account;
 * and the account id is stored only if the slot is still empty (or already holds this very account).
 */
export async function createAccount(
  deps: Deps,
  caller: Identity,
  input: ConnectRequest<'CREATE_ACCOUNT'>,
): Promise<ConnectResponses['CREATE_ACCOUNT']> {
  authorizeProvider(caller, input.providerId ?? caller.userId, 'manage', NOT_YOUR_ACCOUNT);
  const profile = await ensureProfile(deps, caller);
  const accountId = profile.stripeAccountId ?? (await claimAndCreateAccount(deps, caller, (input.country ?? 'US').toUpperCase()));
  const link = await createLink(deps, accountId, 'account_onboarding');
  return { accountId, onboardingUrl: link.url };
}

async function claimAndCreateAccount(deps: Deps, caller: Identity, country: string): Promise<string> {
  const claimedAt = deps.clock.now();
  const claim = claimedAt.toISOString();
  const claimed = await claimAccountSlot(deps, caller.userId, claim, new Date(claimedAt.getTime() - CLAIM_STALE_MS).toISOString());
  if (!claimed) return waitForAccount(deps, caller.userId);

  let account: Stripe.Account;
  try {
    account = await callStripe(() =>
      deps.stripe.accounts.create(
        {
          type: 'express',
          country,
          email: caller.email,
          capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
          metadata: { userId: caller.userId },
        },
        { idempotencyKey: idempotencyKeys.providerAccount(caller.userId) },
      ),
    );
  } catch (err) {
    await releaseAccountSlot(deps, caller.userId, claim);
    throw err;
  }

  if (await storeAccount(deps, caller.userId, account.id, accountStatusFields(account, deps.clock.now()), deps.clock.now()))
    return account.id;
  // The slot was filled by another account meanwhile (only possible after a stale claim): the stored one wins.
  const stored = await readProfile(deps, caller.userId);
  console.warn(JSON.stringify({ level: 'warn', msg: 'orphaned connected account', accountId: account.id, userId: caller.userId }));
  if (!stored?.stripeAccountId) throw new Error(`could not store the connected account of ${caller.userId}`);
  return stored.stripeAccountId;
}

async function waitForAccount(deps: Deps, userId: string): Promise<string> {
  const deadline = Date.now() + CLAIM_WAIT_MS;
  for (;;) {
    const profile = await readProfile(deps, userId);
    if (profile?.stripeAccountId) return profile.stripeAccountId;
    if (!profile?.stripeAccountClaimedAt || Date.now() >= deadline) {
      throw new AppError('CONFLICT', 'Your payment account is being set up. Please try again in a moment.');
    }
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
  }
}

// ---- links ----------------------------------------------------------------------------------------

async function createLink(deps: Deps, accountId: string, type: 'account_onboarding' | 'account_update'): Promise<Stripe.AccountLink> {
  const base = deps.config.appUrl.replace(/\/+$/, '');
  return callStripe(() =>
    deps.stripe.accountLinks.create(
      {
        account: accountId,
        type,
        refresh_url: `${base}${ONBOARDING_REFRESH_PATH}${type === 'account_update' ? '?type=account_update' : ''}`,
        return_url: `${base}${ONBOARDING_RETURN_PATH}`,
      },
      { idempotencyKey: connectIdempotencyKeys.accountLink(accountId, type, deps.ids.newId('req')) },
    ),
  );
}

export async function createAccountLink(
  deps: Deps,
  caller: Identity,
  input: ConnectRequest<'CREATE_ACCOUNT_LINK'>,
): Promise<ConnectResponses['CREATE_ACCOUNT_LINK']> {
  const profile = await requireAccount(deps, caller, input);
  const link = await createLink(deps, profile.stripeAccountId, input.type ?? 'account_onboarding');
  return { url: link.url, expiresAt: link.expires_at };
}

export async function createLoginLink(
  deps: Deps,
  caller: Identity,
  input: ConnectRequest<'CREATE_LOGIN_LINK'>,
): Promise<ConnectResponses['CREATE_LOGIN_LINK']> {
  const profile = await requireAccount(deps, caller, input);
  if (!profile.stripeDetailsSubmitted) {
    throw new AppError('BAD_REQUEST', 'Your Express dashboard opens once you have finished onboarding.', {
      accountId: profile.stripeAccountId,
    });
  }
  const link = await callStripe(() =>
    deps.stripe.accounts.createLoginLink(
      profile.stripeAccountId,
      {},
      { idempotencyKey: connectIdempotencyKeys.loginLink(profile.stripeAccountId, deps.ids.newId('req')) },
    ),
  );
  return { url: link.url };
}

// ---- payments and payouts -------------------------------------------------------------------------

/** The client secret to pay one of the caller's own unpaid bookings (amount and currency from the booking). */
export async function createPaymentIntentForBooking(
  deps: Deps,
  caller: Identity,
  input: ConnectRequest<'CREATE_PAYMENT_INTENT'>,
): Promise<ConnectResponses['CREATE_PAYMENT_INTENT']> {
  const booking = await repo.booking(deps, input.bookingId);
  authorize(caller, 'booking', booking, 'pay', { details: { bookingId: input.bookingId } });
  if (!isUnpaidStatus(booking.status)) {
    throw new AppError('INVALID_TRANSITION', 'This booking does not need a payment', {
      bookingId: booking.id,
      currentStatus: booking.status,
    });
  }
  if (!booking.paymentIntentId) {
    throw new AppError('CONFLICT', 'The payment for this booking is still being prepared. Please try again in a moment.', {
      bookingId: booking.id,
    });
  }
  const pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(booking.paymentIntentId as string));
  if (!pi.client_secret) throw new AppError('PAYMENT_PROVIDER_ERROR', 'The payment provider returned no client secret.');
  return { paymentIntentId: pi.id, clientSecret: pi.client_secret, amountCents: booking.totalAmountCents, currency: booking.currency };
}

// ---- joining ---------------------------------------------------------------------------------------

/** "Become a provider": the PROVIDER group in the user directory; the caller then refreshes the session. */
export async function joinProviders(deps: Deps, caller: Identity): Promise<ConnectResponses['JOIN_PROVIDERS']> {
  await ensureProfile(deps, caller);
  const group: Group = 'PROVIDER';
  // Always asked (it is idempotent): the token may say PROVIDER while the directory lost it, or the reverse.
  if (!deps.directory) throw new Error('JOIN_PROVIDERS needs a user directory (Deps.directory) in this composition root');
  await deps.directory.addToGroup(caller.userId, caller.email, group);
  return { groups: [...new Set<Group>([...caller.groups, group])], refreshSession: true };
}
