/**
 * A PaymentIntent cancel that failed when the hold expired is retried by the scheduled run (the payout-manager
 * Scheduled Event, as the Amplify schedule and `npm run dev` timers invoke it): found by the sparse index
 * byIntentCancelRetry, cancelled with the booking's idempotency key, the marker cleared once Stripe has it canceled
 * (or paid: the late payment is refunded), bounded attempts, given up visibly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryIndex } from '../../../lib/data/repository';
import type { BookingRecord } from '../../../lib/data/records';
import { idempotencyKeys } from '../../../lib/stripe/idempotency';
import { INTENT_CANCEL_MAX_ATTEMPTS, INTENT_CANCEL_RETRY_BASE_MS } from '../../../lib/domain/scheduled-run';
import { expireHolds } from '../../../lib/services/booking-lifecycle';
import { retryPendingIntentCancels } from '../../../lib/services/intent-cancel-retry';
import { createBooking, payLikeStripeJs, PORTRAIT, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';

let stack: LifecycleStack;
const HOLD_MS = 15 * 60_000;
let runs = 0;

beforeAll(async () => {
  stack = await startLifecycleStack('cancel-retry');
});
afterAll(async () => stack?.close());

/** The scheduled run as EventBridge Scheduler sends it (no action, no token). */
async function scheduledRun() {
  runs++;
  const event = {
    version: '0',
    id: `retry-${runs}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    time: new Date().toISOString(),
    resources: [],
    detail: {},
  };
  const res = await stack.payoutManager(event as never);
  expect(res.statusCode).toBe(200);
  return JSON.parse(res.body) as { expiry: { cancelRetries?: Record<string, number> } };
}

/** Fails every cancel of this PaymentIntent (more often than the SDK retries one request) until cleared. */
async function failCancels(piId: string) {
  await stack.helper('faults', { kind: 'http_500', path: `/v1/payment_intents/${piId}/cancel`, method: 'POST', count: '50' });
}
const clearFaults = () => fetch(`${stack.emulator.url}/_emulator/faults`, { method: 'DELETE' });

/** A booking whose hold expired while Stripe refused the cancel. */
async function expiredWithFailedCancel(skip: number): Promise<BookingRecord> {
  const { bookingId } = await createBooking(stack, PORTRAIT, skip);
  const booking = await stack.storedBooking(bookingId);
  await failCancels(booking.paymentIntentId!);
  stack.setClockOffset(HOLD_MS + 1_000);
  try {
    expect(await expireHolds(stack.deps)).toMatchObject({ expired: 1, cancelFailed: 1, failed: 0 });
  } finally {
    await clearFaults();
  }
  return stack.storedBooking(bookingId);
}

const pendingInIndex = async () =>
  (
    await queryIndex<BookingRecord>(stack.deps, 'Booking', { index: 'byIntentCancelRetry', key: 'intentCancelStatus', value: 'PENDING' })
  ).map((b) => b.id);

describe('retrying a failed PaymentIntent cancel', () => {
  it('the scheduled run cancels it with the same idempotency key and clears the marker; a second run changes nothing', async () => {
    const expired = await expiredWithFailedCancel(0);
    expect(expired).toMatchObject({
      status: 'EXPIRED',
      paymentIntentCancelFailed: true,
      intentCancelStatus: 'PENDING',
      intentCancelAttempts: 1,
      intentCancelPendingSince: expect.any(String),
      intentCancelLastError: expect.any(String),
    });
    expect(Date.parse(expired.intentCancelRetryAt!) - Date.parse(expired.expiredAt!)).toBe(INTENT_CANCEL_RETRY_BASE_MS);
    expect(await pendingInIndex()).toContain(expired.id);
    const piId = expired.paymentIntentId!;
    expect((await stack.deps.stripe.paymentIntents.retrieve(piId)).status).toBe('requires_payment_method');

    try {
      // Not due yet: the run leaves it alone.
      const early = await scheduledRun();
      expect(early.expiry.cancelRetries).toMatchObject({ canceled: 0, retryLater: 0 });
      expect((await stack.storedBooking(expired.id)).intentCancelAttempts).toBe(1);

      stack.setClockOffset(HOLD_MS + 1_000 + INTENT_CANCEL_RETRY_BASE_MS + 1_000);
      const run = await scheduledRun();
      expect(run.expiry.cancelRetries).toMatchObject({ canceled: 1, errors: 0 });
    } finally {
      stack.setClockOffset(0);
    }

    const pi = await stack.deps.stripe.paymentIntents.retrieve(piId);
    expect(pi.status).toBe('canceled');
    expect(pi.cancellation_reason).toBe('abandoned');
    // The retry was the same request: Stripe saw one cancel under the booking's key.
    const cancels = (await stack.deps.stripe.events.list({ type: 'payment_intent.canceled', limit: 100 })).data.filter(
      (e) => (e.data.object as { id: string }).id === piId,
    );
    expect(cancels).toHaveLength(1);
    expect(cancels[0]!.request?.idempotency_key).toBe(idempotencyKeys.bookingPaymentIntentCancel(expired.id));

    const resolved = await stack.storedBooking(expired.id);
    expect(resolved).toMatchObject({ status: 'EXPIRED', intentCancelAttempts: 2, intentCancelResolvedAt: expect.any(String) });
    expect(resolved.intentCancelStatus).toBeUndefined();
    expect(resolved.paymentIntentCancelFailed).toBeUndefined();
    expect(resolved.intentCancelRetryAt).toBeUndefined();
    expect(await pendingInIndex()).not.toContain(expired.id);

    // The duplicate run (much later): nothing to do, nothing changes.
    stack.setClockOffset(HOLD_MS + 2 * 3_600_000);
    try {
      const again = await scheduledRun();
      expect(again.expiry.cancelRetries).toMatchObject({ canceled: 0, paidAndRefunded: 0, retryLater: 0, gaveUp: 0, errors: 0 });
    } finally {
      stack.setClockOffset(0);
    }
    expect(await stack.storedBooking(expired.id)).toEqual(resolved);
    expect(await stack.ledger(expired.id)).toEqual([]);
  });

  it('paid before the retry: the late payment is refunded once and the marker cleared', async () => {
    const expired = await expiredWithFailedCancel(1);
    const clientSecret = (await stack.deps.stripe.paymentIntents.retrieve(expired.paymentIntentId!)).client_secret!;
    // The customer still had the checkout open: the payment succeeds, its webhook refunds it (booking EXPIRED).
    expect((await payLikeStripeJs(stack, clientSecret)).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    const refundId = (await stack.storedBooking(expired.id)).latePaymentRefundId;
    expect(refundId).toMatch(/^re_/);

    stack.setClockOffset(HOLD_MS + 1_000 + INTENT_CANCEL_RETRY_BASE_MS + 1_000);
    try {
      expect(await retryPendingIntentCancels(stack.deps)).toMatchObject({ paidAndRefunded: 1, errors: 0 });
    } finally {
      stack.setClockOffset(0);
    }
    const after = await stack.storedBooking(expired.id);
    expect(after).toMatchObject({ status: 'EXPIRED', latePaymentRefundId: refundId, intentCancelAttempts: 2 });
    expect(after.intentCancelStatus).toBeUndefined();
    expect((await stack.deps.stripe.refunds.list({ payment_intent: expired.paymentIntentId! })).data).toHaveLength(1);
    expect((await stack.ledger(expired.id)).map((l) => l.type).sort()).toEqual([
      'CHARGE',
      'FEE_REFUND',
      'PLATFORM_FEE',
      'PROVIDER_EARNING',
      'REFUND',
    ]);
  });

  it('counts each failed attempt, waits twice as long each time, and gives up after the last one, visibly', async () => {
    const expired = await expiredWithFailedCancel(2);
    await failCancels(expired.paymentIntentId!);
    const waits: number[] = [];
    try {
      for (let attempt = 2; attempt <= INTENT_CANCEL_MAX_ATTEMPTS; attempt++) {
        const before = await stack.storedBooking(expired.id);
        waits.push(Date.parse(before.intentCancelRetryAt!) - Date.parse(before.updatedAt));
        stack.setClockOffset(Date.parse(before.intentCancelRetryAt!) - Date.now() + 1_000);
        const r = await retryPendingIntentCancels(stack.deps);
        expect(r).toMatchObject(attempt < INTENT_CANCEL_MAX_ATTEMPTS ? { retryLater: 1 } : { gaveUp: 1 });
        expect((await stack.storedBooking(expired.id)).intentCancelAttempts).toBe(attempt);
      }
    } finally {
      stack.setClockOffset(0);
      await clearFaults();
    }
    expect(waits).toEqual(waits.map((_, i) => INTENT_CANCEL_RETRY_BASE_MS * 2 ** i));
    const gaveUp = await stack.storedBooking(expired.id);
    expect(gaveUp).toMatchObject({
      intentCancelStatus: 'GAVE_UP',
      paymentIntentCancelFailed: true,
      intentCancelAttempts: INTENT_CANCEL_MAX_ATTEMPTS,
    });
    expect(gaveUp.intentCancelLastError).toBeTruthy();
    expect(gaveUp.intentCancelRetryAt).toBeUndefined();
    expect(await pendingInIndex()).not.toContain(expired.id);
    // Later runs leave it to an admin.
    stack.setClockOffset(30 * 86_400_000);
    try {
      expect(await retryPendingIntentCancels(stack.deps)).toMatchObject({ retryLater: 0, gaveUp: 0, canceled: 0 });
    } finally {
      stack.setClockOffset(0);
    }
    expect((await stack.storedBooking(expired.id)).intentCancelAttempts).toBe(INTENT_CANCEL_MAX_ATTEMPTS);
  });
});
