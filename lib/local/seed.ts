import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import { decideAccountStatus } from '../domain/account-status';
import { isConditionalCheckFailed, modelFields } from '../data/items';
import type { CreditPackageRecord, MembershipPlanRecord, ServiceRecord, UserProfileRecord, WeeklyAvailability } from '../data/records';
import { repo } from '../data/repository';
import { searchEntrySync } from '../data/service-search';
import { transactWrite } from '../data/transact';
import type { Deps } from '../ports';
import { idempotencyKeys } from '../stripe/idempotency';
import { createLocalAccount, ensureLocalAccountsTable, localAccountsTable } from './accounts';

export interface SeedSummary {
  logins: { role: string; email: string; password: string }[];
  services: number;
  providerAccountId: string;
  membershipPlans: number;
  creditPackages: number;
}

const DEMO_PASSWORD = 'demo1234';
export const DEMO_USERS = [
  { role: 'customer', userId: 'user_demo_customer', email: 'customer@marketplace.local', displayName: 'Casey Customer', groups: [] },
  {
    role: 'provider',
    userId: 'user_demo_provider',
    email: 'provider@marketplace.local',
    displayName: 'Harbor Studio',
    groups: ['PROVIDER'],
  },
  { role: 'admin', userId: 'user_demo_admin', email: 'admin@marketplace.local', displayName: 'Avery Admin', groups: ['ADMIN'] },
] as const;

