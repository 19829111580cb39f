/**
 * Who may see and act on a booking, through the one access policy: GET_BOOKING for its customer, its provider and
 * admins (the client secret only to the customer, who alone pays); CONFIRM_BOOKING for the customer only; anyone
 * else gets 404, as if the booking did not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooking, payLikeStripeJs, PORTRAIT, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';

let stack: LifecycleStack;

beforeAll(async () => {
  stack = await startLifecycleStack('access');
});
afterAll(async () => stack?.close());

type View = { booking: { id: string; status: string; clientSecret?: string } };

describe('GET_BOOKING and CONFIRM_BOOKING', () => {
  it('GET_BOOKING: the customer (with the client secret), the provider and an admin (without it); others 404', async () => {
    const { bookingId, clientSecret } = await createBooking(stack, PORTRAIT, 0);
    const stranger = stack.tokenFor('user_stranger', 'stranger@example.com');

    const mine = await stack.booking<View>('GET_BOOKING', { bookingId }, stack.customerToken);
    expect(mine).toMatchObject({ status: 200, body: { booking: { id: bookingId, status: 'PENDING_PAYMENT', clientSecret } } });
    for (const token of [stack.providerToken, stack.adminToken]) {
      const seen = await stack.booking<View>('GET_BOOKING', { bookingId }, token);
      expect(seen).toMatchObject({ status: 200, body: { booking: { id: bookingId } } });
      expect(seen.body.booking.clientSecret).toBeUndefined();
    }
    expect(await stack.booking('GET_BOOKING', { bookingId }, stranger)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    await stack.booking('CANCEL_BOOKING', { bookingId }, stack.customerToken);
  });

  it('CONFIRM_BOOKING: the customer only (provider and admin 403, others 404); repeating it changes nothing', async () => {
    const { bookingId, clientSecret } = await createBooking(stack, PORTRAIT, 1);
    await stack.helper('webhooks/pause');
    try {
      expect((await payLikeStripeJs(stack, clientSecret)).body.status).toBe('succeeded');
      expect(await stack.booking('CONFIRM_BOOKING', { bookingId }, stack.providerToken)).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
      expect(await stack.booking('CONFIRM_BOOKING', { bookingId }, stack.adminToken)).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
      expect(await stack.booking('CONFIRM_BOOKING', { bookingId }, stack.tokenFor('user_stranger', 's@example.com'))).toMatchObject({
        status: 404,
        body: { code: 'NOT_FOUND' },
      });
      // None of the refused calls reconciled the booking with its (paid) PaymentIntent.
      expect((await stack.storedBooking(bookingId)).status).toBe('PENDING_PAYMENT');

      const confirmed = await stack.booking<View>('CONFIRM_BOOKING', { bookingId }, stack.customerToken);
      expect(confirmed).toMatchObject({ status: 200, body: { booking: { status: 'CONFIRMED' } } });
      const stored = await stack.storedBooking(bookingId);
      const again = await stack.booking<View>('CONFIRM_BOOKING', { bookingId }, stack.customerToken);
      expect(again).toMatchObject({ status: 200, body: { booking: { status: 'CONFIRMED' } } });
      expect(await stack.storedBooking(bookingId)).toEqual(stored);
    } finally {
      await stack.helper('webhooks/resume');
    }
    await stack.emulator.flushWebhooks();
    expect((await stack.ledger(bookingId)).map((l) => l.type).sort()).toEqual(['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING']);
  });
});
