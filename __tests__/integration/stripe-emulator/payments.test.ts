import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient } from '../../../lib/stripe/client';
import { browserCall, startHarness, type Harness, PUBLISHABLE_KEY } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.close();
});

describe('PaymentIntents through the official SDK', () => {
  it('creates and confirms a PaymentIntent with pm_card_visa', async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 5000,
      currency: 'usd',
      metadata: { bookingId: 'bk_1' },
      transfer_group: 'bk_1',
      automatic_payment_methods: { enabled: true },
    });
    expect(pi.id).toMatch(/^pi_/);
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    expect(pi.metadata).toEqual({ bookingId: 'bk_1' });
    expect(pi.transfer_group).toBe('bk_1');

    const confirmed = await h.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.amount_received).toBe(5000);
    expect(confirmed.latest_charge).toMatch(/^ch_/);

    const charge = await h.stripe.charges.retrieve(confirmed.latest_charge as string);
    expect(charge).toMatchObject({
      amount: 5000,
      captured: true,
      paid: true,
      status: 'succeeded',
      payment_intent: pi.id,
      transfer_group: 'bk_1',
    });
    expect(charge.payment_method_details?.card?.last4).toBe('4242');

    const expanded = await h.stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
    expect((expanded.latest_charge as Stripe.Charge).id).toBe(charge.id);
    const nested = await h.stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge.balance_transaction'] });
    const bt = (nested.latest_charge as Stripe.Charge).balance_transaction as Stripe.BalanceTransaction;
    expect(bt).toMatchObject({ object: 'balance_transaction', amount: 5000, fee: 175, net: 4825 });
    const listed = await h.stripe.paymentIntents.list({ limit: 1, expand: ['data.latest_charge'] });
    expect((listed.data[0]?.latest_charge as Stripe.Charge).object).toBe('charge');
    await expect(h.stripe.paymentIntents.retrieve(pi.id, { expand: ['nonsense'] })).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });

  it('confirms with a PaymentMethod created from a card number', async () => {
    const pm = await h.stripe.paymentMethods.create({
      type: 'card',
      card: { number: '4242424242424242', exp_month: 12, exp_year: 2034, cvc: '123' },
    });
    expect(pm.card?.last4).toBe('4242');
    const pi = await h.stripe.paymentIntents.create({ amount: 1234, currency: 'usd', payment_method: pm.id, confirm: true });
    expect(pi.status).toBe('succeeded');
    expect(pi.payment_method).toBe(pm.id);
  });

  it('declines 4000000000000002 with a StripeCardError and resets the PaymentIntent', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
    const err = await h.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa_chargeDeclined' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    const cardError = err as Stripe.errors.StripeCardError;
    expect(cardError.statusCode).toBe(402);
    expect(cardError.code).toBe('card_declined');
    expect(cardError.decline_code).toBe('generic_decline');
    expect(cardError.message).toBe('Your card was declined.');
    expect(cardError.payment_intent?.id).toBe(pi.id);
    expect(cardError.payment_intent?.status).toBe('requires_payment_method');

    const after = await h.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error?.decline_code).toBe('generic_decline');
    const failed = await h.stripe.charges.retrieve(after.latest_charge as string);
    expect(failed.status).toBe('failed');
    expect(failed.failure_code).toBe('card_declined');

    // The customer retries with a good card.
    const ok = await h.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    expect(ok.status).toBe('succeeded');
    expect(ok.last_payment_error).toBeNull();
  });

  it('declines for insufficient funds (raw card number and test id)', async () => {
    const pm = await h.stripe.paymentMethods.create({
      type: 'card',
      card: { number: '4000000000009995', exp_month: 1, exp_year: 2035, cvc: '123' },
    });
    const pi = await h.stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
    const err = (await h.stripe.paymentIntents
      .confirm(pi.id, { payment_method: pm.id })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(err.decline_code).toBe('insufficient_funds');
    expect(err.message).toBe('Your card has insufficient funds.');
    const pi2 = await h.stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
    const err2 = (await h.stripe.paymentIntents
      .confirm(pi2.id, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(err2.decline_code).toBe('insufficient_funds');
  });

  it('refuses to confirm a PaymentIntent twice', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 700, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const err = (await h.stripe.paymentIntents.confirm(pi.id).catch((e: unknown) => e)) as Stripe.errors.StripeInvalidRequestError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.code).toBe('payment_intent_unexpected_state');
  });
});

