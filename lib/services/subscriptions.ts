/**
 * Memberships: a Stripe subscription to a plan's recurring price. Subscribing creates it with
 * `payment_behavior: 'default_incomplete'` and the browser pays the first invoice's PaymentIntent; renewals are
 * Stripe's. The Subscription record is Stripe's state as last fetched (re-fetched on every event, written under an
 * optimistic lock), and each paid invoice grants the plan's monthly credits once (CreditTransaction `grant:<invoice>`
 * written only if absent, in the same transaction as the conditional ADD to the balance): membership-sync.ts.
 * Here: the plans, the caller's memberships and the actions on them.
 */
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import type { Currency } from '../domain/money';
import { LIVE_MEMBERSHIP_STATUSES } from '../domain/membership-status';
import type { MembershipPlanRecord, SubscriptionRecord, SubscriptionStatus } from '../data/records';
import { getItem, queryIndex } from '../data/repository';
import { claimPlanTrial } from '../data/customer-writes';
import { readSubscription, subscriptionsOfUser } from '../data/subscription-writes';
import { commitWithRetry } from '../data/transact';
import type { CustomerRequest, CustomerResponses, MembershipPlanView, MembershipView } from '../http/stripe-connect';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { customerIdempotencyKeys, promotionIdempotencyKeys } from '../stripe/idempotency';
import { authorize } from './access';
import { creditBalance } from './credits';
import { ensureStripeCustomer } from './customers';
import type { Deps } from '../ports';
import { idOf, invoiceEffects, subscriptionSyncEffects, type Loose } from './membership-sync';
import { recordPayment } from './payments';
import { firstInvoiceAmounts, membershipPromotion } from './checkout-promotions';
import { withStripeDiscount } from './promotions';

/** Memberships that count as "has a membership" (one at a time). */
const LIVE: readonly SubscriptionStatus[] = LIVE_MEMBERSHIP_STATUSES;

// ---- API-version tolerant readers of the first invoice (see membership-sync.ts) ----------------------------

function invoiceClientSecret(invoice: Stripe.Invoice | string | null | undefined): string | null {
  if (!invoice || typeof invoice === 'string') return null;
  const inv = invoice as unknown as Loose;
  const cs = inv.confirmation_secret as Loose | null | undefined;
  if (typeof cs?.client_secret === 'string') return cs.client_secret;
  const pi = inv.payment_intent as Loose | null | undefined;
  return typeof pi?.client_secret === 'string' ? pi.client_secret : null;
}

function invoicePaymentIntentId(invoice: Stripe.Invoice | string | null | undefined): string | undefined {
  if (!invoice || typeof invoice === 'string') return undefined;
  return idOf((invoice as unknown as Loose).payment_intent);
}

// ---- plans and views ------------------------------------------------------------------------------

function toPlanView(p: MembershipPlanRecord): MembershipPlanView {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    priceCents: p.priceCents,
    currency: p.currency,
    interval: p.interval,
    monthlyCredits: p.monthlyCredits,
    ...(p.trialDays ? { trialDays: p.trialDays } : {}),
  };
}

export async function listPlans(deps: Deps): Promise<CustomerResponses['LIST_MEMBERSHIP_PLANS']> {
  const plans = await queryIndex<MembershipPlanRecord>(deps, 'MembershipPlan', {
    index: 'byListingStatus',
    key: 'listingStatus',
    value: 'LISTED',
  });
  return { plans: plans.sort((a, b) => a.sortOrder - b.sortOrder).map(toPlanView) };
}

async function toView(
  deps: Deps,
  s: SubscriptionRecord,
  plans = new Map<string, MembershipPlanRecord | undefined>(),
): Promise<MembershipView> {
  if (!plans.has(s.planId)) plans.set(s.planId, await getItem<MembershipPlanRecord>(deps, 'MembershipPlan', s.planId));
  const plan = plans.get(s.planId);
  return {
    id: s.id,
    planId: s.planId,
    planName: plan?.name ?? 'Membership',
    status: s.status,
    currentPeriodStart: s.currentPeriodStart,
    currentPeriodEnd: s.currentPeriodEnd,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    monthlyCredits: s.monthlyCredits,
    priceCents: plan?.priceCents ?? 0,
    currency: plan?.currency ?? 'usd',
    ...(s.status === 'trialing' && s.trialEnd ? { trialEnd: s.trialEnd } : {}),
  };
}

