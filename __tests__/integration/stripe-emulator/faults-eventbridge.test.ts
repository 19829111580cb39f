import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBridgeEnvelope } from '../../../lib/local/stripe-emulator/emulator';
import { createStripeClient } from '../../../lib/stripe/client';
import { helper, SECRET_KEY, startHarness, type Harness } from './support';

let h: Harness;
const envelopes: EventBridgeEnvelope[] = [];
const attempts: EventBridgeEnvelope[] = [];
let failNext = 1;
beforeAll(async () => {
  h = await startHarness({
    webhookRetry: { initialDelayMs: 10 },
    eventBridge: {
      source: 'aws.partner/stripe.com/ed_test_123',
      region: 'eu-west-1',
      invoke: (envelope) => {
        attempts.push(envelope);
        if (failNext > 0) {
          failNext -= 1;
          throw new Error('PutEvents throttled');
        }
        envelopes.push(envelope);
      },
    },
  });
});
afterAll(async () => {
  await h.emulator.close();
});

describe('fault injection', () => {
  it('a 500 before processing is retried by the SDK with the same idempotency key', async () => {
    await helper(h.emulator, '/_emulator/faults', { kind: 'http_500', path: '/v1/payment_intents', method: 'POST', count: '1' });
    const retrying = createStripeClient({ secretKey: SECRET_KEY, apiBase: h.emulator.url, maxNetworkRetries: 2 });
    const pi = await retrying.paymentIntents.create({ amount: 1_000, currency: 'usd', metadata: { fault: '500' } });
    expect(pi.status).toBe('requires_payment_method');
    await helper(h.emulator, '/_emulator/faults', { kind: 'http_500', path: '/v1/payment_intents', count: '1' });
    await expect(h.stripe.paymentIntents.create({ amount: 1_000, currency: 'usd' })).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
  });

  it('a 500 after processing: the retry replays the stored result, so nothing is created twice', async () => {
    await helper(h.emulator, '/_emulator/faults', { kind: 'http_500', path: '/v1/payment_intents', method: 'POST', phase: 'after' });
    const retrying = createStripeClient({ secretKey: SECRET_KEY, apiBase: h.emulator.url, maxNetworkRetries: 2 });
    const pi = await retrying.paymentIntents.create({ amount: 1_111, currency: 'usd', metadata: { fault: 'after' } });
    expect(pi.lastResponse.headers['idempotent-replayed']).toBe('true');
    const all = await h.stripe.paymentIntents.list({ limit: 100 });
    expect(all.data.filter((p) => p.metadata.fault === 'after')).toHaveLength(1);
  });

  it('429, connection reset and timeout become the SDK errors', async () => {
    await helper(h.emulator, '/_emulator/faults', { kind: 'http_429', path: '/v1/customers' });
    await expect(h.stripe.customers.create({})).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    await helper(h.emulator, '/_emulator/faults', { kind: 'reset', path: '/v1/customers' });
    const noRetry = new Stripe(SECRET_KEY, {
      host: '127.0.0.1',
      port: h.emulator.port,
      protocol: 'http',
      maxNetworkRetries: 0,
      timeout: 400,
    });
    // A reset is retried once by the SDK even without retries; make both attempts fail.
    await helper(h.emulator, '/_emulator/faults', { kind: 'reset', path: '/v1/customers' });
    await expect(noRetry.customers.create({})).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
    await helper(h.emulator, '/_emulator/faults', { kind: 'timeout', path: '/v1/customers' });
    await expect(noRetry.customers.create({})).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(((await helper(h.emulator, '/_emulator/faults', {}, 'GET')) as { data: unknown[] }).data).toHaveLength(0);
    expect((await h.stripe.customers.create({})).id).toMatch(/^cus_/);
  });
});

describe('EventBridge delivery', () => {
  it('invokes the function with an EventBridge envelope per event, retrying failures', async () => {
    await h.emulator.flushWebhooks();
    envelopes.length = 0;
    failNext = 1;
    const pi = await h.stripe.paymentIntents.create({ amount: 2_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await h.emulator.flushWebhooks();
    expect(envelopes.map((e) => e['detail-type'])).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
    const env = envelopes[2] as EventBridgeEnvelope;
    expect(env).toMatchObject({ version: '0', source: 'aws.partner/stripe.com/ed_test_123', region: 'eu-west-1', resources: [] });
    expect(env.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(env.detail.type).toBe('payment_intent.succeeded');
    expect((env.detail.data.object as { id: string }).id).toBe(pi.id);
  });

  it('keeps the envelope id across retries of one event (as EventBridge does), distinct per event', async () => {
    await h.emulator.flushWebhooks();
    attempts.length = 0;
    failNext = 2;
    await h.stripe.customers.create({ email: 'eb@example.com' });
    await h.emulator.flushWebhooks();
    expect(attempts.map((e) => e['detail-type'])).toEqual(['customer.created', 'customer.created', 'customer.created']);
    expect(new Set(attempts.map((e) => e.id)).size).toBe(1);
    expect(attempts[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(attempts[0]?.id).not.toBe(envelopes[0]?.id);
  });
});

describe('reset', () => {
  it('forgets everything', async () => {
    const c = await h.stripe.customers.create({ email: 'gone@example.com' });
    await helper(h.emulator, '/_emulator/reset');
    await expect(h.stripe.customers.retrieve(c.id)).rejects.toMatchObject({ code: 'resource_missing' });
  });
});
