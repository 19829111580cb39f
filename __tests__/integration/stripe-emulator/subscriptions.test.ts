import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserCall, startHarness, type Harness } from './support';

let h: Harness;
let monthly: Stripe.Price;
beforeAll(async () => {
  h = await startHarness();
  const product = await h.stripe.products.create({ name: 'Membership' });
  monthly = await h.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1_500, recurring: { interval: 'month' } });
});
afterAll(async () => {
  await h.emulator.close();
});

async function customerWithCard(number = '4242424242424242'): Promise<{ customer: Stripe.Customer; pm: Stripe.PaymentMethod }> {
  const customer = await h.stripe.customers.create({ email: 'member@example.com' });
  const pm = await h.stripe.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2040, cvc: '123' } });
  await h.stripe.paymentMethods.attach(pm.id, { customer: customer.id });
  await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  return { customer, pm };
}

const DAY = 86_400;

/** The period end: on the subscription in API 2023-08-16, on its items in the SDK's newer types; both are set. */
function periodEndOf(sub: Stripe.Subscription): number {
  const legacy = (sub as unknown as { current_period_end: number }).current_period_end;
  expect(sub.items.data[0]?.current_period_end).toBe(legacy);
  return legacy;
}

describe('subscriptions and invoices', () => {
  it('charges the first invoice with the default card and renews every month', async () => {
    const { customer } = await customerWithCard();
    const since = Math.floor(Date.now() / 1000) - 5;
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      metadata: { userId: 'u_1' },
      expand: ['latest_invoice'],
    });
    expect(sub.status).toBe('active');
    const first = sub.latest_invoice as Stripe.Invoice;
    expect(first).toMatchObject({
      status: 'paid',
      amount_due: 1_500,
      amount_paid: 1_500,
      billing_reason: 'subscription_create',
      subscription: sub.id,
    });
    const all = (await h.stripe.events.list({ limit: 30, created: { gte: since } })).data.map((e) => e.type).reverse();
    const types = all.slice(all.lastIndexOf('customer.subscription.created'));
    expect(types).toEqual([
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'invoice.paid',
      'invoice.payment_succeeded',
      'customer.subscription.updated',
    ]);

    await h.emulator.advanceClock(31 * DAY);
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    expect(renewed.status).toBe('active');
    expect(renewed.latest_invoice).not.toBe(first.id);
    const invoices = await h.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => [i.billing_reason, i.status, i.amount_paid])).toEqual([
      ['subscription_cycle', 'paid', 1_500],
      ['subscription_create', 'paid', 1_500],
    ]);
    expect(invoices.data[0]?.period_start).toBe(invoices.data[1]?.period_end);
  });

  it('default_incomplete: the client confirms the first PaymentIntent, then the subscription is active', async () => {
    const customer = await h.stripe.customers.create({ email: 'new@example.com' });
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      payment_behavior: 'default_incomplete',
      payment_settings: { save_default_payment_method: 'on_subscription' },
      expand: ['latest_invoice.payment_intent'],
    });
    expect(sub.status).toBe('incomplete');
    const invoice = sub.latest_invoice as Stripe.Invoice & { payment_intent: Stripe.PaymentIntent };
    const pi = invoice.payment_intent;
    expect(pi.status).toBe('requires_payment_method');
    expect(invoice.confirmation_secret?.client_secret).toBe(pi.client_secret);
    const confirmed = await browserCall(h.emulator, 'POST', `/v1/payment_intents/${pi.id}/confirm`, {
      client_secret: pi.client_secret as string,
      payment_method: 'pm_card_visa',
    });
    expect(confirmed.body.status).toBe('succeeded');
    const active = await h.stripe.subscriptions.retrieve(sub.id);
    expect(active.status).toBe('active');
    expect(active.default_payment_method).toMatch(/^pm_/);
  });

  it('trial: a zero invoice now, the first charge when the trial ends', async () => {
    const { customer } = await customerWithCard();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], trial_period_days: 7 });
    expect(sub.status).toBe('trialing');
    expect(sub.trial_end).toBe(periodEndOf(sub));
    const trialInvoice = await h.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(trialInvoice).toMatchObject({ amount_due: 0, status: 'paid', payment_intent: null });
    await h.emulator.advanceClock(7 * DAY);
    const after = await h.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(after.status).toBe('active');
    expect(after.latest_invoice).toMatchObject({ amount_paid: 1_500, status: 'paid' });
  });

  it('a failing renewal makes the subscription past_due; paying later reactivates it', async () => {
    const { customer } = await customerWithCard();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const bad = await h.stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000000002', exp_month: 12, exp_year: 2040 } });
    await h.stripe.paymentMethods.attach(bad.id, { customer: customer.id });
    await h.stripe.subscriptions.update(sub.id, { default_payment_method: bad.id });
    await h.emulator.advanceClock(31 * DAY);
    const pastDue = await h.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(pastDue.status).toBe('past_due');
    const invoice = pastDue.latest_invoice as Stripe.Invoice & { payment_intent: string };
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 1, attempted: true });
    const failed = await h.stripe.events.list({ type: 'invoice.payment_failed', limit: 1 });
    expect((failed.data[0]?.data.object as Stripe.Invoice).id).toBe(invoice.id);
    await h.stripe.paymentIntents.confirm(invoice.payment_intent, { payment_method: 'pm_card_visa' });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
  });

  it('cancel at period end, and cancel now', async () => {
    const { customer } = await customerWithCard();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const scheduled = await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(scheduled).toMatchObject({ status: 'active', cancel_at_period_end: true, cancel_at: periodEndOf(sub) });
    await h.emulator.advanceClock(31 * DAY);
    const ended = await h.stripe.subscriptions.retrieve(sub.id);
    expect(ended).toMatchObject({ status: 'canceled', ended_at: periodEndOf(sub) });
    expect((await h.stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);

    const other = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const canceled = await h.stripe.subscriptions.cancel(other.id);
    expect(canceled.status).toBe('canceled');
    const deleted = await h.stripe.events.list({ type: 'customer.subscription.deleted', limit: 1 });
    expect((deleted.data[0]?.data.object as Stripe.Subscription).id).toBe(other.id);
    const listed = await h.stripe.subscriptions.list({ customer: customer.id });
    expect(listed.data).toHaveLength(0);
    expect((await h.stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toHaveLength(2);
  });

  it('error_if_incomplete fails with the card error; incomplete ones expire after 23 hours', async () => {
    const { customer } = await customerWithCard('4000000000009995');
    const err = await h.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: monthly.id }], payment_behavior: 'error_if_incomplete' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((err as Stripe.errors.StripeCardError).decline_code).toBe('insufficient_funds');

    const incomplete = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    expect(incomplete.status).toBe('incomplete');
    await h.emulator.advanceClock(23 * 3600);
    expect((await h.stripe.subscriptions.retrieve(incomplete.id)).status).toBe('incomplete_expired');
    expect((await h.stripe.invoices.retrieve(incomplete.latest_invoice as string)).status).toBe('void');
  });

  it('rejects one-time prices', async () => {
    const { customer } = await customerWithCard();
    const oneTime = await h.stripe.prices.create({ currency: 'usd', unit_amount: 100, product_data: { name: 'x' } });
    await expect(h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: oneTime.id }] })).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });
});
