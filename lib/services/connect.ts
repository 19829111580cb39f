/**
 * Provider onboarding on Stripe Connect (Express accounts) and the provider's direct Stripe operations.
 * Every account id comes from a profile the access policy lets the caller act on (providerResource: their own; an
 * admin may pay out another provider's), never from the request alone, and every Stripe write carries an
 * idempotency key derived from domain ids.
 */
import type Stripe from 'stripe';
import type { Group, Identity } from '../auth/identity';
import { decideAccountStatus } from '../domain/account-status';
import { isUnpaidStatus } from '../domain/booking-status';
import { describeDisabledReason, describeRequirements } from '../domain/requirements';
import type { ActionOf } from '../domain/access-policy';
import type { EventActor } from '../domain/events';
import { modelFields } from '../data/items';
import {
  accountStatusSyncItems,
  claimAccountSlot,
  createProfileIfAbsent,
  readProfile,
  releaseAccountSlot,
  serviceListingItem,
  storeAccount,
  type AccountStatusFields,
} from '../data/profile-writes';
import type { ServiceRecord, StripeAccountStatus, UserProfileRecord } from '../data/records';
import { repo } from '../data/repository';
import { commitWithRetry, type TxItem } from '../data/transact';
import type { AccountStatusView, ConnectRequest, ConnectResponses } from '../http/stripe-connect';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { connectIdempotencyKeys, idempotencyKeys } from '../stripe/idempotency';
import type { Deps } from '../ports';
import { authorize } from './access';
import { authorizeProvider } from './provider-access';

/** A claim on the profile's account slot older than this is abandoned (its request died) and may be taken over. */
const CLAIM_STALE_MS = 60_000;
/** How long a second, concurrent CREATE_ACCOUNT waits for the first one to store the account. */
const CLAIM_WAIT_MS = 15_000;
const CLAIM_POLL_MS = 100;
const SYNC_ATTEMPTS = 3;

export const ONBOARDING_REFRESH_PATH = '/provider/onboarding/refresh';
export const ONBOARDING_RETURN_PATH = '/provider?onboarding=returned';

// ---- profile and ownership ----------------------------------------------------------------------

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

const NOT_YOUR_ACCOUNT = 'You can only manage your own payment account';
const NOT_YOUR_STRIPE_ACCOUNT = 'That Stripe account is not yours';

/**
 * The profile whose payment account the request acts on, after the access policy allowed `action` on it: the one
 * `providerId` names, else the owner of `accountId`, else the caller's own. An `accountId` that is not that
 * profile's account is refused (403), as is any provider the caller may not act for.
 */
async function accountProfileFor(
  deps: Deps,
  caller: Identity,
  input: { providerId?: string | undefined; accountId?: string | undefined },
  action: ActionOf<'providerResource'>,
): Promise<UserProfileRecord | undefined> {
  let providerId = input.providerId;
  if (providerId === undefined && input.accountId !== undefined) {
    const own = await readProfile(deps, caller.userId);
    providerId = own?.stripeAccountId === input.accountId ? caller.userId : (await repo.profilesByStripeAccount(deps, input.accountId))[0]?.id;
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
    throw new AppError('NOT_FOUND', 'You have no payment account yet. Start onboarding first.', { providerId: input.providerId ?? caller.userId });
  }
  return profile as UserProfileRecord & { stripeAccountId: string };
}

// ---- CREATE_ACCOUNT ------------------------------------------------------------------------------

/**
 * One Express account per provider, ever: the profile is checked first; then a conditional write claims the
 * profile's account slot so that of two concurrent calls only one asks Stripe (the other waits for it); the
 * Stripe call carries an idempotency key per provider, so a retry after a lost answer gets the same account;
 * and the account id is stored only if the slot is still empty (or already holds this very account).
 */
