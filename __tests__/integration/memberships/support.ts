/** Helpers of the membership scenarios: subscribe, pay, the member's card, and reads of the stored records. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerRecord, SubscriptionRecord, TransactionRecord } from '../../../lib/data/records';
import type { CustomerResponses } from '../../../lib/http/stripe-connect';
import { confirmLikeStripeJs, type TestStack } from '../support/local-stack';
import { connect, ledger, requestId } from '../customers/support';

export const DAY = 86_400;

export async function subscribe(stack: TestStack, token: string, planId: string) {
  const res = await connect<CustomerResponses['SUBSCRIBE']>(stack, 'SUBSCRIBE', { planId, requestId: requestId() }, token);
  if (res.status !== 200) throw new Error(`SUBSCRIBE ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Subscribes and pays the first invoice with a card (which becomes the membership's default), synced. */
export async function subscribePaid(stack: TestStack, token: string, planId: string, card = '4242424242424242') {
  const sub = await subscribe(stack, token, planId);
  const paid = await confirmLikeStripeJs(stack.emulator.url, sub.clientSecret!, card);
  if (paid.body.status !== 'succeeded') throw new Error(`first payment ${JSON.stringify(paid.body)}`);
  await connect(stack, 'SYNC_MEMBERSHIP', { subscriptionId: sub.membership.id }, token);
  await stack.emulator.flushWebhooks();
  return sub.membership.id;
}

export async function customerRecord(stack: TestStack, userId: string): Promise<CustomerRecord | undefined> {
  const out = await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Customer, Key: { id: userId }, ConsistentRead: true }));
  return out.Item as CustomerRecord | undefined;
}

export async function subscriptionRecord(stack: TestStack, id: string): Promise<SubscriptionRecord> {
  const out = await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Subscription, Key: { id }, ConsistentRead: true }));
  return out.Item as SubscriptionRecord;
}

/** Gives the user's Stripe customer a default card (what saving a card under Saved cards does). */
export async function giveDefaultCard(stack: TestStack, userId: string, number = '4242424242424242') {
  const customerId = (await customerRecord(stack, userId))!.stripeCustomerId!;
  const pm = await stack.deps.stripe.paymentMethods.create({
    type: 'card',
    card: { number, exp_month: 12, exp_year: 2040, cvc: '123' },
  } as never);
  await stack.deps.stripe.paymentMethods.attach(pm.id, { customer: customerId });
  await stack.deps.stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } });
  return pm.id;
}

/** The membership's ledger lines (`membership:<subscription id>`). */
export function membershipLedger(stack: TestStack, subscriptionId: string): Promise<TransactionRecord[]> {
  return ledger(stack, `membership:${subscriptionId}`);
}