describe('publishable key', () => {
  it('may confirm and read with the client_secret (as Stripe.js does), with CORS', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 3000, currency: 'usd', metadata: { secret: 'x' } });
    const pm = await browserCall(h.emulator, 'POST', '/v1/payment_methods', {
      type: 'card',
      'card[number]': '4242424242424242',
      'card[exp_month]': '12',
      'card[exp_year]': '2033',
      'card[cvc]': '314',
    });
    expect(pm.status).toBe(200);
    expect(pm.headers.get('access-control-allow-origin')).toBe('*');
    const confirmed = await browserCall(h.emulator, 'POST', `/v1/payment_intents/${pi.id}/confirm`, {
      payment_method: String(pm.body.id),
      client_secret: pi.client_secret as string,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('succeeded');
    expect(confirmed.body.metadata).toBeUndefined(); // publishable view
    const read = await browserCall(h.emulator, 'GET', `/v1/payment_intents/${pi.id}`, { client_secret: pi.client_secret as string });
    expect(read.body.status).toBe('succeeded');
  });

  it('confirms with payment_method_data (the card itself), as Stripe.js does', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 2_200, currency: 'usd' });
    const declined = await browserCall(h.emulator, 'POST', `/v1/payment_intents/${pi.id}/confirm`, {
      client_secret: pi.client_secret as string,
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': '4000000000009995',
      'payment_method_data[card][exp_month]': '12',
      'payment_method_data[card][exp_year]': '2036',
    });
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' });
    const ok = await browserCall(h.emulator, 'POST', `/v1/payment_intents/${pi.id}/confirm`, {
      client_secret: pi.client_secret as string,
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': '4242424242424242',
      'payment_method_data[card][exp_month]': '12',
      'payment_method_data[card][exp_year]': '2036',
    });
    expect(ok.body.status).toBe('succeeded');
  });

  it('accepts the publishable key as a `key` param, as Stripe.js sends it', async () => {
    const res = await fetch(`${h.emulator.url}/v1/payment_methods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        type: 'card',
        'card[number]': '4242424242424242',
        'card[exp_month]': '1',
        'card[exp_year]': '2040',
        key: PUBLISHABLE_KEY,
        payment_user_agent: 'stripe.js/abc',
        time_on_page: '1234',
      }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toMatch(/^pm_/);
  });

  it('answers CORS preflight', async () => {
    const res = await fetch(`${h.emulator.url}/v1/payment_methods`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:3000',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('may not create a PaymentIntent, nor read one without or with a wrong client_secret', async () => {
    const pk = createStripeClient({ secretKey: PUBLISHABLE_KEY, apiBase: h.emulator.url, maxNetworkRetries: 0 });
    const err = await pk.paymentIntents.create({ amount: 1000, currency: 'usd' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(401);
    const pi = await h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const noSecret = await browserCall(h.emulator, 'GET', `/v1/payment_intents/${pi.id}`, {});
    expect(noSecret.status).toBe(403);
    const wrong = await browserCall(h.emulator, 'GET', `/v1/payment_intents/${pi.id}`, { client_secret: `${pi.id}_secret_wrong` });
    expect(wrong.status).toBe(400);
    expect((wrong.body.error as { param: string }).param).toBe('client_secret');
  });

  it('rejects missing and invalid keys with 401 in Stripe shape', async () => {
    const none = await fetch(`${h.emulator.url}/v1/payment_intents`);
    expect(none.status).toBe(401);
    const body = (await none.json()) as { error: { type: string; message: string } };
    expect(body.error.message).toMatch(/did not provide an API key/);
    const bad = createStripeClient({ secretKey: 'sk_live_nope', apiBase: h.emulator.url, maxNetworkRetries: 0 });
    await expect(bad.paymentIntents.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });
});

describe('idempotency', () => {
  it('replays the first response for the same key and params', async () => {
    const params = { amount: 4200, currency: 'usd', metadata: { bookingId: 'bk_idem' } };
    const a = await h.stripe.paymentIntents.create(params, { idempotencyKey: 'booking:bk_idem:payment-intent' });
    const b = await h.stripe.paymentIntents.create(params, { idempotencyKey: 'booking:bk_idem:payment-intent' });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(a.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    const list = await h.stripe.paymentIntents.list({ limit: 100 });
    expect(list.data.filter((p) => p.metadata.bookingId === 'bk_idem')).toHaveLength(1);
  });

  it('rejects the same key with different params', async () => {
    await h.stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: 'key-mismatch' });
    const err = (await h.stripe.paymentIntents
      .create({ amount: 101, currency: 'usd' }, { idempotencyKey: 'key-mismatch' })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.type).toBe('StripeIdempotencyError');
    expect(err.statusCode).toBe(400);
  });

  it('scopes keys to the account (Stripe-Account)', async () => {
    const acct = await h.stripe.accounts.create({ type: 'express', country: 'US' });
    const platform = await h.stripe.customers.create({ email: 'scope@example.com' }, { idempotencyKey: 'scoped-key' });
    const connected = await h.stripe.customers.create(
      { email: 'scope@example.com' },
      { idempotencyKey: 'scoped-key', stripeAccount: acct.id },
    );
    expect(connected.id).not.toBe(platform.id);
    expect(connected.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    await expect(h.stripe.customers.retrieve(connected.id)).rejects.toMatchObject({ code: 'resource_missing' });
  });

  it('forgets keys after 24 hours', async () => {
    const a = await h.stripe.customers.create({ email: 'ttl@example.com' }, { idempotencyKey: 'ttl-key' });
    await h.emulator.advanceClock(86_400);
    const b = await h.stripe.customers.create({ email: 'ttl@example.com' }, { idempotencyKey: 'ttl-key' });
    expect(b.id).not.toBe(a.id);
  });

  it('replays a decline too', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 900, currency: 'usd' });
    const key = `confirm-${pi.id}`;
    const e1 = (await h.stripe.paymentIntents
      .confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: key })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    const e2 = (await h.stripe.paymentIntents
      .confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: key })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(e1.charge).toBe(e2.charge);
    expect(e2.headers?.['idempotent-replayed']).toBe('true');
  });
});

describe('lists and errors', () => {
  it('paginates like Stripe', async () => {
    const customer = await h.stripe.customers.create({ email: 'page@example.com' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await h.stripe.paymentIntents.create({ amount: 100 + i, currency: 'usd', customer: customer.id })).id);
    const newestFirst = [...ids].reverse();
    const page1 = await h.stripe.paymentIntents.list({ customer: customer.id, limit: 2 });
    expect(page1.object).toBe('list');
    expect(page1.url).toBe('/v1/payment_intents');
    expect(page1.has_more).toBe(true);
    expect(page1.data.map((p) => p.id)).toEqual(newestFirst.slice(0, 2));
    const page2 = await h.stripe.paymentIntents.list({ customer: customer.id, limit: 2, starting_after: page1.data[1]?.id });
    expect(page2.data.map((p) => p.id)).toEqual(newestFirst.slice(2, 4));
    const page3 = await h.stripe.paymentIntents.list({ customer: customer.id, limit: 2, starting_after: page2.data[1]?.id });
    expect(page3.data.map((p) => p.id)).toEqual(newestFirst.slice(4));
    expect(page3.has_more).toBe(false);
    const back = await h.stripe.paymentIntents.list({ customer: customer.id, limit: 2, ending_before: page3.data[0]?.id });
    expect(back.data.map((p) => p.id)).toEqual(newestFirst.slice(2, 4));
    const all: string[] = [];
    for await (const pi of h.stripe.paymentIntents.list({ customer: customer.id, limit: 2 })) all.push(pi.id);
    expect(all).toEqual(newestFirst);
  });

  it('answers unknown ids with 404 resource_missing', async () => {
    const err = (await h.stripe.paymentIntents
      .retrieve('pi_doesnotexist')
      .catch((e: unknown) => e)) as Stripe.errors.StripeInvalidRequestError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('resource_missing');
    expect(err.param).toBe('id');
    const err2 = (await h.stripe.charges.retrieve('ch_nope').catch((e: unknown) => e)) as Stripe.errors.StripeInvalidRequestError;
    expect(err2.code).toBe('resource_missing');
    expect(err2.message).toBe("No such charge: 'ch_nope'");
  });

  it('answers unknown routes with 404', async () => {
    const res = await fetch(`${h.emulator.url}/v1/nothing_here`, { headers: { Authorization: 'Bearer sk_test_x' } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { type: string } };
    expect(body.error.type).toBe('invalid_request_error');
  });
});
