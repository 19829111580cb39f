/**
 * Signed events the app cannot use, through the production stripe-webhook (its handler map as deployed): an object
 * Stripe or we do not know, an unexpected connected account, a malformed envelope. Each is recorded in the admins'
 * event log as IGNORED with the reason, acknowledged 200 (Stripe stops retrying), and a redelivery is a duplicate
 * recorded once. Only a failure of ours answers 500, leaving no dedupe marker so Stripe's retry does the work.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { WebhookEventLogRecord } from '../../../lib/data/records';
import { createStripeWebhookHandler } from '../../../lib/functions/stripe-webhook';
import type { Deps } from '../../../lib/ports';
import { adminListEvents } from '../../../lib/services/webhook-log';
import {
  createBooking,
  LIFECYCLE_WEBHOOK_SECRET,
  payLikeStripeJs,
  PORTRAIT,
  startLifecycleStack,
  type LifecycleStack,
} from '../support/lifecycle';

let stack: LifecycleStack;
beforeAll(async () => {
  stack = await startLifecycleStack('webhook-unusable');
});
afterAll(async () => stack?.close());

let n = 0;
const eventId = (label: string) => `evt_${label}_${Date.now()}_${++n}`;
const now = () => Math.floor(Date.now() / 1000);
const event = (type: string, object: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: eventId(type.replace(/\./g, '_')),
  object: 'event',
  type,
  created: now(),
  livemode: false,
  data: { object },
  ...extra,
});

const get = async <T>(table: string, id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }))).Item as T | undefined;
const logRow = (id: string) => get<WebhookEventLogRecord>(stack.tables.WebhookEventLog, id);
const marker = (id: string) => get<Record<string, unknown>>(stack.tables.ProcessedEvent, id);

/** Signs a raw body as Stripe would and hands it to the production handler. */
async function deliverRaw(body: string, handler = stack.webhook) {
  const signature = stack.deps.stripe.webhooks.generateTestHeaderString({ payload: body, secret: LIFECYCLE_WEBHOOK_SECRET });
  const res = await handler({ headers: { 'Stripe-Signature': signature }, body });
  return { status: res.statusCode, body: JSON.parse(res.body) as { received?: boolean; outcome?: string; reason?: string; code?: string } };
}

/**
 * Delivered twice: 200 ignored with the reason, then 200 duplicate; one log row (IGNORED, the reason, two attempts),
 * the dedupe marker, and the row among the admins' IGNORED events.
 */
async function expectIgnoredOnce(body: string, id: string, reason: RegExp) {
  const first = await deliverRaw(body);
  expect(first).toEqual({ status: 200, body: { received: true, outcome: 'ignored', reason: expect.stringMatching(reason) } });
  const again = await deliverRaw(body);
  expect(again).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
  const row = await logRow(id);
  expect(row).toMatchObject({ status: 'IGNORED', attempts: 2, reason: first.body.reason });
  expect(row?.lastError).toBeUndefined();
  expect(await marker(id)).toBeDefined();
  const listed = (await adminListEvents(stack.deps, { status: 'IGNORED', limit: 100 })).events;
  expect(listed.filter((e) => e.id === id)).toHaveLength(1);
  return row!;
}