const WEEKDAYS_9_TO_5: WeeklyAvailability = Object.fromEntries(
  (['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const).map((d) => [d, [{ start: '09:00', end: '17:00' }]]),
);

type DemoService = Omit<
  ServiceRecord,
  keyof ReturnType<typeof modelFields> | 'providerId' | 'isActive' | 'listingStatus' | 'blockedDates' | 'timeZone' | 'weeklyAvailability'
>;
const DEMO_SERVICES: (DemoService & { id: string })[] = [
  {
    id: 'svc_demo_portrait',
    title: 'Portrait Photography Session',
    category: 'Photography',
    description: 'A relaxed hour in the studio or outdoors, with twenty edited photos delivered within a week.',
    priceCents: 12_000,
    currency: 'usd',
    pricingUnit: 'PER_BOOKING',
    durationMinutes: 60,
    maxGroupSize: 4,
    cancellationPolicy: 'MODERATE',
  },
  {
    id: 'svc_demo_cleaning',
    title: 'Deep Home Cleaning',
    category: 'Home',
    description: 'Kitchen, bathrooms and floors cleaned top to bottom; eco-friendly products included.',
    priceCents: 8_999,
    currency: 'usd',
    pricingUnit: 'PER_BOOKING',
    durationMinutes: 120,
    maxGroupSize: 1,
    cancellationPolicy: 'FLEXIBLE',
  },
  {
    id: 'svc_demo_yoga',
    title: 'Private Yoga Class',
    category: 'Wellness',
    description: 'A private class for you and friends, adapted to every level. Mats provided.',
    priceCents: 4_550,
    currency: 'usd',
    pricingUnit: 'PER_PERSON',
    durationMinutes: 60,
    maxGroupSize: 6,
    cancellationPolicy: 'STRICT',
  },
];

/** Demo users, an onboarded provider with an active connected account, services and the webhook endpoint. Idempotent. */
export async function seedDemoData(deps: Deps, emulatorUrl: string): Promise<SeedSummary> {
  const now = deps.clock.now();
  const accountsTable = localAccountsTable(deps.tables.UserProfile.replace(/^UserProfile-/, ''));
  await ensureLocalAccountsTable(deps.db, accountsTable);
  for (const user of DEMO_USERS) {
    await createLocalAccount(deps.db, accountsTable, { ...user, groups: [...user.groups], password: DEMO_PASSWORD });
    await putIfAbsent(deps, deps.tables.UserProfile, {
      ...modelFields('UserProfile', user.userId, now),
      owner: user.userId,
      email: user.email,
      displayName: user.displayName,
      timeZone: 'America/New_York',
    } satisfies UserProfileRecord);
  }
  const provider = DEMO_USERS[1];
  const providerAccountId = await ensureActiveConnectedAccount(deps, emulatorUrl, provider.userId, provider.email);
  for (const service of DEMO_SERVICES) {
    const record = {
      ...modelFields('Service', service.id, now),
      ...service,
      providerId: provider.userId,
      owner: provider.userId,
      timeZone: 'America/New_York',
      weeklyAvailability: WEEKDAYS_9_TO_5,
      blockedDates: [],
      isActive: true,
      listingStatus: 'LISTED',
    } satisfies ServiceRecord;
    await putIfAbsent(deps, deps.tables.Service, record);
    // Its search entries, from the service as stored (a re-seed over an older stack also fills them in).
    const stored = (await repo.service(deps, service.id)) ?? record;
    await transactWrite(deps, searchEntrySync(deps, undefined, stored));
  }
  await ensureMembershipPlans(deps);
  await ensureCreditPackages(deps);
  await ensureWebhookEndpoints(deps.stripe, `${deps.config.appUrl}/api/stripe-webhook`);
  return {
    logins: DEMO_USERS.map((u) => ({ role: u.role, email: u.email, password: DEMO_PASSWORD })),
    services: DEMO_SERVICES.length,
    providerAccountId,
    membershipPlans: DEMO_PLANS.length,
    creditPackages: DEMO_CREDIT_PACKAGES.length,
  };
}

async function putIfAbsent(deps: Deps, table: string, item: object): Promise<void> {
  try {
    await deps.db.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(id)' }));
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
  }
}

async function ensureActiveConnectedAccount(deps: Deps, emulatorUrl: string, userId: string, email: string): Promise<string> {
  const profile = await repo.userProfile(deps, userId);
  let account = profile?.stripeAccountId ? await deps.stripe.accounts.retrieve(profile.stripeAccountId).catch(() => undefined) : undefined;
  account ??= await deps.stripe.accounts.create(
    { type: 'express', country: 'US', email, capabilities: { card_payments: { requested: true }, transfers: { requested: true } } },
    { idempotencyKey: idempotencyKeys.providerAccount(userId) },
  );
  if (decideAccountStatus(account) !== 'ACTIVE') {
    // The emulator's test helper plays the provider finishing Stripe's onboarding form.
    const res = await fetch(`${emulatorUrl}/_emulator/accounts/${account.id}/complete_onboarding`, { method: 'POST' });
    if (!res.ok) throw new Error(`emulator could not complete onboarding of ${account.id}: ${res.status} ${await res.text()}`);
    account = await deps.stripe.accounts.retrieve(account.id);
  }
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.tables.UserProfile,
      Key: { id: userId },
      UpdateExpression:
        'SET stripeAccountId = :id, stripeAccountStatus = :status, stripeChargesEnabled = :charges, stripePayoutsEnabled = :payouts, stripeDetailsSubmitted = :details, stripeOnboardingComplete = :details, stripeRequirements = :req, stripeCapabilities = :caps, updatedAt = :now',
      ExpressionAttributeValues: {
        ':id': account.id,
        ':status': decideAccountStatus(account),
        ':charges': account.charges_enabled,
        ':payouts': account.payouts_enabled,
        ':details': account.details_submitted,
        ':req': account.requirements ?? null,
        ':caps': account.capabilities ?? null,
        ':now': deps.clock.now().toISOString(),
      },
    }),
  );
  return account.id;
}

/**
 * Two endpoints on the app's webhook URL, as on Stripe: one for the platform's own events and one with
 * `connect: true` for connected accounts' events (account.updated, payouts). metadata.kind tells them apart.
 */
