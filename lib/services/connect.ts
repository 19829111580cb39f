/**
 * Provider onboarding on Stripe Connect (Express accounts) and the provider's direct Stripe operations.
 * Every account id comes from the caller's own profile (never from the request), and every Stripe write
 * carries an idempotency key derived from domain ids.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import type { Group, Identity } from '../auth/identity';
import { decideAccountStatus } from '../domain/account-status';
import type { Currency } from '../domain/money';
import { describeDisabledReason, describeRequirements } from '../domain/requirements';
import { isConditionalCheckFailed, modelFields, transactionCancellationReasons } from '../data/items';
import type { ServiceRecord, StripeAccountStatus, UserProfileRecord } from '../data/records';
import { repo } from '../data/repository';
import { transactWrite, type TxItem } from '../data/transact';
import type { AccountStatusView, ConnectRequest, ConnectResponses } from '../http/contract';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { connectIdempotencyKeys, idempotencyKeys } from '../stripe/idempotency';
import type { Deps } from './deps';

/** A claim on the profile's account slot older than this is abandoned (its request died) and may be taken over. */
const CLAIM_STALE_MS = 60_000;
/** How long a second, concurrent CREATE_ACCOUNT waits for the first one to store the account. */
const CLAIM_WAIT_MS = 15_000;
const CLAIM_POLL_MS = 100;
const SYNC_ATTEMPTS = 3;

export const ONBOARDING_REFRESH_PATH = '/provider/onboarding/refresh';
export const ONBOARDING_RETURN_PATH = '/provider?onboarding=returned';

// ---- profile and ownership ----------------------------------------------------------------------

async function readProfile(deps: Deps, userId: string): Promise<UserProfileRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.tables.UserProfile, Key: { id: userId }, ConsistentRead: true }));
  return out.Item as UserProfileRecord | undefined;
}

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
  try {
    await deps.db.send(new PutCommand({ TableName: deps.tables.UserProfile, Item: profile, ConditionExpression: 'attribute_not_exists(id)' }));
    return profile;
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
    return (await readProfile(deps, caller.userId)) as UserProfileRecord;
  }
}

function assertOwnProvider(caller: Identity, providerId: string | undefined): void {
  if (providerId !== undefined && providerId !== caller.userId) {
    throw new AppError('FORBIDDEN', 'You can only manage your own payment account', { providerId });
  }
}

/** The caller's profile with its connected account; `accountId`, if sent, must be that account. */
async function requireOwnAccount(
  deps: Deps,
  caller: Identity,
  input: { providerId?: string | undefined; accountId?: string | undefined },
): Promise<UserProfileRecord & { stripeAccountId: string }> {
  assertOwnProvider(caller, input.providerId);
  const profile = await readProfile(deps, caller.userId);
  if (input.accountId !== undefined && input.accountId !== profile?.stripeAccountId) {
    throw new AppError('FORBIDDEN', 'That Stripe account is not yours', { accountId: input.accountId });
  }
  if (!profile?.stripeAccountId) {
    throw new AppError('NOT_FOUND', 'You have no payment account yet. Start onboarding first.', { providerId: caller.userId });
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
  assertOwnProvider(caller, input.providerId);
  const profile = await ensureProfile(deps, caller);
  const accountId = profile.stripeAccountId ?? (await claimAndCreateAccount(deps, caller, (input.country ?? 'US').toUpperCase()));
  const link = await createLink(deps, accountId, 'account_onboarding');
  return { accountId, onboardingUrl: link.url };
}

async function claimAndCreateAccount(deps: Deps, caller: Identity, country: string): Promise<string> {
  const claimedAt = deps.clock.now();
  const claim = claimedAt.toISOString();
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tables.UserProfile,
        Key: { id: caller.userId },
        UpdateExpression: 'SET stripeAccountClaimedAt = :claim',
        ConditionExpression:
          'attribute_exists(id) AND attribute_not_exists(stripeAccountId) AND (attribute_not_exists(stripeAccountClaimedAt) OR stripeAccountClaimedAt < :stale)',
        ExpressionAttributeValues: { ':claim': claim, ':stale': new Date(claimedAt.getTime() - CLAIM_STALE_MS).toISOString() },
      }),
    );
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
    return waitForAccount(deps, caller.userId);
  }

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
    await releaseClaim(deps, caller.userId, claim);
    throw err;
  }

  const now = deps.clock.now().toISOString();
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tables.UserProfile,
        Key: { id: caller.userId },
        UpdateExpression: `SET stripeAccountId = :id, ${PROFILE_STATUS_SET}, updatedAt = :now REMOVE stripeAccountClaimedAt`,
        ConditionExpression: 'attribute_not_exists(stripeAccountId) OR stripeAccountId = :id',
        ExpressionAttributeValues: { ':id': account.id, ':now': now, ...profileStatusValues(account, deps.clock.now()) },
      }),
    );
    return account.id;
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
    // The slot was filled by another account meanwhile (only possible after a stale claim): the stored one wins.
    const stored = await readProfile(deps, caller.userId);
    console.warn(JSON.stringify({ level: 'warn', msg: 'orphaned connected account', accountId: account.id, userId: caller.userId }));
    if (!stored?.stripeAccountId) throw err;
    return stored.stripeAccountId;
  }
}

