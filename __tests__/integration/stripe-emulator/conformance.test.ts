import { readFileSync } from 'node:fs';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouter, apiRoutes } from '../../../lib/local/stripe-emulator/routes';
import { NEWER_FIELDS, RESPONSES_NOT_IN_SPEC } from '../../../lib/local/stripe-emulator/spec/exceptions';
import { operationKey, type ResponseSpec } from '../../../lib/local/stripe-emulator/spec/schema';
import { validateObject } from '../../../lib/local/stripe-emulator/spec/validate-object';
import { recordingStripe, type RecordedResponse } from './recording-client';
import { helper, startHarness, type Harness } from './support';

/**
 * Drives every API route through the SDK and checks every response body — lists, nested and
 * expanded objects, error bodies, and every event's data.object — against Stripe's OpenAPI
 * schemas (API 2023-08-16, spec/responses.json), bar the fields in spec/exceptions.ts.
 */
const spec = JSON.parse(
  readFileSync(new URL('../../../lib/local/stripe-emulator/spec/responses.json', import.meta.url), 'utf8'),
) as ResponseSpec;
const opts = { schemas: spec.schemas, exceptions: NEWER_FIELDS };

/** Routes that never answer 2xx (their error bodies are still checked). */
const NO_SUCCESS: Record<string, string> = {
  'POST /v1/refunds/*/cancel': 'card refunds succeed at once; only requires_action refunds can be canceled',
  'POST /v1/subscriptions/*/resume': 'pausing is not emulated, so no subscription is ever paused',
};

let h: Harness;
let stripe: Stripe;
let responses: RecordedResponse[];
beforeAll(async () => {
  h = await startHarness();
  ({ stripe, responses } = recordingStripe(h.emulator));
});
afterAll(async () => {
  await h.emulator.close();
});

const expectError = (p: Promise<unknown>) => expect(p).rejects.toHaveProperty('type');
const connected = { stripeAccount: '' };

