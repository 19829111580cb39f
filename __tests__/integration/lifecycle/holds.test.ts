/**
 * Unpaid holds: CANCEL_BOOKING before payment, expiry after holdMinutes (found by index query), and a payment that
 * arrives after the hold ended (refunded, never confirmed).
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { bookingMoneyFlow } from '../../../lib/domain/ledger';
import { expireHolds } from '../../../lib/services/booking-lifecycle';
import {
  createBooking,
  freeSlots,
  payLikeStripeJs,
  paidBooking,
  PORTRAIT,
  startLifecycleStack,
  type LifecycleStack,
} from '../support/lifecycle';

let stack: LifecycleStack;
const HOLD_MS = 15 * 60_000;

beforeAll(async () => {
  stack = await startLifecycleStack('holds');
});
afterAll(async () => stack?.close());

describe('CANCEL_BOOKING before payment', () => {
  it('cancels the PaymentIntent, frees the slot at once, and is idempotent', async () => {
    const { bookingId, slot } = await createBooking(stack, PORTRAIT, 0);
    const before = await stack.storedBooking(bookingId);
    const res = await stack.booking<{ booking: { status: string } }>('CANCEL_BOOKING', { bookingId }, stack.customerToken);
    expect(res.status).toBe(200);
    expect(res.body.booking.status).toBe('CANCELLED');
    const pi = await stack.deps.stripe.paymentIntents.retrieve(before.paymentIntentId!);
    expect(pi.status).toBe('canceled');
    for (const hold of before.slotHoldIds) expect(await stack.slotHold(hold)).toBeUndefined();
    expect((await freeSlots(stack, PORTRAIT)).some((s) => s.startDateTime === slot.startDateTime)).toBe(true);
    const again = await stack.booking<{ booking: { status: string } }>('CANCEL_BOOKING', { bookingId }, stack.customerToken);
    expect(again).toMatchObject({ status: 200, body: { booking: { status: 'CANCELLED' } } });
    expect(await stack.ledger(bookingId)).toEqual([]);
  });

  it("is the customer's own: someone else's booking is 404, a paid one 409 INVALID_TRANSITION", async () => {
    const { bookingId } = await createBooking(stack, PORTRAIT, 0);
    const other = await stack.booking('CANCEL_BOOKING', { bookingId }, stack.tokenFor('user_someone', 'someone@example.com'));
    expect(other).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    // Its provider can see the booking but may not end the customer's unpaid hold: 403, as everywhere in the policy.
    const provider = await stack.booking('CANCEL_BOOKING', { bookingId }, stack.providerToken);
    expect(provider).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await stack.booking('CANCEL_BOOKING', { bookingId }, stack.customerToken);

    const paid = await paidBooking(stack, PORTRAIT, 1);
    const refused = await stack.booking('CANCEL_BOOKING', { bookingId: paid.bookingId }, stack.customerToken);
    expect(refused).toMatchObject({
      status: 409,
      body: { code: 'INVALID_TRANSITION', details: { currentStatus: 'CONFIRMED', requestedStatus: 'CANCELLED' } },
    });
    expect((await stack.storedBooking(paid.bookingId)).status).toBe('CONFIRMED');
  });
});

describe('hold expiry', () => {
  it('leaves a live hold alone; after holdMinutes it cancels the PaymentIntent, frees the slot, marks EXPIRED', async () => {
    const { bookingId, slot } = await createBooking(stack, PORTRAIT, 2);
    const booking = await stack.storedBooking(bookingId);
    expect(await expireHolds(stack.deps)).toMatchObject({ expired: 0 });
    expect((await stack.storedBooking(bookingId)).status).toBe('PENDING_PAYMENT');

    stack.setClockOffset(HOLD_MS + 1_000);
    try {
      const swept = await expireHolds(stack.deps);
      expect(swept.expired).toBeGreaterThanOrEqual(1);
      expect(swept.failed).toBe(0);
      const expired = await stack.storedBooking(bookingId);
      expect(expired).toMatchObject({ status: 'EXPIRED', cancelledBy: 'SYSTEM' });
      expect(expired.paymentIntentCancelFailed).toBeUndefined();
      expect((await stack.deps.stripe.paymentIntents.retrieve(booking.paymentIntentId!)).status).toBe('canceled');
      for (const hold of booking.slotHoldIds) expect(await stack.slotHold(hold)).toBeUndefined();
      // A second sweep finds nothing more to do.
      expect(await expireHolds(stack.deps)).toMatchObject({ expired: 0, failed: 0 });
    } finally {
      stack.setClockOffset(0);
    }
    expect((await freeSlots(stack, PORTRAIT)).some((s) => s.startDateTime === slot.startDateTime)).toBe(true);
    // The customer can no longer pay it from the app: no client secret for an expired booking.
    const view = await stack.booking<{ booking: { status: string; clientSecret?: string } }>(
      'GET_BOOKING',
      { bookingId },
      stack.customerToken,
    );
    expect(view.body.booking).toMatchObject({ status: 'EXPIRED' });
    expect(view.body.booking.clientSecret).toBeUndefined();
  });

  it('a payment that succeeded just before the sweep wins: the booking is confirmed, not expired', async () => {
    const { bookingId, clientSecret } = await createBooking(stack, PORTRAIT, 3);
    await stack.helper('webhooks/pause');
    try {
      expect((await payLikeStripeJs(stack, clientSecret)).body.status).toBe('succeeded');
      stack.setClockOffset(HOLD_MS + 1_000);
      const swept = await expireHolds(stack.deps);
      expect(swept.confirmed).toBe(1);
      expect((await stack.storedBooking(bookingId)).status).toBe('CONFIRMED');
    } finally {
      stack.setClockOffset(0);
      await stack.helper('webhooks/resume');
    }
    await stack.emulator.flushWebhooks();
    expect((await stack.storedBooking(bookingId)).status).toBe('CONFIRMED');
    expect(bookingMoneyFlow(await stack.ledger(bookingId))).toMatchObject({ chargedCents: 12_000, refundedCents: 0, balanced: true });
  });

  it('a late payment after expiry (the cancel could not reach Stripe) is refunded once and recorded, never confirmed', async () => {
    const { bookingId, clientSecret } = await createBooking(stack, PORTRAIT, 4);
    const booking = await stack.storedBooking(bookingId);
    // Stripe fails every cancel of this PaymentIntent (more times than the SDK retries): the slot is freed anyway.
    await stack.helper('faults', {
      kind: 'http_500',
      path: `/v1/payment_intents/${booking.paymentIntentId}/cancel`,
      method: 'POST',
      count: '10',
    });
    stack.setClockOffset(HOLD_MS + 1_000);
    // The app's clock stays moved on until the test ends: the booking's later events (the late payment's refund) are
    // not dated before its expiry, as they never are when time only moves forward.
    onTestFinished(() => stack.setClockOffset(0));
    try {
      const swept = await expireHolds(stack.deps);
      expect(swept).toMatchObject({ expired: 1, cancelFailed: 1, failed: 0 });
    } finally {
      await fetch(`${stack.emulator.url}/_emulator/faults`, { method: 'DELETE' });
    }
    expect(await stack.storedBooking(bookingId)).toMatchObject({ status: 'EXPIRED', paymentIntentCancelFailed: true });

    // The customer still had the payment page open and pays.
    expect((await payLikeStripeJs(stack, clientSecret)).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();

    const after = await stack.storedBooking(bookingId);
    expect(after.status).toBe('EXPIRED');
    expect(after.latePaymentRefundId).toMatch(/^re_/);
    const pi = await stack.deps.stripe.paymentIntents.retrieve(booking.paymentIntentId!, { expand: ['latest_charge'] });
    const charge = pi.latest_charge as { amount_refunded: number; amount: number };
    expect(charge.amount_refunded).toBe(charge.amount);
    const refunds = await stack.deps.stripe.refunds.list({ payment_intent: pi.id });
    expect(refunds.data).toHaveLength(1);
    const lines = await stack.ledger(bookingId);
    expect(lines.map((l) => l.type).sort()).toEqual(['CHARGE', 'FEE_REFUND', 'PLATFORM_FEE', 'PROVIDER_EARNING', 'REFUND']);
    expect(bookingMoneyFlow(lines)).toMatchObject({
      chargedCents: 12_000,
      refundedCents: 12_000,
      platformNetCents: 0,
      providerNetCents: 0,
      balanced: true,
    });

    // The same event delivered again (and a redelivery under a new id) changes nothing and refunds nothing more.
    const events = await stack.deps.stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 });
    const event = events.data.find((e) => (e.data.object as { id: string }).id === pi.id)!;
    expect((await stack.deliver(event)).body.outcome).toBe('duplicate');
    expect((await stack.deliver({ ...event, id: `${event.id}_again` })).body.outcome).toBe('processed');
    expect(await stack.ledger(bookingId)).toHaveLength(5);
    expect((await stack.deps.stripe.refunds.list({ payment_intent: pi.id })).data).toHaveLength(1);
    expect((await stack.storedBooking(bookingId)).latePaymentRefundId).toBe(after.latePaymentRefundId);
  });
});