async function releaseClaim(deps: Deps, userId: string, claim: string): Promise<void> {
  await deps.db
    .send(
      new UpdateCommand({
        TableName: deps.tables.UserProfile,
        Key: { id: userId },
        UpdateExpression: 'REMOVE stripeAccountClaimedAt',
        ConditionExpression: 'stripeAccountClaimedAt = :claim',
        ExpressionAttributeValues: { ':claim': claim },
      }),
    )
    .catch((err: unknown) => {
      if (!isConditionalCheckFailed(err)) throw err;
    });
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
  const profile = await requireOwnAccount(deps, caller, input);
  const link = await createLink(deps, profile.stripeAccountId, input.type ?? 'account_onboarding');
  return { url: link.url, expiresAt: link.expires_at };
}

export async function createLoginLink(deps: Deps, caller: Identity, input: ConnectRequest<'CREATE_LOGIN_LINK'>): Promise<ConnectResponses['CREATE_LOGIN_LINK']> {
  const profile = await requireOwnAccount(deps, caller, input);
  if (!profile.stripeDetailsSubmitted) {
    throw new AppError('BAD_REQUEST', 'Your Express dashboard opens once you have finished onboarding.', { accountId: profile.stripeAccountId });
  }
  const link = await callStripe(() =>
    deps.stripe.accounts.createLoginLink(profile.stripeAccountId, {}, { idempotencyKey: connectIdempotencyKeys.loginLink(profile.stripeAccountId, deps.ids.newId('req')) }),
  );
  return { url: link.url };
}

// ---- status ---------------------------------------------------------------------------------------

const PROFILE_STATUS_SET =
  'stripeAccountStatus = :status, stripeChargesEnabled = :charges, stripePayoutsEnabled = :payouts, stripeDetailsSubmitted = :details, stripeOnboardingComplete = :complete, stripeRequirements = :req, stripeCapabilities = :caps, stripeAccountSyncedAt = :synced';

function profileStatusValues(account: Stripe.Account, fetchedAt: Date): Record<string, unknown> {
  const status = decideAccountStatus(account);
  return {
    ':status': status,
    ':charges': account.charges_enabled ?? false,
    ':payouts': account.payouts_enabled ?? false,
    ':details': account.details_submitted ?? false,
    ':complete': status === 'ACTIVE',
    ':req': account.requirements ?? null,
    ':caps': account.capabilities ?? null,
    ':synced': Math.floor(fetchedAt.getTime() / 1000),
  };
}

/**
 * The writes that store `account` (as fetched from Stripe after `profile` was read) on the profile, and put
 * the provider's services in or out of the public listing to match. The profile write is conditional on the
 * profile being unchanged since it was read: of two syncs racing, the one that read first fails and must
 * re-read and re-fetch, so the stored state is never older than one another sync already stored.
 * The webhook and CHECK_ACCOUNT_STATUS both use it.
 */