async function ensureWebhookEndpoints(stripe: Stripe, url: string): Promise<void> {
  const existing = await stripe.webhookEndpoints.list({ limit: 100 });
  const has = (kind: string) => existing.data.some((e) => e.url === url && e.metadata?.kind === kind);
  if (!has('platform')) await stripe.webhookEndpoints.create({ url, enabled_events: ['*'], metadata: { kind: 'platform' } });
  if (!has('connect')) {
    await stripe.webhookEndpoints.create({ url, enabled_events: ['*'], connect: true, metadata: { kind: 'connect' } });
  }
}

// ---- memberships and credit packages --------------------------------------------------

/** Membership plans: a Stripe product (fixed id) + a monthly recurring price; metadata.monthlyCredits on both. Pro has a trial. */
const DEMO_PLANS = [
  { id: 'plan_basic', name: 'Basic', description: '2,000 credits every month: about one class.', priceCents: 1_900, monthlyCredits: 2_000 },
  { id: 'plan_plus', name: 'Plus', description: '5,500 credits every month, for regulars.', priceCents: 4_900, monthlyCredits: 5_500 },
  {
    id: 'plan_pro',
    name: 'Pro',
    description: '12,000 credits every month: a session a month on us.',
    priceCents: 9_900,
    monthlyCredits: 12_000,
    trialDays: 14,
  },
] as const;

/** Credit packages (1 credit = 1 cent of a booking): bigger packages cost less per credit. */
const DEMO_CREDIT_PACKAGES = [
  { id: 'pkg_starter', name: 'Starter', description: 'Enough for a yoga class or two.', credits: 5_000, priceCents: 5_000 },
  { id: 'pkg_popular', name: 'Popular', description: 'A 5% bonus: pay $95, get $100 of bookings.', credits: 10_000, priceCents: 9_500 },
  { id: 'pkg_value', name: 'Best value', description: 'A 10% bonus: pay $180, get $200 of bookings.', credits: 20_000, priceCents: 18_000 },
] as const;

async function ensureMembershipPlans(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  for (const [i, plan] of DEMO_PLANS.entries()) {
    const productId = `prod_membership_${plan.id.replace(/^plan_/, '')}`;
    const metadata = { planId: plan.id, monthlyCredits: String(plan.monthlyCredits) };
    const product =
      (await deps.stripe.products.retrieve(productId).catch(() => undefined)) ??
      (await deps.stripe.products.create({ id: productId, name: `${plan.name} membership`, description: plan.description, metadata }));
    const prices = await deps.stripe.prices.list({ product: product.id, active: true, type: 'recurring', limit: 100 });
    const price =
      prices.data.find(
        (p) =>
          p.unit_amount === plan.priceCents && p.currency === 'usd' && p.recurring?.interval === 'month' && p.metadata?.planId === plan.id,
      ) ??
      (await deps.stripe.prices.create({
        product: product.id,
        currency: 'usd',
        unit_amount: plan.priceCents,
        recurring: { interval: 'month' },
        metadata,
      }));
    // Always written: the Stripe ids follow the emulator's state.
    await deps.db.send(
      new PutCommand({
        TableName: deps.tables.MembershipPlan,
        Item: {
          ...modelFields('MembershipPlan', plan.id, now),
          name: plan.name,
          description: plan.description,
          stripeProductId: product.id,
          stripePriceId: price.id,
          priceCents: plan.priceCents,
          currency: 'usd',
          interval: 'month',
          monthlyCredits: plan.monthlyCredits,
          ...('trialDays' in plan ? { trialDays: plan.trialDays } : {}),
          sortOrder: i,
          listingStatus: 'LISTED',
        } satisfies MembershipPlanRecord,
      }),
    );
  }
}

async function ensureCreditPackages(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  for (const [i, pkg] of DEMO_CREDIT_PACKAGES.entries()) {
    await putIfAbsent(deps, deps.tables.CreditPackage, {
      ...modelFields('CreditPackage', pkg.id, now),
      ...pkg,
      currency: 'usd',
      sortOrder: i,
      listingStatus: 'LISTED',
    } satisfies CreditPackageRecord);
  }
}
