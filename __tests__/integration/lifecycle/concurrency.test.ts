/** 100 concurrent CREATE_BOOKING for one slot: exactly one booking, 99 clear 409s, at most one PaymentIntent charged. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeSlots, payLikeStripeJs, PORTRAIT, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';

let stack: LifecycleStack;

beforeAll(async () => {
  stack = await startLifecycleStack('race');
});
afterAll(async () => stack?.close());

describe('100 customers race for one slot', () => {
  it('one booking, 99 × 409 SLOT_UNAVAILABLE, one PaymentIntent, and it alone can be charged', async () => {
    const slot = (await freeSlots(stack, PORTRAIT))[0]!;
    const attempts = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        stack.booking<{ bookingId?: string; clientSecret?: string }>(
          'CREATE_BOOKING',
          { serviceId: PORTRAIT, ...slot, groupSize: 1 },
          stack.tokenFor(`user_racer_${i}`, `racer${i}@example.com`),
        ),
      ),
    );
    const winners = attempts.filter((a) => a.status === 200);
    const losers = attempts.filter((a) => a.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(99);
    for (const l of losers) {
      expect(l.status).toBe(409);
      expect(l.body.code).toBe('SLOT_UNAVAILABLE');
      expect(l.body.error).toMatch(/just booked by someone else/);
    }

    const stored = await stack.deps.db.send(
      new QueryCommand({
        TableName: stack.tables.Booking,
        IndexName: 'byService',
        KeyConditionExpression: 'serviceId = :s AND startDateTime = :t',
        ExpressionAttributeValues: { ':s': PORTRAIT, ':t': slot.startDateTime },
      }),
    );
    expect(stored.Items).toHaveLength(1);

    // Losers never reach Stripe: one PaymentIntent exists for this slot's bookings.
    const intents = await stack.deps.stripe.paymentIntents.list({ limit: 100 });
    const forSlot = intents.data.filter((pi) => pi.description?.endsWith(slot.startDateTime));
    expect(forSlot).toHaveLength(1);
    expect(forSlot[0]!.metadata.bookingId).toBe(winners[0]!.body.bookingId);

    expect((await payLikeStripeJs(stack, winners[0]!.body.clientSecret!)).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    const charged = (await stack.deps.stripe.paymentIntents.list({ limit: 100 })).data.filter(
      (pi) => pi.description?.endsWith(slot.startDateTime) && pi.status === 'succeeded',
    );
    expect(charged).toHaveLength(1);
    expect((await stack.storedBooking(winners[0]!.body.bookingId!)).status).toBe('CONFIRMED');
  });
});
