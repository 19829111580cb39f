/**
 * Writes of the Customer record outside credit balances (those are credit-writes.ts): its creation, the claim that
 * lets one request create the user's Stripe customer, storing that id, and the default card.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { buildExpression, updateInput, type Change, type Condition } from './expressions';
import { isConditionalCheckFailed } from './items';
import type { CustomerRecord } from './records';
import { putIfAbsent, type DataDeps, type TableDeps, type TxItem } from './transact';

export async function readCustomer(deps: DataDeps, userId: string): Promise<CustomerRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.tables.Customer, Key: { id: userId }, ConsistentRead: true }));
  return out.Item as CustomerRecord | undefined;
}

/** One conditional UpdateItem on a Customer record: true when written, false when its condition failed. */
async function updateCustomer(deps: DataDeps, userId: string, change: Change, conditions: Condition[]): Promise<boolean> {
  const built = buildExpression(change, conditions);
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tables.Customer,
        Key: { id: userId },
        ...built,
        UpdateExpression: built.UpdateExpression as string,
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

/** Creates the record if there is none: true when this call created it. */
export function createCustomerRecord(deps: DataDeps, record: CustomerRecord): Promise<boolean> {
  return putIfAbsent(deps, deps.tables.Customer, record);
}

/**
 * Takes the right to create the user's Stripe customer: only while none is stored and no other claim is younger
 * than `staleBefore`. True when this call holds the claim.
 */
export function claimStripeCustomerCreation(deps: DataDeps, userId: string, claim: string, staleBefore: string): Promise<boolean> {
  return updateCustomer(deps, userId, { set: { stripeCustomerClaimedAt: claim } }, [
    { attr: 'id', present: true },
    { attr: 'stripeCustomerId', absent: true },
    {
      or: [
        { attr: 'stripeCustomerClaimedAt', absent: true },
        { attr: 'stripeCustomerClaimedAt', lt: staleBefore },
      ],
    },
  ]);
}

/**
 * Stores the Stripe customer id (with its name, active) into an empty slot (or the same id) and ends the claim;
 * false when another is stored.
 */
export function storeStripeCustomerId(
  deps: DataDeps,
  userId: string,
  customerId: string,
  now: Date,
  name?: string | null,
): Promise<boolean> {
  return updateCustomer(
    deps,
    userId,
    {
      set: { stripeCustomerId: customerId, isActive: true, ...(name ? { name } : {}), updatedAt: now.toISOString() },
      remove: ['stripeCustomerClaimedAt'],
    },
    [
      {
        or: [
          { attr: 'stripeCustomerId', absent: true },
          { attr: 'stripeCustomerId', eq: customerId },
        ],
      },
    ],
  );
}

/** Gives the claim back (only this claim: a newer one is someone else's). */
export async function releaseStripeCustomerClaim(deps: DataDeps, userId: string, claim: string): Promise<void> {
  await updateCustomer(deps, userId, { remove: ['stripeCustomerClaimedAt'] }, [{ attr: 'stripeCustomerClaimedAt', eq: claim }]);
}

/** Remembers the default card of the stored Stripe customer; false when the stored customer is another. */
export function storeDefaultCard(deps: DataDeps, userId: string, customerId: string, paymentMethodId: string, now: Date): Promise<boolean> {
  return updateCustomer(deps, userId, { set: { defaultPaymentMethodId: paymentMethodId, updatedAt: now.toISOString() } }, [
    { attr: 'stripeCustomerId', eq: customerId },
  ]);
}

/** Forgets the default card when it is this one (a detached card). */
export async function forgetDefaultCard(
  deps: DataDeps,
  userId: string,
  customerId: string,
  paymentMethodId: string,
  now: Date,
): Promise<void> {
  await updateCustomer(deps, userId, { remove: ['defaultPaymentMethodId'], set: { updatedAt: now.toISOString() } }, [
    { attr: 'stripeCustomerId', eq: customerId },
    { attr: 'defaultPaymentMethodId', eq: paymentMethodId },
  ]);
}

/**
 * Takes the user's one trial of a plan: appends the plan to `trialPlanIds` only if it is not there. True when this
 * call took it (a retried or concurrent subscribe to the same plan gets false, and no trial).
 */
export function claimPlanTrial(deps: DataDeps, userId: string, planId: string, now: Date): Promise<boolean> {
  return updateCustomer(deps, userId, { append: { trialPlanIds: [planId] }, set: { updatedAt: now.toISOString() } }, [
    { attr: 'id', present: true },
    { attr: 'trialPlanIds', lacks: planId },
  ]);
}

/**
 * The write storing the Stripe customer's name (null: none; undefined: unchanged) and whether it still exists, on
 * the record of the stored Stripe customer only (a transaction item, committed with the webhook's marker).
 */
export function stripeCustomerProfileItem(
  deps: TableDeps,
  userId: string,
  customerId: string,
  profile: { name?: string | null; isActive: boolean },
  now: Date,
): TxItem {
  const set: Record<string, unknown> = { isActive: profile.isActive, updatedAt: now.toISOString() };
  if (profile.name) set.name = profile.name;
  const change = { set, ...(profile.name === null ? { remove: ['name'] } : {}) };
  return { Update: updateInput(deps.tables.Customer, { id: userId }, change, [{ attr: 'stripeCustomerId', eq: customerId }]) };
}