/**
 * Whether this subscription starts with the plan's trial: the plan has one and the user has not had it. The claim
 * is a conditional append to the Customer record's `trialPlanIds`, so of concurrent or repeated subscribes to one
 * plan only one gets the trial, ever (a retried request after the claim gets none, under another idempotency key).
 */
async function takesTrial(deps: Deps, caller: Identity, plan: MembershipPlanRecord, mine: SubscriptionRecord[]): Promise<boolean> {
  if (!plan.trialDays || plan.trialDays <= 0) return false;
  if (mine.some((s) => s.planId === plan.id && s.status !== 'incomplete_expired')) return false;
  return claimPlanTrial(deps, caller.userId, plan.id, deps.clock.now());
}

export async function listMemberships(deps: Deps, caller: Identity): Promise<CustomerResponses['LIST_MEMBERSHIPS']> {
  const subs = await subscriptionsOfUser(deps, caller.userId);
  const plans = new Map<string, MembershipPlanRecord | undefined>();
  const memberships: MembershipView[] = [];
  for (const s of subs) memberships.push(await toView(deps, s, plans));
  return { memberships };
}

// ---- actions --------------------------------------------------------------------------------------------

export async function ownSubscription(deps: Deps, caller: Identity, subscriptionId: string): Promise<SubscriptionRecord> {
  const record = await readSubscription(deps, subscriptionId);
  authorize(caller, 'userResource', record, 'manage', { noun: 'Membership', details: { subscriptionId } });
  return record;
}

export async function viewOf(deps: Deps, subscriptionId: string): Promise<MembershipView> {
  const record = await readSubscription(deps, subscriptionId);
  if (!record) throw new AppError('NOT_FOUND', 'Membership not found', { subscriptionId });
  return toView(deps, record);
}

export async function subscribe(
  deps: Deps,
  caller: Identity,
  input: CustomerRequest<'SUBSCRIBE'>,
): Promise<CustomerResponses['SUBSCRIBE']> {
  const plan = await getItem<MembershipPlanRecord>(deps, 'MembershipPlan', input.planId);
  if (!plan || plan.listingStatus !== 'LISTED') throw new AppError('NOT_FOUND', 'Membership plan not found', { planId: input.planId });
  const mine = await subscriptionsOfUser(deps, caller.userId);
  const live = mine.find((s) => LIVE.includes(s.status));
  if (live) {
    throw new AppError('CONFLICT', 'You already have a membership. Manage it below, or cancel it before choosing another plan.', {
      subscriptionId: live.id,
    });
  }
  const customer = await ensureStripeCustomer(deps, caller);
  // An unpaid first invoice of this plan is continued rather than a second subscription made.
  const pending = mine.find((s) => s.status === 'incomplete' && s.planId === plan.id);
  const trial = !pending && (await takesTrial(deps, caller, plan, mine));
  // A promotion code is redeemed (once per customer) before Stripe applies it to the first invoice.
  const promo = pending ? undefined : await membershipPromotion(deps, caller, input, plan);
  const sub = pending
    ? await callStripe(() => deps.stripe.subscriptions.retrieve(pending.id, { expand: ['latest_invoice.payment_intent'] }))
    : await withStripeDiscount(deps, caller, promo?.redeemed, promo?.subject ?? '', () =>
        deps.stripe.subscriptions.create(
          {
            customer,
            items: [{ price: plan.stripePriceId }],
            payment_behavior: 'default_incomplete',
            payment_settings: { save_default_payment_method: 'on_subscription' },
            metadata: { userId: caller.userId, planId: plan.id },
            ...(trial ? { trial_period_days: plan.trialDays } : {}),
            expand: ['latest_invoice.payment_intent'],
            ...promo?.params,
          },
          {
            idempotencyKey: promotionIdempotencyKeys.withCode(
              `${customerIdempotencyKeys.subscription(caller.userId, plan.id, input.requestId)}${trial ? ':trial' : ''}`,
              promo?.redeemed.code,
            ),
          },
        ),
      );
  await commitWithRetry(deps, () => subscriptionSyncEffects(deps, sub.id));
  const piId = invoicePaymentIntentId(sub.latest_invoice as Stripe.Invoice | null);
  if (piId) await recordPayment(deps, piId).catch(() => undefined);
  return {
    membership: await viewOf(deps, sub.id),
    clientSecret: sub.status === 'incomplete' ? invoiceClientSecret(sub.latest_invoice as Stripe.Invoice | null) : null,
    ...(sub.status === 'trialing' ? { amountCents: 0 } : firstInvoiceAmounts(sub.latest_invoice as Stripe.Invoice | null, plan.priceCents)),
    currency: plan.currency as Currency,
    trialEnd: sub.status === 'trialing' && sub.trial_end ? new Date(sub.trial_end * 1000).toISOString() : null,
  };
}

