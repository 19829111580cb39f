import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessRefundResult } from '../../../lib/http/refund-processor';
import { startTestStack, type TestStack } from '../support/local-stack';
import { deliver, eventsOf } from '../customers/support';
import {
  adminToken,
  applyCode,
  codeName,
  createCode,
  ledgerOf,
  newCustomer,
  pay,
  storedBooking,
  storedCode,
  unpaidBooking,
} from './support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('promo-bookings');
});
afterAll(async () => stack?.close());

async function refund<T>(action: string, payload: object) {
  const res = await stack.functions['refund-processor']({ action, payload, token: adminToken(stack) });
  return { status: res.statusCode, body: JSON.parse(res.body) as T & { code?: string; details?: Record<string, unknown> } };
}

describe('a promotion code at a booking’s checkout (the platform bears the discount)', () => {
  it('percent off: the PaymentIntent is for the discounted amount, the ledger books the DISCOUNT and balances; a duplicate webhook changes nothing', async () => {
    const code = await createCode(stack, { code: codeName('spring'), percentOff: 5 });
    const customer = newCustomer(stack, 'percent');
    const created = await unpaidBooking(stack, customer.token);
    const applied = await applyCode(stack, customer.token, created.bookingId, code.code.toLowerCase());
    expect(applied.status).toBe(200);
    expect(applied.body.booking.pricing).toMatchObject({
      listPriceCents: 12_000,
      discountCents: 600,
      totalAmountCents: 11_400,
      platformFeeCents: 360,
      providerEarningsCents: 11_040,
      promotionCode: code.code,
    });
    const pi = await stack.deps.stripe.paymentIntents.retrieve(created.clientSecret.split('_secret_')[0]!);
    expect(pi.amount).toBe(11_400);
    // the same code again on the same booking (a retry): no second redemption, the same price
    const retry = await applyCode(stack, customer.token, created.bookingId, code.code);
    expect(retry.status).toBe(200);
    expect(retry.body.booking.pricing.totalAmountCents).toBe(11_400);
    expect((await storedCode(stack, code.code)).redemptionCount).toBe(1);

    await pay(stack, created.clientSecret);
    expect((await storedBooking(stack, created.bookingId)).status).toBe('CONFIRMED');
    const { byType, flow, lines } = await ledgerOf(stack, created.bookingId);
    expect(byType).toEqual({ CHARGE: 11_400, DISCOUNT: 600, PLATFORM_FEE: 960, PROVIDER_EARNING: 11_040 });
    expect(flow).toMatchObject({ balanced: true, platformNetCents: 360, providerNetCents: 11_040, discountCents: 600 });
    expect((await storedCode(stack, code.code)).redemptionCount).toBe(1);

    // payment_intent.succeeded again, re-sent under a new id: no second line, the booking unchanged
    const [succeeded] = await eventsOf(stack, 'payment_intent.succeeded', (o) => o.id === pi.id);
    const again = await deliver(stack, succeeded!, `${succeeded!.id}_again`);
    expect(again.status).toBe(200);
    expect((await ledgerOf(stack, created.bookingId)).lines).toHaveLength(lines.length);
    expect((await storedBooking(stack, created.bookingId)).totalAmountCents).toBe(11_400);
  });

  it('amount off: the refund gives back what was charged, never the list price; fee and provider nets end at zero', async () => {
    const code = await createCode(stack, { code: codeName('five'), amountOffCents: 500, currency: 'usd' });
    const customer = newCustomer(stack, 'amount');
    const created = await unpaidBooking(stack, customer.token);
    expect((await applyCode(stack, customer.token, created.bookingId, code.code)).status).toBe(200);
    await pay(stack, created.clientSecret);
    expect((await ledgerOf(stack, created.bookingId)).byType).toEqual({
      CHARGE: 11_500,
      DISCOUNT: 500,
      PLATFORM_FEE: 960,
      PROVIDER_EARNING: 11_040,
    });

    const listPrice = await refund('PROCESS_REFUND', {
      bookingId: created.bookingId,
      refundAmount: 12_000,
      reason: 'list price',
      requestId: 'req-promo-list-price',
    });
    expect(listPrice.status).toBe(400);
    expect(listPrice.body).toMatchObject({ code: 'REFUND_EXCEEDS_REFUNDABLE', details: { refundable: 11_500 } });

    const full = await refund<ProcessRefundResult>('PROCESS_REFUND', {
      bookingId: created.bookingId,
      refundAmount: 11_500,
      reason: 'customer_request',
      requestId: 'req-promo-full',
    });
    expect(full.status).toBe(200);
    expect(full.body.refund).toMatchObject({ refundCents: 11_500, platformFeeRefundCents: 460 });
    const stripeRefund = await stack.deps.stripe.refunds.retrieve(full.body.refund.stripeRefundId!);
    expect(stripeRefund.amount).toBe(11_500);
    await stack.emulator.flushWebhooks();
    const { flow } = await ledgerOf(stack, created.bookingId);
    expect(flow).toMatchObject({ balanced: true, refundedCents: 11_500, platformNetCents: 0, providerNetCents: 0 });
  });

  it('first-time only, once per customer, expiry and deactivation are refused in words; nothing is written', async () => {
    const firstTime = await createCode(stack, { code: codeName('welcome'), percentOff: 5, firstTimeOnly: true });
    const returning = newCustomer(stack, 'returning');
    const paidBefore = await unpaidBooking(stack, returning.token);
    await pay(stack, paidBefore.clientSecret);
    const next = await unpaidBooking(stack, returning.token);
    const refused = await applyCode(stack, returning.token, next.bookingId, firstTime.code);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { reason: 'NOT_FIRST_TIME' } });
    expect((await storedBooking(stack, next.bookingId)).totalAmountCents).toBe(12_000);

    const newcomer = newCustomer(stack, 'newcomer');
    const one = await unpaidBooking(stack, newcomer.token);
    expect((await applyCode(stack, newcomer.token, one.bookingId, firstTime.code)).status).toBe(200);
    const two = await unpaidBooking(stack, newcomer.token);
    const twice = await applyCode(stack, newcomer.token, two.bookingId, firstTime.code);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'CONFLICT', details: { reason: 'ALREADY_REDEEMED' } });
    expect((await storedCode(stack, firstTime.code)).redemptionCount).toBe(1);

    const expiring = await createCode(stack, {
      code: codeName('late'),
      percentOff: 5,
      expiresAt: new Date(Date.now() + 1_500).toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const expired = await applyCode(stack, newcomer.token, two.bookingId, expiring.code);
    expect(expired.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { reason: 'EXPIRED' } });

    const retired = await createCode(stack, { code: codeName('retired'), percentOff: 5 });
    const off = await stack.functions['stripe-connect']({
      action: 'ADMIN_DEACTIVATE_PROMOTION_CODE',
      payload: { code: retired.code },
      token: adminToken(stack),
    });
    expect(off.statusCode).toBe(200);
    const stripeCode = (await stack.deps.stripe.promotionCodes.list({ code: retired.code })).data[0];
    expect(stripeCode?.active).toBe(false);
    const inactive = await applyCode(stack, newcomer.token, two.bookingId, retired.code);
    expect(inactive.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { reason: 'INACTIVE' } });
    const unknown = await applyCode(stack, newcomer.token, two.bookingId, 'NO-SUCH-CODE');
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { reason: 'UNKNOWN' } });
    expect((await storedBooking(stack, two.bookingId)).promotionCode).toBeUndefined();
  });

  it('a use taken by a checkout that was abandoned (the unpaid booking cancelled) moves to the next booking, counted once', async () => {
    const code = await createCode(stack, { code: codeName('again'), percentOff: 5, maxRedemptions: 1 });
    const customer = newCustomer(stack, 'abandoner');
    const abandoned = await unpaidBooking(stack, customer.token);
    expect((await applyCode(stack, customer.token, abandoned.bookingId, code.code)).status).toBe(200);
    const cancelled = await stack.booking('CANCEL_BOOKING', { bookingId: abandoned.bookingId }, customer.token);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const ended = await storedBooking(stack, abandoned.bookingId);
    expect([ended.status, ended.confirmedAt]).toEqual(['CANCELLED', undefined]);
    const next = await unpaidBooking(stack, customer.token);
    const moved = await applyCode(stack, customer.token, next.bookingId, code.code);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.booking.pricing.totalAmountCents).toBe(11_400);
    expect((await storedCode(stack, code.code)).redemptionCount).toBe(1);
    // someone else finds the one use taken
    const other = newCustomer(stack, 'latecomer');
    const late = await unpaidBooking(stack, other.token);
    expect((await applyCode(stack, other.token, late.bookingId, code.code)).body).toMatchObject({ details: { reason: 'EXHAUSTED' } });
  });

  it('the last use of a limited code, redeemed by two customers at once: exactly one gets it', async () => {
    const code = await createCode(stack, { code: codeName('limited'), amountOffCents: 300, currency: 'usd', maxRedemptions: 2 });
    const first = newCustomer(stack, 'first');
    const firstBooking = await unpaidBooking(stack, first.token);
    expect((await applyCode(stack, first.token, firstBooking.bookingId, code.code)).status).toBe(200);

    const racers = [newCustomer(stack, 'racer-a'), newCustomer(stack, 'racer-b')];
    const bookings = [await unpaidBooking(stack, racers[0]!.token), await unpaidBooking(stack, racers[1]!.token)];
    const results = await Promise.all(racers.map((r, i) => applyCode(stack, r.token, bookings[i]!.bookingId, code.code)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body).toMatchObject({ details: { reason: 'EXHAUSTED' } });
    expect((await storedCode(stack, code.code)).redemptionCount).toBe(2);
    const totals = await Promise.all(bookings.map(async (b) => (await storedBooking(stack, b.bookingId)).totalAmountCents));
    expect(totals.sort()).toEqual([11_700, 12_000]);
  });
});
