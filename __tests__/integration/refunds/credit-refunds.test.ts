/**
 * Refunds of bookings paid with credits (DynamoDB Local + the emulator): the refund splits between the card (a
 * Stripe refund on the booking's PaymentIntent) and the credits (back on the customer's balance with a
 * CREDIT_RETURN line), in proportion to how the booking was paid; credits come back once however the request is
 * repeated; a booking paid fully with credits has no charge: credits only. The ledger balances throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import type { ProcessRefundResult, RefundCalculation } from '../../../lib/http/refund-processor';
import { balanceOf, buyPackage, creditTransactions, newUser, payCheckout } from '../customers/support';
import { confirmLikeStripeJs, firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';
import { CLEANING, expectLedgerAgreesWithStripe, PORTRAIT, refundCall, storedBooking, tokens } from './support';

let stack: TestStack;
let t: ReturnType<typeof tokens>;
let customer: ReturnType<typeof newUser>;
let slotCursor = 0;

beforeAll(async () => {
  stack = await startTestStack('credit-refunds');
  t = tokens(stack);
  customer = newUser(stack, 'credit_refunds');
  for (let i = 0; i < 2; i++) {
    const bought = await buyPackage(stack, customer.token, 'pkg_value'); // 20,000 credits each
    await payCheckout(bought.checkoutUrl);
  }
  await stack.emulator.flushWebhooks();
  expect(await balanceOf(stack, customer.userId)).toBe(40_000);
});
afterAll(async () => stack?.close());

/** A CONFIRMED booking of `customer` paid with `credits` (the card, if any, pays the rest). */
async function creditBooking(serviceId: string, credits: number | 'max') {
  for (let attempt = 0; attempt < 10; attempt++) {
    const slot = await firstFreeSlot(stack, serviceId, slotCursor++ % 5);
    const created = await stack.booking<BookingResponses['CREATE_BOOKING']>(
      'CREATE_BOOKING',
      { serviceId, startDateTime: slot.startDateTime, endDateTime: slot.endDateTime, groupSize: 1, credits },
      customer.token,
    );
    if (created.status !== 200) continue;
    if (created.body.clientSecret) {
      const paid = await confirmLikeStripeJs(stack.emulator.url, created.body.clientSecret, '4000000000000077');
      expect(paid.body.status).toBe('succeeded');
      await stack.emulator.flushWebhooks();
    }
    const booking = await storedBooking(stack, created.body.bookingId);
    expect(booking.status).toBe('CONFIRMED');
    return booking;
  }
  throw new Error('could not book a slot');
}

const cardRefunds = async (paymentIntentId: string | undefined) =>
  paymentIntentId ? (await stack.deps.stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })).data : [];
const spendReturns = async (bookingId: string) =>
  (await creditTransactions(stack, customer.userId)).filter((c) => c.type === 'SPEND_RETURN' && c.bookingId === bookingId);