export async function createAccount(deps: Deps, caller: Identity, input: ConnectRequest<'CREATE_ACCOUNT'>): Promise<ConnectResponses['CREATE_ACCOUNT']> {
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

  if (await storeAccount(deps, caller.userId, account.id, accountStatusFields(account, deps.clock.now()), deps.clock.now())) return account.id;
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

export async function createAccountLink(deps: Deps, caller: Identity, input: ConnectRequest<'CREATE_ACCOUNT_LINK'>): Promise<ConnectResponses['CREATE_ACCOUNT_LINK']> {
  const profile = await requireAccount(deps, caller, input);
  const link = await createLink(deps, profile.stripeAccountId, input.type ?? 'account_onboarding');
  return { url: link.url, expiresAt: link.expires_at };
}

export async function createLoginLink(deps: Deps, caller: Identity, input: ConnectRequest<'CREATE_LOGIN_LINK'>): Promise<ConnectResponses['CREATE_LOGIN_LINK']> {
  const profile = await requireAccount(deps, caller, input);
  if (!profile.stripeDetailsSubmitted) {
    throw new AppError('BAD_REQUEST', 'Your Express dashboard opens once you have finished onboarding.', { accountId: profile.stripeAccountId });
  }
  const link = await callStripe(() =>
    deps.stripe.accounts.createLoginLink(profile.stripeAccountId, {}, { idempotencyKey: connectIdempotencyKeys.loginLink(profile.stripeAccountId, deps.ids.newId('req')) }),
  );
  return { url: link.url };
}

// ---- status ---------------------------------------------------------------------------------------

/** The account's status as the profile stores it (the same decision as the webhook's). */
function accountStatusFields(account: Stripe.Account, fetchedAt: Date): AccountStatusFields {
  const status = decideAccountStatus(account);
  return {
    stripeAccountStatus: status,
    stripeChargesEnabled: account.charges_enabled ?? false,
    stripePayoutsEnabled: account.payouts_enabled ?? false,
    stripeDetailsSubmitted: account.details_submitted ?? false,
    stripeOnboardingComplete: status === 'ACTIVE',
    stripeRequirements: account.requirements ?? null,
    stripeCapabilities: account.capabilities ?? null,
    stripeAccountSyncedAt: Math.floor(fetchedAt.getTime() / 1000),
  };
}

/**
 * The writes that store `account` (as fetched from Stripe after `profile` was read) on the profile, and put
 * the provider's services in or out of the public listing to match. The profile write is conditional on the
 * profile being unchanged since it was read: of two syncs racing, the one that read first fails and must
 * re-read and re-fetch, so the stored state is never older than one another sync already stored.
 * The webhook and CHECK_ACCOUNT_STATUS both use it.
 */
export async function accountSyncEffects(
  deps: Deps,
  profile: UserProfileRecord,
  account: Stripe.Account,
  fetchedAt: Date,
  actor: EventActor,
): Promise<TxItem[]> {
  const status = decideAccountStatus(account);
  const profileWrites = accountStatusSyncItems(deps, {
    userId: profile.id,
    accountId: account.id,
    readVersion: profile.updatedAt || undefined,
    newVersion: nextVersion(deps, profile.updatedAt ?? ''),
    read: profile,
    status: accountStatusFields(account, fetchedAt),
    actor,
    now: deps.clock.now(),
  });
  return [...profileWrites, ...(await listingEffects(deps, profile.id, status))];
}

/** A new updatedAt that differs from the one read (the optimistic-lock version), even within one millisecond. */
function nextVersion(deps: Deps, previous: string): string {
  const now = deps.clock.now();
  const prev = Date.parse(previous);
  return new Date(Number.isFinite(prev) && now.getTime() <= prev ? prev + 1 : now.getTime()).toISOString();
}

/**
 * Decision (documented in the report): only services of an ACTIVE provider are in the public listing
 * (`listingStatus`), because nothing else is bookable. Deactivated services never are.
 */
export function shouldBeListed(service: Pick<ServiceRecord, 'isActive'>, providerStatus: StripeAccountStatus | undefined): boolean {
  return service.isActive && providerStatus === 'ACTIVE';
}

async function listingEffects(deps: Deps, providerId: string, status: StripeAccountStatus): Promise<TxItem[]> {
  const services = await repo.servicesOfProvider(deps, providerId);
  const now = deps.clock.now();
  return services.filter((s) => shouldBeListed(s, status) !== (s.listingStatus === 'LISTED')).map((s) => serviceListingItem(deps, s.id, shouldBeListed(s, status), now));
}

export function toAccountStatusView(account: Stripe.Account): AccountStatusView {
  const req = account.requirements;
  const status = decideAccountStatus(account);
  return {
    accountId: account.id,
    status,
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    detailsSubmitted: account.details_submitted ?? false,
    onboardingComplete: status === 'ACTIVE',
    requirements: {
      currentlyDue: describeRequirements(req?.currently_due),
      pastDue: describeRequirements(req?.past_due),
      eventuallyDue: describeRequirements(req?.eventually_due),
      pendingVerification: describeRequirements(req?.pending_verification),
      disabledReason: req?.disabled_reason ?? null,
      disabledReasonText: describeDisabledReason(req?.disabled_reason),
      currentDeadline: req?.current_deadline ?? null,
    },
    capabilities: Object.fromEntries(Object.entries(account.capabilities ?? {}).map(([k, v]) => [k, String(v)])),
  };
}

const NOT_STARTED: AccountStatusView = {
  accountId: null,
  status: 'NOT_STARTED',
  chargesEnabled: false,
  payoutsEnabled: false,
  detailsSubmitted: false,
  onboardingComplete: false,
  requirements: { currentlyDue: [], pastDue: [], eventuallyDue: [], pendingVerification: [], disabledReason: null, disabledReasonText: null, currentDeadline: null },
  capabilities: {},
};

/** Retrieves the account, stores its status (same decision as the webhook) and explains what Stripe still needs. */
export async function checkAccountStatus(deps: Deps, caller: Identity, input: ConnectRequest<'CHECK_ACCOUNT_STATUS'>): Promise<AccountStatusView> {
  const own = await accountProfileFor(deps, caller, input, 'manage');
  if (!own?.stripeAccountId) return NOT_STARTED;
  let account: Stripe.Account | undefined;
  // Someone else may store a state meanwhile (a webhook): each attempt decides again from a fresh read and fetch.
  await commitWithRetry(
    deps,
    async () => {
      const profile = await readProfile(deps, own.id);
      if (!profile?.stripeAccountId) return [];
      const fetchedAt = deps.clock.now();
      account = await callStripe(() => deps.stripe.accounts.retrieve(profile.stripeAccountId as string));
      return accountSyncEffects(deps, profile, account, fetchedAt, { role: caller.userId === own.id ? 'PROVIDER' : 'ADMIN', id: caller.userId });
    },
    { attempts: SYNC_ATTEMPTS },
  );
  return account ? toAccountStatusView(account) : NOT_STARTED;
}

/** account.updated: the writes bringing the provider's profile in line with the account as Stripe has it now. */
export async function accountUpdatedEffects(deps: Deps, accountId: string): Promise<TxItem[]> {
  const matches = await repo.profilesByStripeAccount(deps, accountId);
  const first = matches[0];
  if (!first) return []; // not one of our providers (or not stored yet: CHECK_ACCOUNT_STATUS will sync it)
  // The index is eventually consistent: read the profile itself, then fetch (the order the lock relies on).
  const profile = await readProfile(deps, first.id);
  if (!profile || profile.stripeAccountId !== accountId) return [];
  const fetchedAt = deps.clock.now();
  const account = await deps.stripe.accounts.retrieve(accountId);
  return accountSyncEffects(deps, profile, account, fetchedAt, { role: 'STRIPE' });
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
    throw new AppError('INVALID_TRANSITION', 'This booking does not need a payment', { bookingId: booking.id, currentStatus: booking.status });
  }
  if (!booking.paymentIntentId) {
    throw new AppError('CONFLICT', 'The payment for this booking is still being prepared. Please try again in a moment.', { bookingId: booking.id });
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
