/**
 * The Stripe customer's side of the Customer record: its `name` and whether it still exists (`isActive`), from
 * `customer.updated` / `customer.deleted` (re-fetched: a deleted customer reads as deleted, or 404, whatever the
 * order the events arrive in). Also `customer.subscription.trial_will_end`: the membership is re-synced (its trial
 * end stored) and the event recorded in the webhook log.
 */
import { readCustomer, stripeCustomerProfileItem } from '../data/customer-writes';
import type { TxItem } from '../data/transact';
import type { Deps } from '../ports';
import { userIdOfStripeCustomer } from './customers';
import type { EventHandlerMap, EventOf } from './event-handler-types';
import { subscriptionSyncEffects } from './membership-sync';
import { isMissingAtStripe, refetch, unusable } from './unusable-event';

async function stripeProfile(deps: Deps, customerId: string): Promise<{ name: string | null; isActive: boolean }> {
  try {
    const c = await deps.stripe.customers.retrieve(customerId);
    if ('deleted' in c && c.deleted) return { name: null, isActive: false };
    return { name: c.name ?? null, isActive: true };
  } catch (err) {
    if (isMissingAtStripe(err)) return { name: null, isActive: false };
    throw err;
  }
}

/** The Customer record follows the Stripe customer as it is now; nothing is written when it already does. */
export async function customerProfileEffects(deps: Deps, customerId: string): Promise<TxItem[]> {
  const userId = await userIdOfStripeCustomer(deps, customerId);
  if (!userId) unusable(`Customer ${customerId} is no user's here.`);
  const record = await readCustomer(deps, userId);
  if (record?.stripeCustomerId !== customerId) return [];
  const now = await stripeProfile(deps, customerId);
  // A deleted customer keeps the last name we knew.
  const name = now.isActive ? now.name : undefined;
  if (record.isActive === now.isActive && (name === undefined || (record.name ?? null) === name)) return [];
  return [stripeCustomerProfileItem(deps, userId, customerId, { name, isActive: now.isActive }, deps.clock.now())];
}

const onCustomerChanged = (deps: Deps, event: EventOf<'customer.updated' | 'customer.deleted'>) =>
  customerProfileEffects(deps, event.data.object.id);

const onTrialWillEnd = (deps: Deps, event: EventOf<'customer.subscription.trial_will_end'>) =>
  refetch(`Subscription ${event.data.object.id}`, () => subscriptionSyncEffects(deps, event.data.object.id));

export const customerEventHandlers: EventHandlerMap = {
  'customer.updated': onCustomerChanged,
  'customer.deleted': onCustomerChanged,
  'customer.subscription.trial_will_end': onTrialWillEnd,
};
