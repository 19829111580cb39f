/**
 * payment_intent.succeeded through the production stripe-webhook (its handler map as deployed): the booking is
 * confirmed with its charge lines AND the PaymentIntent's Payment record says succeeded, in one delivery; the same
 * event again, or redelivered under a new id, changes nothing.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentRecord } from '../../../lib/data/records';
import { createBooking, payLikeStripeJs, PORTRAIT, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';

let stack: LifecycleStack;

beforeAll(async () => {
  stack = await startLifecycleStack('pi-webhook');
});
afterAll(async () => stack?.close());

const payment = async (id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Payment, Key: { id }, ConsistentRead: true }))).Item as
    PaymentRecord | undefined;

async function succeededEventOf(piId: string): Promise<Stripe.Event> {
  const events = await stack.deps.stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 });
  const event = events.data.find((e) => (e.data.object as { id: string }).id === piId);
  if (!event) throw new Error(`no payment_intent.succeeded for ${piId}`);
  return event;
}

describe('payment_intent.succeeded through the production handler map', () => {
  it('confirms the booking and records the Payment as succeeded; duplicates change nothing', async () => {
    const { bookingId, clientSecret } = await createBooking(stack, PORTRAIT, 0);
    const piId = (await stack.storedBooking(bookingId)).paymentIntentId!;
    // Hold Stripe's own deliveries back: this test delivers the event itself, first.
    await stack.helper('webhooks/pause');
    let event: Stripe.Event;
    try {
      expect((await payLikeStripeJs(stack, clientSecret)).body.status).toBe('succeeded');
      event = await succeededEventOf(piId);
      expect(await stack.deliver(event)).toMatchObject({ status: 200, body: { outcome: 'processed' } });

      const booking = await stack.storedBooking(bookingId);
      expect(booking).toMatchObject({ status: 'CONFIRMED', paymentIntentId: piId });
      expect(booking.chargeId).toMatch(/^ch_/);
      const lines = await stack.ledger(bookingId);
      expect(lines.map((l) => l.id).sort()).toEqual([`${bookingId}#CHARGE`, `${bookingId}#PLATFORM_FEE`, `${bookingId}#PROVIDER_EARNING`]);

      const record = await payment(piId);
      expect(record).toMatchObject({
        id: piId,
        kind: 'BOOKING',
        bookingId,
        userId: booking.customerId,
        status: 'succeeded',
        amountCents: 12_000,
      });
      expect(record!.receiptUrl).toBeTruthy();
    } finally {
      await stack.helper('webhooks/resume');
    }
    const bookingBefore = await stack.storedBooking(bookingId);
    const paymentBefore = await payment(piId);
    const ledgerBefore = await stack.ledger(bookingId);

    // Stripe's own (held back) delivery of the same event, then the same event again: duplicates.
    await stack.emulator.flushWebhooks();
    expect((await stack.deliver(event)).body.outcome).toBe('duplicate');
    // A redelivery under a new id passes the dedupe and finds nothing to change.
    expect((await stack.deliver({ ...event, id: `${event.id}_again` })).body.outcome).toBe('processed');

    expect(await stack.storedBooking(bookingId)).toEqual(bookingBefore);
    expect(await payment(piId)).toEqual(paymentBefore);
    expect(await stack.ledger(bookingId)).toEqual(ledgerBefore);
  });

  it('a declined payment_intent.payment_failed records the failure on both the booking and the Payment', async () => {
    const { bookingId, clientSecret } = await createBooking(stack, PORTRAIT, 1);
    const piId = (await stack.storedBooking(bookingId)).paymentIntentId!;
    await payLikeStripeJs(stack, clientSecret, '4000000000000002');
    await stack.emulator.flushWebhooks();
    const booking = await stack.storedBooking(bookingId);
    expect(booking).toMatchObject({ status: 'PAYMENT_FAILED', paymentFailureCode: 'generic_decline' });
    expect(await payment(piId)).toMatchObject({ status: 'failed', bookingId });
    expect(await stack.ledger(bookingId)).toEqual([]);
  });
});