describe('every API route, through the SDK', () => {
  it('accounts, links, capabilities, webhook endpoints', async () => {
    const account = await stripe.accounts.create({
      type: 'express',
      country: 'US',
      email: 'c@example.com',
      capabilities: { transfers: { requested: true } },
    });
    connected.stripeAccount = account.id;
    await helper(h.emulator, `/_emulator/accounts/${account.id}/complete_onboarding`);
    await stripe.accounts.retrieve(account.id);
    await stripe.accounts.retrieveCurrent();
    await stripe.accounts.update(account.id, { metadata: { provider: 'p_1' }, business_profile: { name: 'Pat' } });
    await stripe.accounts.list({ limit: 3 });
    await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: 'http://x/r',
      return_url: 'http://x/d',
    });
    await stripe.accounts.createLoginLink(account.id);
    await stripe.accounts.listCapabilities(account.id);
    await stripe.accounts.retrieveCapability(account.id, 'transfers');
    await stripe.accounts.updateCapability(account.id, 'card_payments', { requested: true });
    const doomed = await stripe.accounts.create({ type: 'express', country: 'US' });
    await stripe.accounts.del(doomed.id);
    await expectError(stripe.accounts.retrieve(doomed.id));

    const endpoint = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/x', enabled_events: ['*'] });
    await stripe.webhookEndpoints.retrieve(endpoint.id);
    await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    await stripe.webhookEndpoints.list();
    await stripe.webhookEndpoints.del(endpoint.id);
  });

  it('customers, payment methods, payment intents, charges, refunds (with expansions and declines)', async () => {
    const customer = await stripe.customers.create({ email: 'c@example.com', name: 'Cat', metadata: { userId: 'u_1' } });
    await stripe.customers.update(customer.id, { phone: '+15555550100' });
    await stripe.customers.list({ limit: 2 });
    const pm = await stripe.paymentMethods.create({
      type: 'card',
      card: { number: '4000000000000077', exp_month: 1, exp_year: 2040, cvc: '123' },
    });
    await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    await stripe.paymentMethods.update(pm.id, { metadata: { label: 'work' } });
    await stripe.paymentMethods.retrieve(pm.id);
    await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    await stripe.customers.listPaymentMethods(customer.id);
    await stripe.customers.retrieve(customer.id, { expand: ['invoice_settings.default_payment_method'] });

    const pi = await stripe.paymentIntents.create({
      amount: 10_000,
      currency: 'usd',
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      expand: ['latest_charge.balance_transaction', 'customer', 'payment_method'],
    });
    await stripe.paymentIntents.retrieve(pi.id);
    await stripe.paymentIntents.list({ customer: customer.id, expand: ['data.latest_charge'] });
    const charge = await stripe.charges.retrieve((pi.latest_charge as Stripe.Charge).id, {
      expand: ['balance_transaction', 'customer', 'payment_intent'],
    });
    await expectError(stripe.charges.retrieve(charge.id, { expand: ['payment_method'] })); // a plain id in the spec
    await stripe.charges.update(charge.id, { description: 'Lesson' });
    await stripe.charges.list({ payment_intent: pi.id, expand: ['data.balance_transaction'] });
    const refund = await stripe.refunds.create({ charge: charge.id, amount: 100, reason: 'requested_by_customer' });
    await stripe.refunds.update(refund.id, { metadata: { why: 'late' } });
    await stripe.refunds.retrieve(refund.id, { expand: ['charge', 'balance_transaction'] });
    await stripe.refunds.list({ charge: charge.id });
    await expectError(stripe.refunds.cancel(refund.id));
    await stripe.charges.retrieve(charge.id); // now with refunds.data

    const manual = await stripe.paymentIntents.create({
      amount: 3_000,
      currency: 'usd',
      capture_method: 'manual',
      setup_future_usage: 'off_session',
      metadata: { booking: 'b_1' },
    });
    await stripe.paymentIntents.update(manual.id, { description: 'Booking b_1', receipt_email: 'c@example.com' });
    await stripe.paymentIntents.confirm(manual.id, { payment_method: 'pm_card_visa', return_url: 'http://x/back' });
    await stripe.paymentIntents.capture(manual.id, { amount_to_capture: 2_500 });
    const canceled = await stripe.paymentIntents.create({
      amount: 1_000,
      currency: 'usd',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    await stripe.paymentIntents.cancel(canceled.id, { cancellation_reason: 'abandoned' });
    const threeDs = await stripe.paymentIntents.create({
      amount: 1_200,
      currency: 'usd',
      payment_method: 'pm_card_threeDSecureRequired',
      confirm: true,
      return_url: 'http://x/back',
    });
    expect(threeDs.status).toBe('requires_action');
    await stripe.paymentIntents.retrieve(threeDs.id);

    await expectError(
      stripe.paymentIntents.create({
        amount: 1_000,
        currency: 'usd',
        payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
        confirm: true,
      }),
    );
    await expectError(stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424241', exp_month: 1, exp_year: 2040 } }));
    await expectError(stripe.paymentIntents.create({ amount: 1_000, currency: 'usd', bogus: 1 } as Stripe.PaymentIntentCreateParams));
    await expectError(stripe.charges.retrieve('ch_missing'));

    await stripe.paymentMethods.detach(pm.id);
    const gone = await stripe.customers.create({});
    await stripe.customers.del(gone.id);
  });

  it('balance, transfers, reversals, destination charges, application fees, payouts, disputes', async () => {
    const acct = connected.stripeAccount;
    const pi = await stripe.paymentIntents.create({
      amount: 20_000,
      currency: 'usd',
      payment_method: 'pm_card_bypassPending',
      confirm: true,
    });
    const transfer = await stripe.transfers.create({
      amount: 5_000,
      currency: 'usd',
      destination: acct,
      source_transaction: pi.latest_charge as string,
      transfer_group: 'g_1',
    });
    await stripe.transfers.update(transfer.id, { metadata: { booking: 'b_1' } });
    await stripe.transfers.retrieve(transfer.id, { expand: ['balance_transaction', 'destination'] });
    await stripe.transfers.list({ destination: acct });
    const reversal = await stripe.transfers.createReversal(transfer.id, { amount: 100 });
    await stripe.transfers.listReversals(transfer.id);
    await stripe.transfers.retrieveReversal(transfer.id, reversal.id);
    await stripe.balance.retrieve();
    await stripe.balance.retrieve({}, { stripeAccount: acct });
    const bts = await stripe.balanceTransactions.list({ limit: 5 });
    await stripe.balanceTransactions.retrieve(bts.data[0]?.id as string, { expand: ['source'] });
    await stripe.balanceTransactions.list({ type: 'payment' }, { stripeAccount: acct });

    const dest = await stripe.paymentIntents.create({
      amount: 2_000,
      currency: 'usd',
      transfer_data: { destination: acct },
      application_fee_amount: 200,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const destCharge = await stripe.charges.retrieve(dest.latest_charge as string, { expand: ['transfer', 'application_fee'] });
    const feeId = (destCharge.application_fee as Stripe.ApplicationFee).id;
    const feeRefund = await stripe.applicationFees.createRefund(feeId, { amount: 50 });
    await stripe.applicationFees.listRefunds(feeId);
    await stripe.applicationFees.retrieveRefund(feeId, feeRefund.id);
    await stripe.refunds.create({ charge: destCharge.id, refund_application_fee: true, reverse_transfer: true });
    await stripe.applicationFees.retrieve(feeId, { expand: ['account', 'charge'] });
    await stripe.applicationFees.list({ charge: destCharge.id });

    const payout = await stripe.payouts.create({ amount: 1_000, currency: 'usd' }, { stripeAccount: acct });
    await stripe.payouts.update(payout.id, { metadata: { run: 'r_1' } }, { stripeAccount: acct });
    await stripe.payouts.retrieve(payout.id, {}, { stripeAccount: acct });
    await stripe.payouts.list({ limit: 3 }, { stripeAccount: acct });
    await stripe.payouts.cancel(payout.id, {}, { stripeAccount: acct });
    await stripe.payouts.create({ amount: 500, currency: 'usd', method: 'instant' }, { stripeAccount: acct });
    await h.emulator.advanceClock(3 * 86400); // pending funds become available, the instant payout is paid
    await stripe.balance.retrieve();

    const disputed = await stripe.paymentIntents.create({
      amount: 3_000,
      currency: 'usd',
      payment_method: 'pm_card_createDispute',
      confirm: true,
    });
    const dispute = (await stripe.disputes.list({ payment_intent: disputed.id })).data[0] as Stripe.Dispute;
    await stripe.disputes.update(dispute.id, { evidence: { customer_name: 'Cat', uncategorized_text: 'receipt' }, submit: false });
    await stripe.disputes.retrieve(dispute.id, { expand: ['charge', 'payment_intent'] });
    await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    const lost = await stripe.paymentIntents.create({
      amount: 3_000,
      currency: 'usd',
      payment_method: 'pm_card_createDispute',
      confirm: true,
    });
    await stripe.disputes.close((await stripe.disputes.list({ payment_intent: lost.id })).data[0]?.id as string);
  });

  it('products, prices, Checkout, SetupIntents, subscriptions, invoices', async () => {
    const product = await stripe.products.create({ name: 'Credits', metadata: { sku: 'c' } });
    await stripe.products.update(product.id, { description: 'Lesson credits' });
    await stripe.products.retrieve(product.id);
    await stripe.products.list({ active: true });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1_000 });
    await stripe.prices.update(price.id, { nickname: 'one' });
    await stripe.prices.retrieve(price.id, { expand: ['product'] });
    await stripe.prices.list({ product: product.id });
    const spare = await stripe.products.create({ name: 'Spare' });
    await stripe.products.del(spare.id);

    const customer = await stripe.customers.create({ email: 'sub@example.com' });
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [
        { price: price.id, quantity: 2 },
        { price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'Fee' } }, quantity: 1 },
      ],
      success_url: 'http://x/ok?s={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://x/no',
    });
    await stripe.checkout.sessions.listLineItems(session.id);
    await fetch(`${h.emulator.url}/_emulator/checkout/${session.id}`, {
      method: 'POST',
      body: new URLSearchParams({ action: 'pay', card_number: '4242424242424242' }),
      redirect: 'manual',
    });
    await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.latest_charge', 'customer'] });
    await stripe.checkout.sessions.list({ customer: customer.id });
    const open = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: price.id }], success_url: 'http://x/ok' });
    await stripe.checkout.sessions.expire(open.id);

    const si = await stripe.setupIntents.create({ customer: customer.id, usage: 'off_session' });
    await stripe.setupIntents.update(si.id, { metadata: { why: 'later' } });
    await stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' });
    await stripe.setupIntents.retrieve(si.id, { expand: ['payment_method'] });
    await stripe.setupIntents.list({ customer: customer.id });
    const abandoned = await stripe.setupIntents.create({ customer: customer.id });
    await stripe.setupIntents.cancel(abandoned.id);
    const pm = (await stripe.setupIntents.retrieve(si.id)).payment_method as string;

    const recurring = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 900,
      recurring: { interval: 'month' },
    });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: recurring.id, quantity: 2 }],
      default_payment_method: pm,
      expand: ['latest_invoice.payment_intent'],
    });
    await stripe.subscriptions.update(sub.id, { metadata: { plan: 'm' }, cancel_at_period_end: true });
    await stripe.subscriptions.retrieve(sub.id, { expand: ['customer', 'default_payment_method'] });
    await stripe.subscriptions.list({ customer: customer.id });
    // A price change: previewed, then invoiced at once (proration lines, billing_reason subscription_update).
    const higher = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1_900,
      recurring: { interval: 'month' },
    });
    const change = { items: [{ id: sub.items.data[0]!.id, price: higher.id }], proration_behavior: 'always_invoice' as const };
    await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id, subscription_details: change });
    await stripe.subscriptions.update(sub.id, change);
    await expectError(stripe.subscriptions.resume(sub.id));
    const trial = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: recurring.id }], trial_period_days: 7 });
    const incomplete = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: recurring.id }],
      payment_behavior: 'default_incomplete',
    });
    await stripe.subscriptions.cancel(trial.id);
    await stripe.invoices.retrieve(incomplete.latest_invoice as string, { expand: ['payment_intent', 'subscription', 'charge'] });
    await stripe.invoices.list({ customer: customer.id, expand: ['data.charge'] });
    await h.emulator.advanceClock(32 * 86400); // the first subscription renews, then ends at the period end
    await stripe.invoices.list({ subscription: sub.id });
    await stripe.subscriptions.retrieve(sub.id);
  });

  it('coupons, promotion codes, and their discounts on a Checkout Session and a subscription', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'once', max_redemptions: 5, name: 'TEN' });
    await stripe.coupons.retrieve(coupon.id);
    const amountOff = await stripe.coupons.create({ amount_off: 300, currency: 'usd', duration: 'once' });
    const promo = await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'CONFORM10',
      restrictions: { first_time_transaction: true },
    });
    const flat = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: amountOff.id }, code: 'CONFORM3' });
    await stripe.promotionCodes.retrieve(promo.id);
    await stripe.promotionCodes.list({ code: 'conform10', active: true });
    const customer = await stripe.customers.create({ email: 'promo@example.com' });
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      success_url: 'http://x/s?session_id={CHECKOUT_SESSION_ID}',
      line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 2_000, product_data: { name: 'Credits' } } }],
      discounts: [{ promotion_code: flat.id }],
    });
    expect([session.amount_subtotal, session.amount_total, session.total_details?.amount_discount]).toEqual([2_000, 1_700, 300]);
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 4_900,
      recurring: { interval: 'month' },
      product_data: { name: 'Plus' },
    });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
      discounts: [{ promotion_code: promo.id }],
      expand: ['latest_invoice'],
    });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect([invoice.subtotal, invoice.total, invoice.total_discount_amounts?.[0]?.amount]).toEqual([4_900, 4_410, 490]);
    await stripe.promotionCodes.update(promo.id, { active: false });
    await expectError(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ promotion_code: promo.id }] }),
    );
  });

  it('events (platform and connected)', async () => {
    const latest = await stripe.events.list({ limit: 1 });
    await stripe.events.retrieve(latest.data[0]?.id as string);
    await stripe.events.list({ types: ['charge.succeeded', 'payout.paid'] }).autoPagingToArray({ limit: 10_000 });
    await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
    await stripe.events.list({ limit: 100 }, connected).autoPagingToArray({ limit: 10_000 });
  });
});