describe('an object the app does not know → 200, recorded IGNORED with the reason, once', () => {
  it('payment_intent.succeeded for a PaymentIntent Stripe does not have', async () => {
    const e = event('payment_intent.succeeded', { id: 'pi_not_at_stripe', object: 'payment_intent' });
    const row = await expectIgnoredOnce(JSON.stringify(e), e.id, /^PaymentIntent pi_not_at_stripe does not exist at Stripe\.$/);
    expect(row.eventType).toBe('payment_intent.succeeded');
  });

  it('payment_intent.succeeded for a real PaymentIntent of no booking here (another environment’s): no Payment record', async () => {
    const elsewhere = await stack.deps.stripe.paymentIntents.create({
      amount: 2_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      metadata: { bookingId: 'bk_of_another_environment', customerId: 'user_elsewhere' },
    });
    const plain = await stack.deps.stripe.paymentIntents.create({
      amount: 2_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    const a = event('payment_intent.succeeded', { id: elsewhere.id, object: 'payment_intent' });
    await expectIgnoredOnce(JSON.stringify(a), a.id, /is for booking bk_of_another_environment, which does not exist here/);
    const b = event('payment_intent.succeeded', { id: plain.id, object: 'payment_intent' });
    await expectIgnoredOnce(JSON.stringify(b), b.id, /pays for no booking, credit purchase or membership here/);
    expect(await get(stack.tables.Payment, elsewhere.id)).toBeUndefined();
    expect(await get(stack.tables.Payment, plain.id)).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['charge.dispute.created', { id: 'dp_unknown', object: 'dispute' }, /^Dispute dp_unknown does not exist at Stripe\.$/],
    ['charge.succeeded', { id: 'ch_unknown', object: 'charge', payment_intent: 'pi_unknown' }, /PaymentIntent pi_unknown does not exist/],
    ['charge.succeeded', { id: 'ch_without_intent', object: 'charge', payment_intent: null }, /has no PaymentIntent/],
    ['transfer.created', { id: 'tr_unknown', object: 'transfer' }, /Transfer tr_unknown does not exist at Stripe/],
    ['checkout.session.completed', { id: 'cs_unknown', object: 'checkout.session' }, /Checkout Session cs_unknown does not exist/],
    ['customer.subscription.updated', { id: 'sub_unknown', object: 'subscription' }, /Subscription sub_unknown does not exist/],
    ['product.created', { id: 'prod_1', object: 'product' }, /^The app does not handle product\.created events\.$/],
  ])('%s (%o)', async (type, object, reason) => {
    const e = event(type, object);
    await expectIgnoredOnce(JSON.stringify(e), e.id, reason);
  });
});

describe('an unexpected connected account → 200, recorded IGNORED', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, RegExp]>([
    [
      'payout.paid',
      { id: 'po_1', object: 'payout' },
      { account: 'acct_not_ours' },
      /connected account acct_not_ours, which is none of our providers/,
    ],
    [
      'account.updated',
      { id: 'acct_stranger', object: 'account' },
      { account: 'acct_stranger' },
      /account acct_stranger is none of our providers/,
    ],
    ['payout.paid', { id: 'po_2', object: 'payout' }, {}, /platform's own balance/],
    [
      'payment_intent.succeeded',
      { id: 'pi_1', object: 'payment_intent' },
      { account: 'acct_other' },
      /from connected account acct_other: the app takes these only from the platform account/,
    ],
  ])('%s %o', async (type, object, extra, reason) => {
    const e = event(type, object, extra);
    await expectIgnoredOnce(JSON.stringify(e), e.id, reason);
  });
});

describe('a malformed signed envelope → 200, recorded IGNORED', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no data.object', { data: {} }, /Not a Stripe event the app can read \(data\.object: /],
    ['no data at all', { data: undefined }, /data: /],
    ['created is text', { created: 'yesterday' }, /created: /],
    ['the object id is a number', { data: { object: { id: 42 } } }, /data\.object has no Stripe id/],
    ['account is an object', { account: { id: 'acct_1' } }, /account: /],
  ])('%s', async (_label, change, reason) => {
    const e = { ...event('payment_intent.succeeded', { id: 'pi_x', object: 'payment_intent' }), ...change };
    const row = await expectIgnoredOnce(JSON.stringify(e), e.id, reason);
    expect(row.eventType).toBe('payment_intent.succeeded');
  });

  it.each<[string, string, RegExp]>([
    ['not JSON', 'this is not json {', /^The signed body is not JSON\.$/],
    ['a JSON array', '[1, 2, 3]', /Not a Stripe event the app can read/],
    ['no id', JSON.stringify({ object: 'event', type: 'payment_intent.succeeded', created: 1, data: { object: { id: 'pi_1' } } }), /id: /],
  ])('%s: recorded under a digest of the body, so its redelivery is a duplicate', async (_label, body, reason) => {
    const first = await deliverRaw(body);
    expect(first.body).toMatchObject({ received: true, outcome: 'ignored', reason: expect.stringMatching(reason) });
    const rows = (await adminListEvents(stack.deps, { status: 'IGNORED', limit: 200 })).events.filter(
      (r) => r.reason === first.body.reason,
    );
    const row = rows.find((r) => r.id.startsWith('evt_unreadable_'));
    expect(row).toMatchObject({ status: 'IGNORED', attempts: 1 });
    expect(await deliverRaw(body)).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    expect(await logRow(row!.id)).toMatchObject({ status: 'IGNORED', attempts: 2 });
  });

  it('a bad signature is still 400 and writes nothing (no log row, no marker)', async () => {
    const e = event('payment_intent.succeeded', { id: 'pi_x', object: 'payment_intent' });
    const body = JSON.stringify(e);
    const forged = stack.deps.stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_not_ours' });
    for (const headers of [{ 'Stripe-Signature': forged }, {}]) {
      const res = await stack.webhook({ headers, body });
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'INVALID_SIGNATURE' });
    }
    expect(await logRow(e.id)).toBeUndefined();
    expect(await marker(e.id)).toBeUndefined();
  });
});