export async function accountSyncEffects(deps: Deps, profile: UserProfileRecord, account: Stripe.Account, fetchedAt: Date): Promise<TxItem[]> {
  const status = decideAccountStatus(account);
  const profileWrite: TxItem = {
    Update: {
      TableName: deps.tables.UserProfile,
      Key: { id: profile.id },
      UpdateExpression: `SET ${PROFILE_STATUS_SET}, updatedAt = :now`,
      ConditionExpression: `stripeAccountId = :account AND ${profile.updatedAt ? 'updatedAt = :readVersion' : 'attribute_not_exists(updatedAt)'}`,
      ExpressionAttributeValues: {
        ...profileStatusValues(account, fetchedAt),
        ':account': account.id,
        ...(profile.updatedAt ? { ':readVersion': profile.updatedAt } : {}),
        ':now': nextVersion(deps, profile.updatedAt ?? ''),
      },
    },
  };
  return [profileWrite, ...(await listingEffects(deps, profile.id, status))];
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
  const now = deps.clock.now().toISOString();
  const items: TxItem[] = [];
  for (const s of services) {
    const listed = shouldBeListed(s, status);
    if (listed === (s.listingStatus === 'LISTED')) continue;
    items.push({
      Update: listed
        ? {
            TableName: deps.tables.Service,
            Key: { id: s.id },
            UpdateExpression: 'SET listingStatus = :listed, updatedAt = :now',
            ConditionExpression: 'isActive = :true',
            ExpressionAttributeValues: { ':listed': 'LISTED', ':now': now, ':true': true },
          }
        : {
            TableName: deps.tables.Service,
            Key: { id: s.id },
            UpdateExpression: 'SET updatedAt = :now REMOVE listingStatus',
            ExpressionAttributeValues: { ':now': now },
          },
    });
  }
  return items;
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
  assertOwnProvider(caller, input.providerId);
  for (let attempt = 1; ; attempt++) {
    const profile = await readProfile(deps, caller.userId);
    if (input.accountId !== undefined && input.accountId !== profile?.stripeAccountId) {
      throw new AppError('FORBIDDEN', 'That Stripe account is not yours', { accountId: input.accountId });
    }
    if (!profile?.stripeAccountId) return NOT_STARTED;
    const fetchedAt = deps.clock.now();
    const account = await callStripe(() => deps.stripe.accounts.retrieve(profile.stripeAccountId as string));
    try {
      await transactWrite(deps, await accountSyncEffects(deps, profile, account, fetchedAt));
      return toAccountStatusView(account);
    } catch (err) {
      // Someone else stored a state meanwhile (a webhook): decide again from a fresh read and fetch.
      if (!transactionCancellationReasons(err) || attempt >= SYNC_ATTEMPTS) throw err;
    }
  }
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
  return accountSyncEffects(deps, profile, account, fetchedAt);
}

// ---- payments and payouts -------------------------------------------------------------------------

/** The client secret to pay one of the caller's own unpaid bookings (amount and currency from the booking). */
export async function createPaymentIntentForBooking(
  deps: Deps,
  caller: Identity,
  input: ConnectRequest<'CREATE_PAYMENT_INTENT'>,
): Promise<ConnectResponses['CREATE_PAYMENT_INTENT']> {
  const booking = await repo.booking(deps, input.bookingId);
  if (!booking || booking.customerId !== caller.userId) throw new AppError('NOT_FOUND', 'Booking not found', { bookingId: input.bookingId });
  if (booking.status !== 'PENDING_PAYMENT' && booking.status !== 'PAYMENT_FAILED') {
    throw new AppError('INVALID_TRANSITION', 'This booking does not need a payment', { bookingId: booking.id, currentStatus: booking.status });
  }
  if (!booking.paymentIntentId) {
    throw new AppError('CONFLICT', 'The payment for this booking is still being prepared. Please try again in a moment.', { bookingId: booking.id });
  }
  const pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(booking.paymentIntentId as string));
  if (!pi.client_secret) throw new AppError('PAYMENT_PROVIDER_ERROR', 'The payment provider returned no client secret.');
  return { paymentIntentId: pi.id, clientSecret: pi.client_secret, amountCents: booking.totalAmountCents, currency: booking.currency };
}

/** A payout from the provider's own connected account, never more than its available balance. */
export async function createPayout(deps: Deps, caller: Identity, input: ConnectRequest<'CREATE_PAYOUT'>): Promise<ConnectResponses['CREATE_PAYOUT']> {
  const profile = await requireOwnAccount(deps, caller, input);
  const stripeAccount = profile.stripeAccountId;
  const method = input.method ?? 'standard';
  const currency = input.currency as Currency;
  const balance = await callStripe(() => deps.stripe.balance.retrieve({}, { stripeAccount }));
  const pool = method === 'instant' ? (balance.instant_available ?? []) : balance.available;
  const available = pool.filter((b) => b.currency === currency).reduce((sum, b) => sum + b.amount, 0);
  if (input.amountCents > available) {
    const numbers = { available, requested: input.amountCents, currency };
    throw new AppError('INSUFFICIENT_EARNINGS', 'Insufficient earnings', numbers, numbers);
  }
  const payout = await callStripe(() =>
    deps.stripe.payouts.create(
      { amount: input.amountCents, currency, method, metadata: { userId: caller.userId, requestId: input.requestId } },
      { stripeAccount, idempotencyKey: connectIdempotencyKeys.providerPayout(caller.userId, input.requestId) },
    ),
  );
  return {
    payoutId: payout.id,
    amountCents: payout.amount,
    currency: payout.currency as Currency,
    status: payout.status,
    arrivalDate: payout.arrival_date,
    method,
  };
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