/** The schema a route's 200 response must match. */
function responseSchema(method: string, path: string) {
  const match = apiRouter.match(method, path);
  const key = match ? operationKey(method, match.route.path) : `${method} ${path}`;
  return { key, schema: spec.operations[key] ?? RESPONSES_NOT_IN_SPEC[key]?.schema };
}

/** An event carries its object as free-form JSON; it must match that object's own schema. */
function eventObjectProblems(body: unknown, where: string): string[] {
  const events = (body as { object?: string; data?: unknown }).object === 'list' ? ((body as { data: unknown[] }).data ?? []) : [body];
  return events.flatMap((e, i) => {
    const object = (e as { data?: { object?: { object?: string } } }).data?.object;
    const kind = object?.object ?? '(none)';
    if (!spec.schemas[kind]) return [`${where} event ${i}: no schema for data.object of kind ${kind}`];
    return validateObject(object, { t: 'ref', ref: kind }, opts).map((p) => `${where} event ${i} data.object: ${p}`);
  });
}

describe('every recorded response', () => {
  it('validates against the spec schema of its operation (errors against the error schema)', () => {
    const problems: string[] = [];
    for (const r of responses) {
      const where = `${r.method} ${r.path} (${r.status})`;
      if (r.status !== 200) {
        problems.push(...validateObject(r.body, { t: 'ref', ref: 'error' }, opts).map((p) => `${where}: ${p}`));
        continue;
      }
      const { key, schema } = responseSchema(r.method, r.path);
      if (!schema) {
        problems.push(`${where}: no response schema for ${key}`);
        continue;
      }
      problems.push(...validateObject(r.body, schema, opts).map((p) => `${where}: ${p}`));
      if (key.startsWith('GET /v1/events')) problems.push(...eventObjectProblems(r.body, where));
    }
    expect(problems).toEqual([]);
  });

  it('covers every route with a success, and the exceptions are still needed', () => {
    const succeeded = new Set(responses.filter((r) => r.status === 200).map((r) => responseSchema(r.method, r.path).key));
    const errored = new Set(responses.filter((r) => r.status !== 200).map((r) => responseSchema(r.method, r.path).key));
    const routes = apiRoutes.map((r) => operationKey(r.method, r.path));
    expect(routes.filter((k) => !succeeded.has(k) && !NO_SUCCESS[k])).toEqual([]);
    for (const k of Object.keys(NO_SUCCESS)) expect(errored.has(k)).toBe(true);
    for (const k of Object.keys(RESPONSES_NOT_IN_SPEC)) expect(spec.operations[k]).toBeUndefined();
  });
});