describe('a failure of ours → 500 and no marker, so Stripe’s retry does the work', () => {
  /**
   * A booking paid at Stripe whose payment_intent.succeeded the app has not processed yet, and that event. Stripe's own
   * deliveries stay held until the test ends (then they are duplicates in effect).
   */
  async function paidButUnprocessed(skip: number) {
    const { bookingId, clientSecret } = await createBooking(stack, PORTRAIT, skip);
    const piId = (await stack.storedBooking(bookingId)).paymentIntentId!;
    await stack.helper('webhooks/pause');
    onTestFinished(async () => {
      await stack.helper('webhooks/resume');
      await stack.emulator.flushWebhooks();
    });
    expect((await payLikeStripeJs(stack, clientSecret)).body.status).toBe('succeeded');
    const events = await stack.deps.stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 });
    const found = events.data.find((e) => (e.data.object as { id: string }).id === piId)!;
    return { bookingId, event: found as Stripe.Event };
  }

  it('a table that does not exist (isolated deps): 500, FAILED with the error, no marker; the retry confirms the booking', async () => {
    const { bookingId, event: e } = await paidButUnprocessed(0);
    const broken: Deps = { ...stack.deps, tables: { ...stack.deps.tables, Booking: `${stack.tables.Booking}-missing` } };
    const brokenHandler = createStripeWebhookHandler({ ...stack.runtime, deps: async () => broken });
    const body = JSON.stringify(e);
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await deliverRaw(body, brokenHandler);
      expect(res).toMatchObject({ status: 500, body: { code: 'INTERNAL' } });
    }
    expect(await marker(e.id)).toBeUndefined();
    expect(await logRow(e.id)).toMatchObject({ status: 'FAILED', attempts: 2, lastError: expect.stringMatching(/resource|table/i) });
    expect((await stack.storedBooking(bookingId)).status).toBe('PENDING_PAYMENT');

    expect(await deliverRaw(body)).toEqual({ status: 200, body: { received: true, outcome: 'processed' } });
    expect((await stack.storedBooking(bookingId)).status).toBe('CONFIRMED');
    expect(await logRow(e.id)).toMatchObject({ status: 'PROCESSED', attempts: 3 });
    expect((await logRow(e.id))?.lastError).toBeUndefined();
    expect(await deliverRaw(body)).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
  });

  it('Stripe answering 500 to the re-fetch: 500, no marker; once Stripe answers, processed', async () => {
    const { bookingId, event: e } = await paidButUnprocessed(1);
    const piId = (e.data.object as { id: string }).id;
    await stack.helper('faults', { kind: 'http_500', path: `/v1/payment_intents/${piId}`, method: 'GET', count: '20' });
    const body = JSON.stringify(e);
    try {
      expect((await deliverRaw(body)).status).toBe(500);
    } finally {
      await fetch(`${stack.emulator.url}/_emulator/faults`, { method: 'DELETE' });
    }
    expect(await marker(e.id)).toBeUndefined();
    expect(await logRow(e.id)).toMatchObject({ status: 'FAILED' });
    expect((await deliverRaw(body)).body).toEqual({ received: true, outcome: 'processed' });
    expect((await stack.storedBooking(bookingId)).status).toBe('CONFIRMED');
  });
});