describe('a booking paid fully with credits', () => {
  it('an admin refund gives the credits back once, with no Stripe call, even when the request comes four times at once', async () => {
    const booking = await creditBooking(CLEANING, 'max'); // 8,999 credits
    expect(booking).toMatchObject({ creditsAppliedCents: 8_999 });
    const before = await balanceOf(stack, customer.userId);

    const preview = await refundCall<RefundCalculation>(stack, 'CALCULATE_REFUND', { bookingId: booking.id, refundAmount: 8_999 }, t.admin);
    expect(preview.body).toMatchObject({ refundCents: 8_999, cardRefundCents: 0, creditsReturned: 8_999, platformFeeRefundCents: 720 });

    const payload = { bookingId: booking.id, refundAmount: 8_999, reason: 'provider unavailable', requestId: 'credit-full-1' };
    const calls = await Promise.all([1, 2, 3, 4].map(() => refundCall<ProcessRefundResult>(stack, 'PROCESS_REFUND', payload, t.admin)));
    for (const c of calls) expect([200, 409], JSON.stringify(c.body)).toContain(c.status);
    const ok = calls.filter((c) => c.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const c of ok)
      expect(c.body.refund).toMatchObject({ refundCents: 8_999, cardRefundCents: 0, creditsReturned: 8_999, stripeRefundId: '' });

    const repeat = await refundCall<ProcessRefundResult>(stack, 'PROCESS_REFUND', payload, t.admin);
    expect(repeat.body.replayed).toBe(true);

    expect(await balanceOf(stack, customer.userId)).toBe(before + 8_999);
    expect((await spendReturns(booking.id)).map((c) => c.credits)).toEqual([8_999]);
    const { booking: stored, flow, lines } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(stored).toMatchObject({ refundedCents: 8_999, creditsReturnedCents: 8_999, status: 'CONFIRMED' });
    expect(lines.filter((l) => l.type === 'REFUND')).toEqual([]);
    expect(lines.filter((l) => l.type === 'CREDIT_RETURN').map((l) => l.amountCents)).toEqual([8_999]);
    expect(flow).toMatchObject({ refundedCents: 8_999, creditsReturnedCents: 8_999, platformNetCents: 0, providerNetCents: 0 });

    const more = await refundCall(stack, 'PROCESS_REFUND', { ...payload, refundAmount: 1, requestId: 'credit-full-2' }, t.admin);
    expect(more).toMatchObject({ status: 400, body: { code: 'REFUND_EXCEEDS_REFUNDABLE' } });
  });

  it('the customer cancels: the policy amount comes back as credits, once', async () => {
    const booking = await creditBooking(CLEANING, 'max');
    const before = await balanceOf(stack, customer.userId);
    const preview = await refundCall<RefundCalculation>(stack, 'CALCULATE_REFUND', { bookingId: booking.id }, customer.token);
    expect(preview.status).toBe(200);
    expect(preview.body.refundCents).toBeGreaterThan(0);
    expect(preview.body.cardRefundCents).toBe(0);
    expect(preview.body.creditsReturned).toBe(preview.body.refundCents);

    const calls = await Promise.all(
      [1, 2, 3].map(() => stack.booking<ProcessRefundResult>('CANCEL_PAID_BOOKING', { bookingId: booking.id }, customer.token)),
    );
    for (const c of calls) expect([200, 409], JSON.stringify(c.body)).toContain(c.status);
    expect((await storedBooking(stack, booking.id)).status).toBe('CANCELLED');
    expect(await balanceOf(stack, customer.userId)).toBe(before + preview.body.refundCents);
    expect((await spendReturns(booking.id)).map((c) => c.credits)).toEqual(preview.body.refundCents > 0 ? [preview.body.refundCents] : []);
    await expectLedgerAgreesWithStripe(stack, booking.id);
  });
});

