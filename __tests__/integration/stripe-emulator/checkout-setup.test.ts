import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserCall, startHarness, startReceiver, WEBHOOK_SECRET, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ webhookRetry: { initialDelayMs: 10 } });
});
afterAll(async () => {
  await h.emulator.close();
});

describe('products and prices', () => {
  it('creates, lists, updates; a product with prices cannot be deleted', async () => {
    const product = await h.stripe.products.create({ name: 'Gold membership', metadata: { tier: 'gold' } });
    const price = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1_999,
      recurring: { interval: 'month' },
    });
    expect(price).toMatchObject({ type: 'recurring', unit_amount: 1_999, recurring: { interval: 'month', interval_count: 1 } });
    const oneTime = await h.stripe.prices.create({ currency: 'usd', unit_amount: 500, product_data: { name: '50 credits' } });
    expect(oneTime.type).toBe('one_time');
    expect((await h.stripe.prices.list({ product: product.id })).data.map((p) => p.id)).toEqual([price.id]);
    const updated = await h.stripe.products.update(product.id, { default_price: price.id, name: 'Gold' });
    expect(updated).toMatchObject({ name: 'Gold', default_price: price.id });
    await expect(h.stripe.products.del(product.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const bare = await h.stripe.products.create({ name: 'Temp' });
    expect((await h.stripe.products.del(bare.id)).deleted).toBe(true);
  });
});

