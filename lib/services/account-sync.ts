/**
 * A provider's connected account as Stripe has it, stored on the profile: on CHECK_ACCOUNT_STATUS and on
 * account.updated, with the same decision (lib/domain/account-status.ts), and the provider's services put in or out
 * of the public listing to match.
 */
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import { decideAccountStatus } from '../domain/account-status';
import { describeDisabledReason, describeRequirements } from '../domain/requirements';
import type { EventActor } from '../domain/events';
import { nextVersion } from '../data/items';
import { accountStatusSyncItems, readProfile, type AccountStatusFields } from '../data/profile-writes';
import { serviceListingItems } from '../data/service-writes';
import type { ServiceRecord, StripeAccountStatus, UserProfileRecord } from '../data/records';
import { repo } from '../data/repository';
import { commitWithRetry, type TxItem } from '../data/transact';
import type { AccountStatusView, ConnectRequest } from '../http/stripe-connect';
import { callStripe } from '../stripe/errors';
import type { Deps } from '../ports';
import { accountProfileFor } from './provider-access';
import { refetch, unusable } from './unusable-event';

const SYNC_ATTEMPTS = 3;

/** The account's status as the profile stores it (the same decision as the webhook's). */
export function accountStatusFields(account: Stripe.Account, fetchedAt: Date): AccountStatusFields {
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
async function accountSyncEffects(
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
    newVersion: nextVersion(deps.clock.now(), profile.updatedAt ?? ''),
    read: profile,
    status: accountStatusFields(account, fetchedAt),
    actor,
    now: deps.clock.now(),
  });
  return [...profileWrites, ...(await listingEffects(deps, profile.id, status))];
}

/** Only services of an ACTIVE provider are in the public listing (`listingStatus`): nothing else is bookable. */
export function shouldBeListed(service: Pick<ServiceRecord, 'isActive'>, providerStatus: StripeAccountStatus | undefined): boolean {
  return service.isActive && providerStatus === 'ACTIVE';
}

async function listingEffects(deps: Deps, providerId: string, status: StripeAccountStatus): Promise<TxItem[]> {
  const services = await repo.servicesOfProvider(deps, providerId);
  const now = deps.clock.now();
  return services
    .filter((s) => shouldBeListed(s, status) !== (s.listingStatus === 'LISTED'))
    .flatMap((s) => serviceListingItems(deps, s, shouldBeListed(s, status), now));
}

function toAccountStatusView(account: Stripe.Account): AccountStatusView {
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
  requirements: {
    currentlyDue: [],
    pastDue: [],
    eventuallyDue: [],
    pendingVerification: [],
    disabledReason: null,
    disabledReasonText: null,
    currentDeadline: null,
  },
  capabilities: {},
};

/** Retrieves the account, stores its status (same decision as the webhook) and explains what Stripe still needs. */
export async function checkAccountStatus(
  deps: Deps,
  caller: Identity,
  input: ConnectRequest<'CHECK_ACCOUNT_STATUS'>,
): Promise<AccountStatusView> {
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
      return accountSyncEffects(deps, profile, account, fetchedAt, {
        role: caller.userId === own.id ? 'PROVIDER' : 'ADMIN',
        id: caller.userId,
      });
    },
    { attempts: SYNC_ATTEMPTS },
  );
  return account ? toAccountStatusView(account) : NOT_STARTED;
}

/**
 * account.updated: the writes bringing the provider's profile in line with the account as Stripe has it now. An account
 * of no provider here, or one Stripe does not have, is unusable (UnusableEvent).
 */
export async function accountUpdatedEffects(deps: Deps, accountId: string): Promise<TxItem[]> {
  const matches = await repo.profilesByStripeAccount(deps, accountId);
  const first = matches[0];
  // Not stored yet is possible too (the account was just created): CHECK_ACCOUNT_STATUS syncs it on the way back.
  const notOurs = `Connected account ${accountId} is none of our providers' (a new one is synced when its provider returns from onboarding).`;
  if (!first) unusable(notOurs);
  // The index is eventually consistent: read the profile itself, then fetch (the order the lock relies on).
  const profile = await readProfile(deps, first.id);
  if (!profile || profile.stripeAccountId !== accountId) unusable(notOurs);
  const fetchedAt = deps.clock.now();
  const account = await refetch(`Connected account ${accountId}`, () => deps.stripe.accounts.retrieve(accountId));
  return accountSyncEffects(deps, profile, account, fetchedAt, { role: 'STRIPE' });
}