describe('a booking paid partly with credits', () => {
  it('admin refunds split in proportion between card and credits; the last one settles both exactly', async () => {
    const booking = await creditBooking(PORTRAIT, 5_000); // $120.00: 5,000 credits + $70.00 card
    const before = await balanceOf(stack, customer.userId);

    const half = await refundCall<ProcessRefundResult>(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 6_000, reason: 'half', requestId: 'credit-part-1' },
      t.admin,
    );
    expect(half.status, JSON.stringify(half.body)).toBe(200);
    expect(half.body.refund).toMatchObject({
      refundCents: 6_000,
      creditsReturned: 2_500,
      cardRefundCents: 3_500,
      platformFeeRefundCents: 480,
    });
    expect((await cardRefunds(booking.paymentIntentId)).map((r) => r.amount)).toEqual([3_500]);
    expect(await balanceOf(stack, customer.userId)).toBe(before + 2_500);
    await expectLedgerAgreesWithStripe(stack, booking.id);

    // A duplicate of the first request changes nothing.
    const dup = await refundCall<ProcessRefundResult>(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 6_000, reason: 'half', requestId: 'credit-part-1' },
      t.admin,
    );
    expect(dup.body.replayed).toBe(true);

    const rest = await refundCall<ProcessRefundResult>(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 6_000, reason: 'rest', requestId: 'credit-part-2' },
      t.admin,
    );
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(rest.body.refund).toMatchObject({ creditsReturned: 2_500, cardRefundCents: 3_500, platformFeeRefundCents: 480 });
    expect((await cardRefunds(booking.paymentIntentId)).reduce((s, r) => s + r.amount, 0)).toBe(7_000);
    expect(await balanceOf(stack, customer.userId)).toBe(before + 5_000);
    expect((await spendReturns(booking.id)).map((c) => c.credits).sort()).toEqual([2_500, 2_500]);
    const { flow, booking: stored } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(stored).toMatchObject({ refundedCents: 12_000, creditsReturnedCents: 5_000 });
    expect(flow).toMatchObject({ cardRefundedCents: 7_000, creditsReturnedCents: 5_000, platformNetCents: 0, providerNetCents: 0 });
  });

  it('the customer cancels (three times at once): card part refunded in the emulator, credits returned once, CANCELLED', async () => {
    const booking = await creditBooking(CLEANING, 3_000); // $89.99: 3,000 credits + $59.99 card
    const before = await balanceOf(stack, customer.userId);
    const preview = await refundCall<RefundCalculation>(stack, 'CALCULATE_REFUND', { bookingId: booking.id }, customer.token);
    expect(preview.status).toBe(200);
    const { refundCents, cardRefundCents, creditsReturned } = preview.body;
    expect(refundCents).toBeGreaterThan(0); // FLEXIBLE: half or all of it, depending on the slot
    expect(cardRefundCents + creditsReturned).toBe(refundCents);

    const calls = await Promise.all(
      [1, 2, 3].map(() => stack.booking<ProcessRefundResult>('CANCEL_PAID_BOOKING', { bookingId: booking.id }, customer.token)),
    );
    for (const c of calls) expect([200, 409], JSON.stringify(c.body)).toContain(c.status);
    const ok = calls.find((c) => c.status === 200)!;
    expect(ok.body.refund).toMatchObject({ refundCents, cardRefundCents, creditsReturned });

    expect((await storedBooking(stack, booking.id)).status).toBe('CANCELLED');
    expect((await cardRefunds(booking.paymentIntentId)).map((r) => r.amount)).toEqual(cardRefundCents > 0 ? [cardRefundCents] : []);
    expect(await balanceOf(stack, customer.userId)).toBe(before + creditsReturned);
    expect((await spendReturns(booking.id)).map((c) => c.credits)).toEqual(creditsReturned > 0 ? [creditsReturned] : []);
    await expectLedgerAgreesWithStripe(stack, booking.id);

    // Cancelling again is refused (already cancelled), and changes nothing.
    const again = await stack.booking('CANCEL_PAID_BOOKING', { bookingId: booking.id }, customer.token);
    expect([200, 400, 409]).toContain(again.status);
    expect(await balanceOf(stack, customer.userId)).toBe(before + creditsReturned);
  });

  it('the provider cancels: everything comes back, card and credits, once', async () => {
    const booking = await creditBooking(PORTRAIT, 2_000); // 2,000 credits + $100.00 card
    const before = await balanceOf(stack, customer.userId);
    const calls = await Promise.all(
      [1, 2].map(() => stack.booking<ProcessRefundResult>('CANCEL_PAID_BOOKING', { bookingId: booking.id }, t.provider)),
    );
    for (const c of calls) expect([200, 409], JSON.stringify(c.body)).toContain(c.status);
    expect(calls.find((c) => c.status === 200)!.body.refund).toMatchObject({
      refundCents: 12_000,
      cardRefundCents: 10_000,
      creditsReturned: 2_000,
    });
    expect((await storedBooking(stack, booking.id)).status).toBe('CANCELLED');
    expect((await cardRefunds(booking.paymentIntentId)).map((r) => r.amount)).toEqual([10_000]);
    expect(await balanceOf(stack, customer.userId)).toBe(before + 2_000);
    const { flow } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(flow).toMatchObject({ refundedCents: 12_000, platformNetCents: 0, providerNetCents: 0 });
  });
});