/** After paying in the browser (or any time): re-read from Stripe, store, and grant a paid invoice's credits. */
export async function syncMembership(
  deps: Deps,
  caller: Identity,
  input: CustomerRequest<'SYNC_MEMBERSHIP'>,
): Promise<CustomerResponses['SYNC_MEMBERSHIP']> {
  await ownSubscription(deps, caller, input.subscriptionId);
  const sub = await callStripe(() => deps.stripe.subscriptions.retrieve(input.subscriptionId));
  const invoiceId = idOf(sub.latest_invoice);
  await commitWithRetry(deps, async () => (invoiceId ? invoiceEffects(deps, invoiceId) : subscriptionSyncEffects(deps, sub.id)));
  const latest = invoiceId ? await callStripe(() => deps.stripe.invoices.retrieve(invoiceId)) : undefined;
  const piId = invoicePaymentIntentId(latest);
  if (piId) await recordPayment(deps, piId).catch(() => undefined);
  return { membership: await viewOf(deps, sub.id), balance: await creditBalance(deps, caller.userId) };
}

async function setCancelAtPeriodEnd(
  deps: Deps,
  caller: Identity,
  subscriptionId: string,
  cancel: boolean,
  requestId: string,
): Promise<MembershipView> {
  const record = await ownSubscription(deps, caller, subscriptionId);
  if (!LIVE.includes(record.status)) {
    throw new AppError(
      'INVALID_TRANSITION',
      cancel ? 'This membership is not active.' : 'This membership has ended and cannot be resumed.',
      {
        subscriptionId,
        status: record.status,
      },
    );
  }
  await callStripe(() =>
    deps.stripe.subscriptions.update(
      subscriptionId,
      { cancel_at_period_end: cancel },
      { idempotencyKey: customerIdempotencyKeys.subscriptionCancelAtPeriodEnd(subscriptionId, cancel, requestId) },
    ),
  );
  await commitWithRetry(deps, () => subscriptionSyncEffects(deps, subscriptionId));
  return viewOf(deps, subscriptionId);
}

export async function cancelMembership(
  deps: Deps,
  caller: Identity,
  input: CustomerRequest<'CANCEL_MEMBERSHIP'>,
): Promise<CustomerResponses['CANCEL_MEMBERSHIP']> {
  return { membership: await setCancelAtPeriodEnd(deps, caller, input.subscriptionId, true, input.requestId) };
}

export async function resumeMembership(
  deps: Deps,
  caller: Identity,
  input: CustomerRequest<'RESUME_MEMBERSHIP'>,
): Promise<CustomerResponses['RESUME_MEMBERSHIP']> {
  return { membership: await setCancelAtPeriodEnd(deps, caller, input.subscriptionId, false, input.requestId) };
}
