import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { helper, startHarness, startReceiver, WEBHOOK_SECRET, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ webhookRetry: { initialDelayMs: 20, maxAttempts: 4, timeoutMs: 2000 } });
});
afterAll(async () => {
  await h.emulator.close();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  for (const e of (await h.stripe.webhookEndpoints.list({ limit: 100 })).data) await h.stripe.webhookEndpoints.del(e.id);
});

describe('webhook endpoints', () => {
  it('creates, lists, retrieves and deletes endpoints; the secret is shown once', async () => {
    const created = await h.stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/hook',
      enabled_events: ['payment_intent.succeeded'],
    });
    expect(created.secret).toBe(WEBHOOK_SECRET);
    expect(created.status).toBe('enabled');
    const got = await h.stripe.webhookEndpoints.retrieve(created.id);
    expect(got.secret).toBeUndefined();
    expect(got.enabled_events).toEqual(['payment_intent.succeeded']);
    const list = await h.stripe.webhookEndpoints.list();
    expect(list.data.map((e) => e.id)).toContain(created.id);
    const deleted = await h.stripe.webhookEndpoints.del(created.id);
    expect(deleted.deleted).toBe(true);
    await expect(h.stripe.webhookEndpoints.retrieve(created.id)).rejects.toMatchObject({ code: 'resource_missing' });
  });
});

describe('signed webhook delivery', () => {
  it('delivers events in order with a signature constructEvent accepts', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] });
    const pi = await h.stripe.paymentIntents.create(
      { amount: 2500, currency: 'usd', metadata: { bookingId: 'bk_hook' } },
      { idempotencyKey: 'booking:bk_hook:payment-intent' },
    );
    await h.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    await h.emulator.flushWebhooks();

    const events = receiver.received.map((r) => h.stripe.webhooks.constructEvent(r.body, r.signature, WEBHOOK_SECRET));
    expect(events.map((e) => e.type)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
    const created = events[0] as Stripe.Event;
    expect(created.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: 'booking:bk_hook:payment-intent' });
    expect(created.livemode).toBe(false);
    expect(created.api_version).toBeTruthy();
    const succeeded = events[2] as Stripe.PaymentIntentSucceededEvent;
    expect(succeeded.data.object.metadata.bookingId).toBe('bk_hook');
    expect(succeeded.data.object.status).toBe('succeeded');
    expect(succeeded.data.previous_attributes).toMatchObject({ status: 'requires_payment_method' });
    expect(() =>
      h.stripe.webhooks.constructEvent(receiver.received[0]?.body ?? '', receiver.received[0]?.signature ?? '', 'whsec_wrong'),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);

    // The same events are listed and retrievable, pending_webhooks counted down.
    const listed = await h.stripe.events.list({ type: 'payment_intent.succeeded', limit: 1 });
    expect(listed.data[0]?.id).toBe(succeeded.id);
    const again = await h.stripe.events.retrieve(succeeded.id);
    expect(again.pending_webhooks).toBe(0);
  });

  it('only sends the enabled events', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['payment_intent.payment_failed', 'charge.failed'] });
    const pi = await h.stripe.paymentIntents.create({ amount: 2500, currency: 'usd' });
    await h.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }).catch(() => undefined);
    await h.emulator.flushWebhooks();
    const types = receiver.received.map((r) => h.stripe.webhooks.constructEvent(r.body, r.signature, WEBHOOK_SECRET).type);
    expect(types).toEqual(['charge.failed', 'payment_intent.payment_failed']);
  });

  it('retries after a 500 from the receiver, keeping the order', async () => {
    const receiver = await startReceiver((n) => (n === 1 ? 500 : 200));
    cleanups.push(receiver.close);
    await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['payment_intent.created', 'payment_intent.succeeded'] });
    const pi = await h.stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await h.emulator.flushWebhooks();
    const events = receiver.received.map((r) => h.stripe.webhooks.constructEvent(r.body, r.signature, WEBHOOK_SECRET));
    expect(events.map((e) => e.type)).toEqual(['payment_intent.created', 'payment_intent.succeeded']);
    expect((events[0]?.data.object as Stripe.PaymentIntent).id).toBe(pi.id);
    const log = (await helper(h.emulator, '/_emulator/webhooks/deliveries', {}, 'GET')) as {
      data: { eventId: string; ok: boolean; status?: number }[];
    };
    const attempts = log.data.filter((d) => d.eventId === events[0]?.id);
    expect(attempts.map((a) => [a.ok, a.status ?? null])).toEqual([
      [false, 500],
      [true, null],
    ]);
  });

  it('gives up after the bounded number of attempts', async () => {
    const receiver = await startReceiver(() => 503);
    cleanups.push(receiver.close);
    const endpoint = await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] });
    const customer = await h.stripe.customers.create({ email: 'x@example.com' });
    await h.emulator.flushWebhooks();
    const log = (await helper(h.emulator, '/_emulator/webhooks/deliveries', {}, 'GET')) as { data: { target: string; ok: boolean }[] };
    expect(log.data.filter((d) => d.target === endpoint.id).map((d) => d.ok)).toEqual([false, false, false, false]);
    const event = (await h.stripe.events.list({ type: 'customer.created', limit: 1 })).data[0];
    expect((event?.data.object as Stripe.Customer).id).toBe(customer.id);
    expect(event?.pending_webhooks).toBe(1);
  });

  it('holds deliveries while paused', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] });
    await helper(h.emulator, '/_emulator/webhooks/pause');
    await h.stripe.customers.create({ email: 'paused@example.com' });
    await h.emulator.flushWebhooks();
    expect(receiver.received).toHaveLength(0);
    await helper(h.emulator, '/_emulator/webhooks/resume');
    await h.emulator.flushWebhooks();
    expect(receiver.received).toHaveLength(1);
  });
});
