/**
 * The emulator's chaos knobs through the real SDK: a standing failure rate on every API call (seeded, by kind, before
 * or after processing) and webhook delivery faults (duplicates, shuffled order, delays), set per test and cleared.
 */
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient } from '../../../lib/stripe/client';
import { helper, SECRET_KEY, startHarness, startReceiver, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ webhookRetry: { initialDelayMs: 10 } });
});
afterAll(async () => h.emulator.close());
afterEach(() => {
  h.emulator.faults.clear();
  h.emulator.emulator.queue.setFaults(null);
});

/** Which of `n` balance reads fail (no SDK retries), as a string of 0/1. */
async function failurePattern(n: number): Promise<string> {
  let out = '';
  for (let i = 0; i < n; i++)
    out += await h.stripe.balance.retrieve().then(
      () => '0',
      () => '1',
    );
  return out;
}

describe('API fault rate', () => {
  it('fails about the share asked for, the same calls for the same seed, and counts what it injected', async () => {
    h.emulator.faults.setRate({ rate: 0.3, kinds: ['http_500'], seed: 42 });
    const first = await failurePattern(200);
    const failed = [...first].filter((c) => c === '1').length;
    expect(failed).toBeGreaterThan(35);
    expect(failed).toBeLessThan(85);
    expect(h.emulator.faults.stats).toMatchObject({ requests: 200, http_500: failed, http_429: 0 });
    h.emulator.faults.setRate({ rate: 0.3, kinds: ['http_500'], seed: 42 });
    expect(await failurePattern(200)).toBe(first);
    h.emulator.faults.setRate({ rate: 0 });
    expect(await failurePattern(20)).toBe('0'.repeat(20));
  });

  it.each([
    ['http_500', Stripe.errors.StripeAPIError],
    ['http_429', Stripe.errors.StripeRateLimitError],
    ['reset', Stripe.errors.StripeConnectionError],
    ['timeout', Stripe.errors.StripeConnectionError],
  ] as const)('%s becomes the SDK error Stripe would cause', async (kind, errorClass) => {
    h.emulator.faults.setRate({ rate: 1, kinds: [kind], phase: 'before' });
    const client = createStripeClient({ secretKey: SECRET_KEY, apiBase: h.emulator.url, maxNetworkRetries: 0, timeoutMs: 300 });
    await expect(client.customers.list()).rejects.toBeInstanceOf(errorClass);
  });

  it('only matches its path and method', async () => {
    h.emulator.faults.setRate({ rate: 1, kinds: ['http_500'], path: '/v1/customers', method: 'POST' });
    await expect(h.stripe.customers.list()).resolves.toBeDefined();
    await expect(h.stripe.balance.retrieve()).resolves.toBeDefined();
    await expect(h.stripe.customers.create({})).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
  });

  // (The SDK retries 5xx and lost connections, not a 429 without Stripe-Should-Retry: the caller sees that one.)
  it('under a 30% rate before and after processing, SDK retries with idempotency keys create each object exactly once', async () => {
    h.emulator.faults.setRate({ rate: 0.3, kinds: ['http_500', 'reset'], phase: 'either', seed: 7 });
    const retrying = createStripeClient({ secretKey: SECRET_KEY, apiBase: h.emulator.url, maxNetworkRetries: 8 });
    const tag = `knob-${Date.now()}`;
    for (let i = 0; i < 12; i++) {
      await retrying.customers.create({ metadata: { tag, i: String(i) } }, { idempotencyKey: `${tag}-${i}` });
    }
    const stats = h.emulator.faults.stats;
    expect(stats.http_500 + stats.reset).toBeGreaterThan(0);
    h.emulator.faults.clear();
    const all = await h.stripe.customers.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
    const mine = all.filter((c) => c.metadata.tag === tag).map((c) => c.metadata.i);
    expect(mine.sort()).toEqual(Array.from({ length: 12 }, (_, i) => String(i)).sort());
  });

  it('is settable over HTTP as a helper, refuses a bad rate, and clears', async () => {
    const set = await helper(h.emulator, '/_emulator/faults/rate', {
      rate: '0.5',
      kinds: 'http_500,reset',
      seed: '3',
      path: '/v1/refunds',
    });
    expect(set.rate).toMatchObject({ rate: 0.5, kinds: ['http_500', 'reset'], seed: 3, path: '/v1/refunds', phase: 'either' });
    await expect(helper(h.emulator, '/_emulator/faults/rate', { rate: '2' })).rejects.toThrow(/HTTP 400/);
    await expect(helper(h.emulator, '/_emulator/faults/rate', { rate: '0.1', kinds: 'meteor' })).rejects.toThrow(/HTTP 400/);
    expect((await helper(h.emulator, '/_emulator/faults/rate', {}, 'DELETE')).rate).toBeNull();
  });
});

