/**
 * What the handlers write while they work (Powertools log lines and EMF metrics, everything on stdout and stderr) is
 * captured during representative flows — a booking paid by card through the signed webhook, a replayed delivery, a
 * refund, a forged delivery, requests carrying secrets where names belong — and scanned: no Stripe key, signing
 * secret, session token, JWT, client secret or card number may appear. The lines it must contain are asserted too, so
 * a silenced logger cannot pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import type { ProcessRefundResult } from '../../../lib/http/refund-processor';
import type { TestStack } from '../support/local-stack';

// This file turns both on (vitest.config.ts silences them for the rest of the suite); set before the handlers load.
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';

const FORBIDDEN: Array<[string, RegExp]> = [
  ['a Stripe secret or restricted key', /\b(?:sk|rk)_(?:test|live)_[0-9A-Za-z]/],
  ['a webhook signing secret', /\bwhsec_[0-9A-Za-z]/],
  ['a payment or setup intent client secret', /_secret_[0-9A-Za-z]/],
  ['a JWT', /\beyJ[0-9A-Za-z_-]+\.[0-9A-Za-z_-]+\.[0-9A-Za-z_-]+/],
  ['a card number', /\b\d(?:[ -]?\d){12,18}\b/],
  ['a Stripe signature header', /\bt=\d+,v1=[0-9a-f]/],
];
const FAKE_JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLW9mLWEtdG9rZW4';

const captured: string[] = [];
const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
let stack: TestStack;
let TEST_WEBHOOK_SECRET: string;

function capture(stream: NodeJS.WriteStream, original: typeof process.stdout.write) {
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
  }) as typeof process.stdout.write;
}

beforeAll(async () => {
  capture(process.stdout, writes.stdout);
  capture(process.stderr, writes.stderr);
  // imported only now: the handlers' logger and metrics read the settings above when they load
  const support = await import('../support/local-stack');
  TEST_WEBHOOK_SECRET = support.TEST_WEBHOOK_SECRET;
  const { startTestStack } = support;
  stack = await startTestStack('log-scan');
}, 60_000);
afterAll(async () => {
  process.stdout.write = writes.stdout;
  process.stderr.write = writes.stderr;
  await stack?.close();
});

const lines = () =>
  captured
    .join('')
    .split('\n')
    .filter((l) => l.trim() !== '');
const jsonLines = () =>
  lines().flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

describe('the handlers’ logs and metrics', () => {
  it('log each request and delivery, count the payments and refunds, and never write a secret, a token or a card', async () => {
    const { paidBooking, refundCall, tokens } = await import('../refunds/support');
    const booking = await paidBooking(stack);
    // Stripe delivers the payment's event again: a duplicate, answered 200 and counted as one
    const [succeeded] = (await stack.deps.stripe.events.list({ type: 'payment_intent.succeeded', limit: 1 })).data;
    const body = JSON.stringify(succeeded);
    const again = await stack.functions['stripe-webhook']({
      headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret: TEST_WEBHOOK_SECRET }) },
      body,
    });
    expect(JSON.parse(again.body)).toMatchObject({ received: true, outcome: 'duplicate' });
    const adminToken = tokens(stack).admin;
    const refund = await refundCall<ProcessRefundResult>(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 2_500, reason: 'late arrival', requestId: 'req-log-scan' },
      adminToken,
    );
    expect(refund.status).toBe(200);
    // secrets where a name belongs, and a forged delivery carrying a card number and a signing secret
    const odd = await stack.functions['booking-processor']({
      action: `sk_test_${'x'.repeat(24)}`,
      payload: { bookingId: `4242 4242 4242 4242 ${FAKE_JWT}` },
      token: FAKE_JWT,
    });
    expect(odd.statusCode).toBe(400);
    const forged = await stack.functions['stripe-webhook']({
      headers: { 'stripe-signature': 't=1,v1=00ff' },
      body: JSON.stringify({ id: 'evt_forged', type: 'payment_intent.succeeded', card: '4000000000000077', key: 'whsec_forged0000' }),
    });
    expect(forged.statusCode).toBe(400);

    const logged = jsonLines();
    // what must be there: the request lines with action and booking id, the webhook outcome, the EMF metrics
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'INFO', message: 'request', action: 'CREATE_BOOKING', statusCode: 200 }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({ message: 'request', action: 'PROCESS_REFUND', bookingId: booking.id, statusCode: 200 }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({ message: 'webhook event', eventType: 'payment_intent.succeeded', outcome: 'processed' }),
    );
    expect(logged).toContainEqual(expect.objectContaining({ message: 'webhook event', eventId: succeeded!.id, outcome: 'duplicate' }));
    expect(logged).toContainEqual(expect.objectContaining({ level: 'WARN', message: 'webhook delivery refused', statusCode: 400 }));
    const emf = logged.filter((l) => typeof l._aws === 'object');
    expect(emf.some((l) => typeof l.PaymentsSucceeded === 'number' && (l.PaymentsSucceeded as number) >= 1)).toBe(true);
    expect(emf.some((l) => typeof l.WebhookEventsProcessed === 'number')).toBe(true);
    expect(emf.some((l) => l.WebhookEventsDuplicate === 1)).toBe(true);
    expect(refund.body.refund.refundCents).toBe(2_500);
    expect(emf.some((l) => l.RefundAmountCents === refund.body.refund.refundCents)).toBe(true);
    // the redaction rule did its work on what the odd request carried
    expect(logged).toContainEqual(expect.objectContaining({ message: 'request', statusCode: 400, action: '[redacted]' }));

    // EMF's own Timestamp is the one long number a line may carry (epoch milliseconds, 13 digits)
    const text = lines()
      .join('\n')
      .replace(/"Timestamp":\d{13}\b/g, '"Timestamp":0');
    for (const [what, pattern] of FORBIDDEN) expect(text.match(pattern)?.[0], what).toBeUndefined();
    for (const literal of [stack.customerToken, adminToken, TEST_WEBHOOK_SECRET]) {
      expect(text.includes(literal), 'a secret of this stack').toBe(false);
    }
  });
});
