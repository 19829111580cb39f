import { readFileSync } from 'node:fs';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helper, startHarness, type Harness } from './support';

/** Top-level fields per object, extracted from Stripe's OpenAPI description (API 2023-08-16). */
const shapes = JSON.parse(readFileSync(new URL('../../../lib/local/stripe-emulator/spec/objects.json', import.meta.url), 'utf8')) as Record<
  string,
  { props: string[]; required: string[] }
>;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.close();
});

/** Fields newer than the spec that the emulator returns on purpose (the SDK's types read them). */
const NEWER_FIELDS: Record<string, string[]> = {
  subscription_item: ['current_period_start', 'current_period_end'],
  invoice: ['confirmation_secret'],
};

function mismatches(kind: string, obj: object): string[] {
  const shape = shapes[kind];
  if (!shape) return [`${kind}: no shape in the spec`];
  const keys = Object.keys(obj).filter((k) => k !== 'lastResponse');
  const out: string[] = [];
  for (const k of keys) if (!shape.props.includes(k) && !NEWER_FIELDS[kind]?.includes(k)) out.push(`${kind}.${k} is not in the spec`);
  for (const r of shape.required) if (!keys.includes(r)) out.push(`${kind}.${r} is required by the spec but missing`);
  return out;
}

describe('response objects conform to the OpenAPI subset', () => {
  it('every returned object has exactly the spec fields (required ones present, no unknown ones)', async () => {
    const objects: [string, object][] = [];
    const account = await h.stripe.accounts.create({ type: 'express', country: 'US', email: 'c@example.com', capabilities: { transfers: { requested: true } } });
    await helper(h.emulator, `/_emulator/accounts/${account.id}/complete_onboarding`);
    objects.push(['account', await h.stripe.accounts.retrieve(account.id)]);
    objects.push(['account_link', await h.stripe.accountLinks.create({ account: account.id, type: 'account_onboarding', refresh_url: 'http://x/r', return_url: 'http://x/d' })]);
    objects.push(['login_link', await h.stripe.accounts.createLoginLink(account.id)]);
    const customer = await h.stripe.customers.create({ email: 'c@example.com' });
    objects.push(['customer', customer]);
    const pm = await h.stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000000077', exp_month: 1, exp_year: 2040, cvc: '123' } });
    objects.push(['payment_method', pm]);
    const pi = await h.stripe.paymentIntents.create({ amount: 10_000, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true });
    objects.push(['payment_intent', pi]);
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string);
    objects.push(['charge', charge]);
    objects.push(['balance_transaction', await h.stripe.balanceTransactions.retrieve(charge.balance_transaction as string)]);
    const transfer = await h.stripe.transfers.create({ amount: 5_000, currency: 'usd', destination: account.id, source_transaction: charge.id });
    objects.push(['transfer', transfer]);
    objects.push(['transfer_reversal', await h.stripe.transfers.createReversal(transfer.id, { amount: 100 })]);
    objects.push(['refund', await h.stripe.refunds.create({ charge: charge.id, amount: 100 })]);
    objects.push(['payout', await h.stripe.payouts.create({ amount: 1_000, currency: 'usd' }, { stripeAccount: account.id })]);
    objects.push(['balance', await h.stripe.balance.retrieve()]);
    const dest = await h.stripe.paymentIntents.create({ amount: 2_000, currency: 'usd', transfer_data: { destination: account.id }, application_fee_amount: 200, payment_method: 'pm_card_visa', confirm: true });
    const destCharge = await h.stripe.charges.retrieve(dest.latest_charge as string);
    await h.stripe.refunds.create({ charge: destCharge.id, refund_application_fee: true, reverse_transfer: true });
    const fee = await h.stripe.applicationFees.retrieve(destCharge.application_fee as string);
    objects.push(['application_fee', fee]);
    objects.push(['fee_refund', fee.refunds.data[0] as Stripe.FeeRefund]);
    const disputed = await h.stripe.paymentIntents.create({ amount: 3_000, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
    objects.push(['dispute', (await h.stripe.disputes.list({ payment_intent: disputed.id })).data[0] as Stripe.Dispute]);
    objects.push(['webhook_endpoint', await h.stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/x', enabled_events: ['*'] })]);
    objects.push(['event', (await h.stripe.events.list({ limit: 1 })).data[0] as Stripe.Event]);
    objects.push(['event', (await h.stripe.events.list({ limit: 1 }, { stripeAccount: account.id })).data[0] as Stripe.Event]);

    const product = await h.stripe.products.create({ name: 'Credits' });
    objects.push(['product', product]);
    const price = await h.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1_000 });
    objects.push(['price', price]);
    const session = await h.stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: price.id, quantity: 1 }], success_url: 'http://x/ok' });
    objects.push(['checkout.session', session]);
    objects.push(['item', (await h.stripe.checkout.sessions.listLineItems(session.id)).data[0] as Stripe.LineItem]);
    objects.push(['setup_intent', await h.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true })]);

    const recurring = await h.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 900, recurring: { interval: 'month' } });
    await h.stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: recurring.id }], default_payment_method: pm.id });
    objects.push(['subscription', sub]);
    objects.push(['subscription_item', sub.items.data[0] as Stripe.SubscriptionItem]);
    const invoice = await h.stripe.invoices.retrieve(sub.latest_invoice as string);
    objects.push(['invoice', invoice]);
    objects.push(['line_item', invoice.lines.data[0] as Stripe.InvoiceLineItem]);

    expect(new Set(objects.map(([k]) => k))).toEqual(new Set(Object.keys(shapes)));
    expect(objects.flatMap(([kind, obj]) => mismatches(kind, obj))).toEqual([]);
  });
});