describe('Checkout Sessions (payment mode)', () => {
  async function creditSession(): Promise<Stripe.Checkout.Session> {
    return h.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 2_500, product_data: { name: '100 credits' } }, quantity: 2 }],
      success_url: 'http://localhost:3000/dashboard?payment=success&session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://localhost:3000/credits',
      client_reference_id: 'user_1',
      customer_email: 'buyer@example.com',
      metadata: { packageId: 'pkg_100', userId: 'user_1' },
      payment_intent_data: { metadata: { packageId: 'pkg_100' } },
    });
  }

  it('pays on the hosted page, redirects to success_url and emits checkout.session.completed', async () => {
    const receiver = await startReceiver();
    await h.stripe.webhookEndpoints.create({
      url: receiver.url,
      enabled_events: ['checkout.session.completed', 'payment_intent.succeeded'],
    });
    const session = await creditSession();
    expect(session).toMatchObject({
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 5_000,
      currency: 'usd',
      payment_intent: null,
      mode: 'payment',
    });
    expect(session.id).toMatch(/^cs_test_/);
    const items = await h.stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data).toHaveLength(1);
    expect(items.data[0]).toMatchObject({ quantity: 2, amount_total: 5_000, description: '100 credits' });

    const page = await fetch(session.url as string);
    expect(await page.text()).toContain('Pay 50.00 USD');
    const declined = await fetch(session.url as string, {
      method: 'POST',
      body: new URLSearchParams({ action: 'pay', card_number: '4000000000000002' }),
      redirect: 'manual',
    });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    const paid = await fetch(session.url as string, {
      method: 'POST',
      body: new URLSearchParams({ action: 'pay', card_number: '4242424242424242' }),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://localhost:3000/dashboard?payment=success&session_id=${session.id}`);

    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', customer_details: { email: 'buyer@example.com' } });
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: 'succeeded', amount: 5_000, metadata: { packageId: 'pkg_100' } });

    await h.emulator.flushWebhooks();
    const events = receiver.received.map((r) => h.stripe.webhooks.constructEvent(r.body, r.signature, WEBHOOK_SECRET));
    expect(events.map((e) => e.type)).toEqual(['payment_intent.succeeded', 'checkout.session.completed']);
    const completed = events[1]?.data.object as Stripe.Checkout.Session;
    expect(completed).toMatchObject({
      id: session.id,
      client_reference_id: 'user_1',
      metadata: { packageId: 'pkg_100', userId: 'user_1' },
    });
    await receiver.close();
    for (const e of (await h.stripe.webhookEndpoints.list()).data) await h.stripe.webhookEndpoints.del(e.id);
  });

  it('cancel goes back to cancel_url; expire and expiry on the clock', async () => {
    const session = await creditSession();
    const canceled = await fetch(session.url as string, {
      method: 'POST',
      body: new URLSearchParams({ action: 'cancel' }),
      redirect: 'manual',
    });
    expect(canceled.headers.get('location')).toBe('http://localhost:3000/credits');
    const expired = await h.stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: 'expired', url: null });
    await expect(h.stripe.checkout.sessions.expire(session.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);

    const later = await creditSession();
    await h.emulator.advanceClock(86_400);
    expect((await h.stripe.checkout.sessions.retrieve(later.id)).status).toBe('expired');
    const events = await h.stripe.events.list({ type: 'checkout.session.expired', limit: 1 });
    expect((events.data[0]?.data.object as Stripe.Checkout.Session).id).toBe(later.id);
  });

  it('rejects subscription mode explicitly', async () => {
    const err = await h.stripe.checkout.sessions
      .create({ mode: 'subscription', line_items: [{ price: 'price_x', quantity: 1 }], success_url: 'http://x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});

describe('SetupIntents (saving cards)', () => {
  it('saves a card to a customer', async () => {
    const customer = await h.stripe.customers.create({ email: 'saver@example.com' });
    const si = await h.stripe.setupIntents.create({ customer: customer.id, usage: 'off_session', metadata: { purpose: 'save' } });
    expect(si).toMatchObject({ status: 'requires_payment_method', usage: 'off_session' });
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_`));
    const confirmed = await browserCall(h.emulator, 'POST', `/v1/setup_intents/${si.id}/confirm`, {
      client_secret: si.client_secret as string,
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': '4242424242424242',
      'payment_method_data[card][exp_month]': '10',
      'payment_method_data[card][exp_year]': '2035',
    });
    expect(confirmed.body.status).toBe('succeeded');
    const pmId = String(confirmed.body.payment_method);
    expect((await h.stripe.paymentMethods.retrieve(pmId)).customer).toBe(customer.id);
    expect((await h.stripe.customers.listPaymentMethods(customer.id)).data.map((p) => p.id)).toEqual([pmId]);
    const offSession = await h.stripe.paymentIntents.create({
      amount: 1_000,
      currency: 'usd',
      customer: customer.id,
      payment_method: pmId,
      off_session: true,
      confirm: true,
    });
    expect(offSession.status).toBe('succeeded');
  });

  it('declines and asks for 3D Secure like PaymentIntents', async () => {
    const si = await h.stripe.setupIntents.create({});
    const err = (await h.stripe.setupIntents
      .confirm(si.id, { payment_method: 'pm_card_chargeDeclined' })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((await h.stripe.setupIntents.retrieve(si.id)).last_setup_error?.decline_code).toBe('generic_decline');
    const challenged = await h.stripe.setupIntents.confirm(si.id, {
      payment_method: 'pm_card_threeDSecureRequired',
      return_url: 'http://localhost:3000/cards',
    });
    expect(challenged.status).toBe('requires_action');
    const res = await fetch(challenged.next_action?.redirect_to_url?.url as string, {
      method: 'POST',
      body: new URLSearchParams({ action: 'complete' }),
      redirect: 'manual',
    });
    const location = new URL(res.headers.get('location') as string);
    expect(location.searchParams.get('setup_intent')).toBe(si.id);
    expect(location.searchParams.get('redirect_status')).toBe('succeeded');
    expect((await h.stripe.setupIntents.retrieve(si.id)).status).toBe('succeeded');
  });

  it('cancels', async () => {
    const si = await h.stripe.setupIntents.create({});
    expect((await h.stripe.setupIntents.cancel(si.id)).status).toBe('canceled');
    await expect(h.stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject({
      code: 'setup_intent_unexpected_state',
    });
  });
});
