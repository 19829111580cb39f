import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserCall, startHarness, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.close();
});

/** The customer's saved cards, and the payment_method.attached events for them. */
async function savedCards(customer: string): Promise<{ cards: string[]; attachedEvents: string[] }> {
  const cards = (await h.stripe.customers.listPaymentMethods(customer)).data.map((pm) => pm.id);
  const events = await h.stripe.events.list({ type: 'payment_method.attached', limit: 100 });
  const attachedEvents = events.data
    .map((e) => e.data.object as Stripe.PaymentMethod)
    .filter((pm) => pm.customer === customer)
    .map((pm) => pm.id);
  return { cards, attachedEvents };
}

describe('setup_future_usage saves the card to the customer when the payment succeeds', () => {
  it.each(['off_session', 'on_session'] as const)('API confirm (%s)', async (usage) => {
    const customer = await h.stripe.customers.create({ email: `${usage}@example.com` });
    const pi = await h.stripe.paymentIntents.create({
      amount: 2_000,
      currency: 'usd',
      customer: customer.id,
      setup_future_usage: usage,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(pi).toMatchObject({ status: 'succeeded', setup_future_usage: usage });
    expect(await savedCards(customer.id)).toEqual({ cards: [pi.payment_method], attachedEvents: [pi.payment_method] });
    // The saved card pays again off-session, as a booking's later charge would.
    const again = await h.stripe.paymentIntents.create({
      amount: 500,
      currency: 'usd',
      customer: customer.id,
      payment_method: pi.payment_method as string,
      confirm: true,
      off_session: true,
    });
    expect(again.status).toBe('succeeded');
    expect((await savedCards(customer.id)).attachedEvents).toHaveLength(1);
  });

  it('publishable-key confirm with the card data and setup_future_usage (as Stripe.js sends it)', async () => {
    const customer = await h.stripe.customers.create({});
    const pi = await h.stripe.paymentIntents.create({ amount: 2_000, currency: 'usd', customer: customer.id });
    const confirmed = await browserCall(h.emulator, 'POST', `/v1/payment_intents/${pi.id}/confirm`, {
      client_secret: pi.client_secret as string,
      setup_future_usage: 'off_session',
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': '5555555555554444',
      'payment_method_data[card][exp_month]': '12',
      'payment_method_data[card][exp_year]': '2036',
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'succeeded', setup_future_usage: 'off_session' });
    const { cards } = await savedCards(customer.id);
    expect(cards).toEqual([confirmed.body.payment_method]);
  });

  it('after a completed 3D Secure challenge, not after a failed one', async () => {
    const customer = await h.stripe.customers.create({});
    const challenge = async () => {
      const pi = await h.stripe.paymentIntents.create({
        amount: 4_000,
        currency: 'usd',
        customer: customer.id,
        setup_future_usage: 'off_session',
      });
      const confirmed = await h.stripe.paymentIntents.confirm(pi.id, {
        payment_method: 'pm_card_threeDSecureRequired',
        return_url: 'http://localhost:3000/done',
      });
      expect(confirmed.status).toBe('requires_action');
      return confirmed;
    };
    const failed = await challenge();
    await fetch(failed.next_action?.redirect_to_url?.url as string, {
      method: 'POST',
      body: new URLSearchParams({ action: 'fail' }),
      redirect: 'manual',
    });
    expect((await savedCards(customer.id)).cards).toEqual([]);

    const completed = await challenge();
    expect((await savedCards(customer.id)).cards).toEqual([]); // not while the challenge is pending
    await fetch(completed.next_action?.redirect_to_url?.url as string, {
      method: 'POST',
      body: new URLSearchParams({ action: 'complete' }),
      redirect: 'manual',
    });
    const after = await h.stripe.paymentIntents.retrieve(completed.id);
    expect(after.status).toBe('succeeded');
    expect(await savedCards(customer.id)).toEqual({ cards: [after.payment_method], attachedEvents: [after.payment_method] });
  });

  it('on the hosted Checkout page with payment_intent_data.setup_future_usage', async () => {
    const customer = await h.stripe.customers.create({ email: 'checkout@example.com' });
    const session = await h.stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [{ price_data: { currency: 'usd', unit_amount: 1_500, product_data: { name: 'Lesson' } }, quantity: 1 }],
      payment_intent_data: { setup_future_usage: 'off_session' },
      success_url: 'http://localhost:3000/ok',
    });
    const paid = await fetch(session.url as string, {
      method: 'POST',
      body: new URLSearchParams({ action: 'pay', card_number: '4242424242424242' }),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: 'succeeded', customer: customer.id, setup_future_usage: 'off_session' });
    expect(await savedCards(customer.id)).toEqual({ cards: [pi.payment_method], attachedEvents: [pi.payment_method] });
  });

  it('saves nothing without setup_future_usage, without a customer, or on a decline', async () => {
    const customer = await h.stripe.customers.create({});
    await h.stripe.paymentIntents.create({
      amount: 1_000,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const anonymous = await h.stripe.paymentIntents.create({
      amount: 1_000,
      currency: 'usd',
      setup_future_usage: 'off_session',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect((await h.stripe.paymentMethods.retrieve(anonymous.payment_method as string)).customer).toBeNull();
    await expect(
      h.stripe.paymentIntents.create({
        amount: 1_000,
        currency: 'usd',
        customer: customer.id,
        setup_future_usage: 'off_session',
        payment_method: 'pm_card_chargeDeclined',
        confirm: true,
      }),
    ).rejects.toMatchObject({ code: 'card_declined' });
    expect(await savedCards(customer.id)).toEqual({ cards: [], attachedEvents: [] });
  });
});
