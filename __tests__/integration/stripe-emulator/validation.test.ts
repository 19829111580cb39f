import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserCall, SECRET_KEY, startHarness, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.close();
});

const call = (method: 'GET' | 'POST', path: string, params: Record<string, string>) =>
  browserCall(h.emulator, method, path, params, SECRET_KEY);
const errorOf = (r: { body: Record<string, unknown> }) => r.body.error as { type: string; code: string; param: string; message: string };

describe('request validation against the OpenAPI subset', () => {
  it('rejects unknown parameters (top level and nested)', async () => {
    const r = await call('POST', '/v1/payment_intents', { amount: '100', currency: 'usd', colour: 'blue' });
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'colour',
      message: 'Received unknown parameter: colour',
    });
    const nested = await call('POST', '/v1/payment_intents', { amount: '100', currency: 'usd', 'transfer_data[destinaton]': 'acct_x' });
    expect(errorOf(nested)).toMatchObject({ code: 'parameter_unknown', param: 'transfer_data[destinaton]' });
    const query = await call('GET', '/v1/payment_intents', { colour: 'blue' });
    expect(errorOf(query)).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
  });

  it('rejects missing required parameters', async () => {
    const r = await call('POST', '/v1/payment_intents', { currency: 'usd' });
    expect(errorOf(r)).toMatchObject({ code: 'parameter_missing', param: 'amount' });
    const err = (await h.stripe.paymentIntents
      .create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams)
      .catch((e: unknown) => e)) as Stripe.errors.StripeInvalidRequestError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.code).toBe('parameter_missing');
    expect(err.param).toBe('amount');
    const nested = await call('POST', '/v1/payment_intents', { amount: '100', currency: 'usd', 'transfer_data[amount]': '5' });
    expect(errorOf(nested)).toMatchObject({ code: 'parameter_missing', param: 'transfer_data[destination]' });
  });

  it('rejects bad enums, integers, booleans and empty strings', async () => {
    const e1 = errorOf(await call('POST', '/v1/payment_intents', { amount: '100', currency: 'usd', capture_method: 'later' }));
    expect(e1.code).toMatch(/^parameter_invalid_/);
    expect(e1.param).toBe('capture_method');
    const e2 = errorOf(await call('POST', '/v1/payment_intents', { amount: '1.5', currency: 'usd' }));
    expect(e2).toMatchObject({ code: 'parameter_invalid_integer', param: 'amount' });
    const e3 = errorOf(await call('POST', '/v1/payment_intents', { amount: '100', currency: 'usd', confirm: 'yes' }));
    expect(e3).toMatchObject({ code: 'parameter_invalid_boolean', param: 'confirm' });
    const e4 = errorOf(await call('POST', '/v1/payment_intents', { amount: '100', currency: 'usd', description: '' }));
    expect(e4).toMatchObject({ code: 'parameter_invalid_empty', param: 'description' });
  });

  it('accepts metadata keys, unsetting with empty values, and the allow-list of newer params', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 100, currency: 'usd', metadata: { a: '1', b: '2' } });
    const updated = await h.stripe.paymentIntents.update(pi.id, { metadata: { a: '' } });
    expect(updated.metadata).toEqual({ b: '2' });
    const endpoint = await h.stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/x',
      enabled_events: ['*'],
      api_version: '2026-10-28.endive' as Stripe.WebhookEndpointCreateParams.ApiVersion,
    });
    expect(endpoint.api_version).toBe('2026-10-28.endive');
    const account = await h.stripe.accounts.create({
      controller: { stripe_dashboard: { type: 'express' } },
      country: 'US',
    } as Stripe.AccountCreateParams);
    expect(account.id).toMatch(/^acct_/);
  });

  it('does not store validation failures for idempotency', async () => {
    const bad = await h.stripe.paymentIntents
      .create({ amount: 100, currency: 'usd', capture_method: 'later' as 'manual' }, { idempotencyKey: 'fix-and-retry' })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const good = await h.stripe.paymentIntents.create(
      { amount: 100, currency: 'usd', capture_method: 'manual' },
      { idempotencyKey: 'fix-and-retry' },
    );
    expect(good.capture_method).toBe('manual');
  });
});
