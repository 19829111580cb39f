/**
 * GET_BOOKING_RECEIPT: the customer's price breakdown of a paid booking and the card charge's Stripe receipt
 * (from the Payment record); nothing for an unpaid booking; no one else's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingReceiptView } from '../../../lib/http/booking-processor';
import { createBooking, paidBooking, PORTRAIT, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';

let stack: LifecycleStack;

beforeAll(async () => {
  stack = await startLifecycleStack('receipt');
});
afterAll(async () => stack?.close());

const receipt = (bookingId: string, token?: string) =>
  stack.booking<{ receipt: BookingReceiptView }>('GET_BOOKING_RECEIPT', { bookingId }, token);

describe('GET_BOOKING_RECEIPT', () => {
  it('gives the paid booking’s breakdown and the charge’s receipt URL, to its customer and admins only', async () => {
    const { bookingId } = await paidBooking(stack, PORTRAIT, 0);
    const booking = await stack.storedBooking(bookingId);
    const charge = await stack.deps.stripe.charges.retrieve(booking.chargeId!);
    expect(charge.receipt_url).toBeTruthy();

    const mine = await receipt(bookingId, stack.customerToken);
    expect(mine.status).toBe(200);
    expect(mine.body.receipt).toEqual({
      bookingId,
      paid: true,
      paidAt: booking.confirmedAt,
      currency: 'usd',
      totalAmountCents: 12_000,
      creditsAppliedCents: 0,
      cardAmountCents: 12_000,
      refundedCents: 0,
      receiptUrl: charge.receipt_url,
    });
    expect((await receipt(bookingId, stack.adminToken)).body.receipt.receiptUrl).toBe(charge.receipt_url);

    // The provider sees the booking, not the customer's card receipt: 403 (a party refused), not 404.
    expect(await receipt(bookingId, stack.providerToken)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await receipt(bookingId, stack.tokenFor('user_someone', 'someone@example.com'))).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect((await receipt(bookingId)).status).toBe(401);
    expect(await stack.booking('GET_BOOKING_RECEIPT', {}, stack.customerToken)).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
  });

  it('says an unpaid booking is not paid, without a receipt', async () => {
    const { bookingId } = await createBooking(stack, PORTRAIT, 1);
    const res = await receipt(bookingId, stack.customerToken);
    expect(res.status).toBe(200);
    expect(res.body.receipt).toMatchObject({ paid: false, totalAmountCents: 12_000, cardAmountCents: 12_000 });
    expect(res.body.receipt.receiptUrl).toBeUndefined();
    expect(res.body.receipt.paidAt).toBeUndefined();
  });
});