describe('webhook delivery faults', () => {
  const eventIds = (received: { body: string }[]) => received.map((r) => (JSON.parse(r.body) as { id: string }).id);

  it('duplicates, shuffles and delays deliveries; every event still arrives; counts what it did', async () => {
    const receiver = await startReceiver();
    const endpoint = await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] });
    try {
      // In order and once each without faults: the baseline.
      for (let i = 0; i < 5; i++) await h.stripe.customers.create({});
      await h.emulator.flushWebhooks();
      const baseline = eventIds(receiver.received);
      expect(new Set(baseline).size).toBe(5);
      receiver.received.length = 0;

      h.emulator.emulator.queue.setFaults({ duplicateRate: 0.5, shuffleRate: 0.5, maxDelayMs: 30, seed: 11 });
      h.emulator.emulator.queue.pause();
      const created: string[] = [];
      for (let i = 0; i < 20; i++) created.push((await h.stripe.customers.create({})).id);
      h.emulator.emulator.queue.resume();
      const started = Date.now();
      await h.emulator.flushWebhooks();
      const ids = eventIds(receiver.received);
      const stats = h.emulator.emulator.queue.faultStats;
      expect(new Set(ids).size).toBe(20);
      expect(ids.length).toBe(20 + stats.duplicated);
      expect(stats.duplicated).toBeGreaterThan(0);
      expect(stats.shuffled).toBeGreaterThan(0);
      expect(stats.delayed).toBe(20 + stats.duplicated);
      expect(Date.now() - started).toBeGreaterThan(0);
      const objects = receiver.received.map((r) => (JSON.parse(r.body) as { data: { object: { id: string } } }).data.object.id);
      const firstSeen = [...new Set(objects)];
      expect(firstSeen).not.toEqual(created);
      expect([...firstSeen].sort()).toEqual([...created].sort());
    } finally {
      await h.stripe.webhookEndpoints.del(endpoint.id);
      await receiver.close();
    }
  });

  it('duplicate_rate 1 delivers every event twice; set and cleared over HTTP', async () => {
    const receiver = await startReceiver();
    const endpoint = await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] });
    try {
      const set = await helper(h.emulator, '/_emulator/webhooks/faults', { duplicate_rate: '1', seed: '5' });
      expect(set.faults).toMatchObject({ duplicateRate: 1, shuffleRate: 0, maxDelayMs: 0, seed: 5 });
      await expect(helper(h.emulator, '/_emulator/webhooks/faults', { duplicate_rate: '1.5' })).rejects.toThrow(/HTTP 400/);
      for (let i = 0; i < 3; i++) await h.stripe.customers.create({});
      await h.emulator.flushWebhooks();
      const ids = eventIds(receiver.received);
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(3);
      // the event's pending_webhooks counts the first delivery only
      const event = await h.stripe.events.retrieve(ids[0]!);
      expect(event.pending_webhooks).toBe(0);
      expect((await helper(h.emulator, '/_emulator/webhooks/faults', {}, 'DELETE')).faults).toBeNull();
    } finally {
      await h.stripe.webhookEndpoints.del(endpoint.id);
      await receiver.close();
    }
  });
});
