/**
 * Stripe customers and saved cards. One Stripe customer per user, created on the user's first purchase and never
 * twice: a conditional claim on the user's Customer record lets one request of concurrent first purchases ask Stripe
 * (the others wait for it), the Stripe call carries the key `user:<id>:customer`, and the id is stored only into an
 * empty slot. Cards are always the caller's own customer's: a payment method of anyone else answers 404 (the saved
 * cards' actions are lib/services/saved-cards.ts).
 */
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import {
  claimStripeCustomerCreation,
  createCustomerRecord,
  readCustomer,
  releaseStripeCustomerClaim,
  storeStripeCustomerId,
} from '../data/customer-writes';
import { modelFields } from '../data/items';
import type { CustomerRecord, UserProfileRecord } from '../data/records';
import { getItem, queryIndex } from '../data/repository';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { customerIdempotencyKeys } from '../stripe/idempotency';
import { authorize } from './access';
import type { Deps } from '../ports';

/** A claim older than this belongs to a request that died; another request may take it over. */
const CLAIM_STALE_MS = 30_000;
const CLAIM_WAIT_MS = 15_000;
const CLAIM_POLL_MS = 50;

/** The user behind a Stripe customer id (webhooks about invoices, PaymentIntents of that customer). */
export async function userIdOfStripeCustomer(deps: Deps, stripeCustomerId: string | null | undefined): Promise<string | undefined> {
  if (!stripeCustomerId) return undefined;
  const matches = await queryIndex<CustomerRecord>(deps, 'Customer', {
    index: 'byStripeCustomerId',
    key: 'stripeCustomerId',
    value: stripeCustomerId,
  });
  return matches[0]?.userId;
}

/** Customer records with this email (Customer.byEmail): as typed lowercased first, then exactly as typed. */
export async function customersByEmail(deps: Deps, email: string): Promise<CustomerRecord[]> {
  const lower = email.toLowerCase();
  const found = await queryIndex<CustomerRecord>(deps, 'Customer', { index: 'byEmail', key: 'email', value: lower });
  if (found.length > 0 || lower === email) return found;
  return queryIndex<CustomerRecord>(deps, 'Customer', { index: 'byEmail', key: 'email', value: email });
}

/** The caller's Customer record, created (without a Stripe customer, balance 0) if they have none. */
async function ensureCustomerRecord(deps: Deps, caller: Identity): Promise<CustomerRecord> {
  const existing = await readCustomer(deps, caller.userId);
  if (existing) return existing;
  const record: CustomerRecord = {
    ...modelFields('Customer', caller.userId, deps.clock.now()),
    owner: caller.userId,
    userId: caller.userId,
    email: caller.email,
    creditBalance: 0,
  };
  if (await createCustomerRecord(deps, record)) return record;
  return (await readCustomer(deps, caller.userId)) as CustomerRecord;
}

/** The caller's Stripe customer id, creating the customer on the first purchase (exactly once, see the file note). */
export async function ensureStripeCustomer(deps: Deps, caller: Identity): Promise<string> {
  const record = await ensureCustomerRecord(deps, caller);
  if (record.stripeCustomerId) return record.stripeCustomerId;
  return claimAndCreateCustomer(deps, caller);
}

async function claimAndCreateCustomer(deps: Deps, caller: Identity): Promise<string> {
  const claimedAt = deps.clock.now();
  const claim = `${claimedAt.toISOString()}#${deps.ids.newId('claim')}`;
  const staleBefore = new Date(claimedAt.getTime() - CLAIM_STALE_MS).toISOString();
  if (!(await claimStripeCustomerCreation(deps, caller.userId, claim, staleBefore))) return waitForCustomer(deps, caller);

  let customer: Stripe.Customer;
  try {
    customer = await findOrCreateStripeCustomer(deps, caller);
  } catch (err) {
    await releaseStripeCustomerClaim(deps, caller.userId, claim);
    throw err;
  }
  let stored: boolean;
  try {
    stored = await storeStripeCustomerId(deps, caller.userId, customer.id, deps.clock.now(), customer.name);
  } catch (err) {
    await releaseStripeCustomerClaim(deps, caller.userId, claim).catch(() => undefined);
    throw err;
  }
  if (stored) return customer.id;
  // Filled meanwhile (only after a stale claim): the stored customer wins.
  const current = await readCustomer(deps, caller.userId);
  if (current?.stripeCustomerId) return current.stripeCustomerId;
  // The customer exists at Stripe but is not stored: give the slot back; a retry finds the same customer
  // (same idempotency key, and the metadata.userId lookup below).
  await releaseStripeCustomerClaim(deps, caller.userId, claim).catch(() => undefined);
  throw new AppError('CONFLICT', 'Your payment profile is being set up. Please try again in a moment.');
}

/**
 * A customer for this user: one Stripe already has (metadata.userId, e.g. created by a request that died before
 * storing it, past the idempotency window) or a new one under the user's idempotency key.
 */
async function findOrCreateStripeCustomer(deps: Deps, caller: Identity): Promise<Stripe.Customer> {
  const existing = await callStripe(() => deps.stripe.customers.list({ email: caller.email, limit: 100 }));
  const mine = existing.data.find((c) => c.metadata?.userId === caller.userId);
  if (mine) return mine;
  const profile = await getItem<UserProfileRecord>(deps, 'UserProfile', caller.userId);
  return callStripe(() =>
    deps.stripe.customers.create(
      { email: caller.email, ...(profile?.displayName ? { name: profile.displayName } : {}), metadata: { userId: caller.userId } },
      { idempotencyKey: customerIdempotencyKeys.customer(caller.userId) },
    ),
  );
}

async function waitForCustomer(deps: Deps, caller: Identity): Promise<string> {
  const deadline = Date.now() + CLAIM_WAIT_MS;
  for (;;) {
    const record = await readCustomer(deps, caller.userId);
    if (record?.stripeCustomerId) return record.stripeCustomerId;
    if (!record?.stripeCustomerClaimedAt) {
      // The claimer gave up (its Stripe call failed): try ourselves.
      return claimAndCreateCustomer(deps, caller);
    }
    if (Date.now() >= deadline) throw new AppError('CONFLICT', 'Your payment profile is being set up. Please try again in a moment.');
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
  }
}

/** The caller's own card, or 404 (someone else's card does not exist for them). */
export async function requireOwnCard(
  deps: Deps,
  caller: Identity,
  paymentMethodId: string,
): Promise<{ customerId: string; pm: Stripe.PaymentMethod }> {
  const notFound = () => new AppError('NOT_FOUND', 'Card not found', { paymentMethodId });
  let pm: Stripe.PaymentMethod;
  try {
    pm = await callStripe(() => deps.stripe.paymentMethods.retrieve(paymentMethodId));
  } catch (err) {
    if (err instanceof AppError && err.code === 'PAYMENT_PROVIDER_ERROR' && err.details?.stripeCode === 'resource_missing')
      throw notFound();
    throw err;
  }
  const stripeCustomerId = typeof pm.customer === 'string' ? pm.customer : pm.customer?.id;
  // A card belongs to the user whose Stripe customer it is attached to; a card of none of our customers does not exist.
  const ownerId = await userIdOfStripeCustomer(deps, stripeCustomerId);
  authorize(caller, 'userResource', ownerId ? { userId: ownerId } : undefined, 'manage', { noun: 'Card', details: { paymentMethodId } });
  const record = await readCustomer(deps, caller.userId);
  if (!record?.stripeCustomerId || record.stripeCustomerId !== stripeCustomerId) throw notFound();
  return { customerId: record.stripeCustomerId, pm };
}
