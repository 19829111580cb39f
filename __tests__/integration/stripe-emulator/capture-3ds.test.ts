import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.close();
});

describe('manual capture and cancel', () => {
  it('authorizes, then captures part of the amount', async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 10_000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(pi.status).toBe('requires_capture');
    expect(pi.amount_capturable).toBe(10_000);
    const auth = await h.stripe.charges.retrieve(pi.latest_charge as string);
    expect(auth.captured).toBe(false);
    expect(auth.balance_transaction).toBeNull();

    const captured = await h.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 7_500 });
    expect(captured.status).toBe('succeeded');
    expect(captured.amount_received).toBe(7_500);
    expect(captured.amount_capturable).toBe(0);
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] });
    expect(charge).toMatchObject({ captured: true, amount_captured: 7_500, amount_refunded: 2_500, refunded: false });
    const bt = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(bt).toMatchObject({ amount: 7_500, fee: 248, net: 7_252, type: 'charge', status: 'pending' }); // 2.9% of 7500 = 217.5 → 218, + 30

    await expect(h.stripe.paymentIntents.capture(pi.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('refuses to capture more than authorized', async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 1_000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    await expect(h.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1_001 })).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });

  it('cancels an authorization and releases it', async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 3_000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const canceled = await h.stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
    expect(canceled.canceled_at).toBeGreaterThan(0);
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ captured: false, refunded: true, amount_refunded: 3_000 });
  });

  it('cancels an unpaid PaymentIntent but not a succeeded one', async () => {
    const open = await h.stripe.paymentIntents.create({ amount: 3_000, currency: 'usd' });
    expect((await h.stripe.paymentIntents.cancel(open.id)).status).toBe('canceled');
    await expect(h.stripe.paymentIntents.confirm(open.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
    });
    const paid = await h.stripe.paymentIntents.create({ amount: 3_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const err = (await h.stripe.paymentIntents.cancel(paid.id).catch((e: unknown) => e)) as Stripe.errors.StripeInvalidRequestError;
    expect(err.code).toBe('payment_intent_unexpected_state');
    expect(err.message).toMatch(/status of succeeded/);
  });
});

describe('3D Secure (4000002500003155)', () => {
  async function requireAction(): Promise<Stripe.PaymentIntent> {
    const pm = await h.stripe.paymentMethods.create({
      type: 'card',
      card: { number: '4000002500003155', exp_month: 12, exp_year: 2034, cvc: '123' },
    });
    const pi = await h.stripe.paymentIntents.create({ amount: 4_000, currency: 'usd' });
    const confirmed = await h.stripe.paymentIntents.confirm(pi.id, {
      payment_method: pm.id,
      return_url: 'http://localhost:3000/checkout/done',
    });
    expect(confirmed.status).toBe('requires_action');
    expect(confirmed.next_action?.type).toBe('redirect_to_url');
    return confirmed;
  }

  it('completes authentication on the emulator page and redirects to return_url', async () => {
    const pi = await requireAction();
    const url = pi.next_action?.redirect_to_url?.url as string;
    const page = await fetch(url);
    const html = await page.text();
    expect(html).toContain('Complete authentication');
    expect(html).toContain('Fail authentication');
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ action: 'complete' }), redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') as string);
    expect(location.origin + location.pathname).toBe('http://localhost:3000/checkout/done');
    expect(location.searchParams.get('payment_intent')).toBe(pi.id);
    expect(location.searchParams.get('redirect_status')).toBe('succeeded');
    const after = await h.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe('succeeded');
    expect(after.latest_charge).toMatch(/^ch_/);
  });

  it('fails authentication', async () => {
    const pi = await requireAction();
    const res = await fetch(pi.next_action?.redirect_to_url?.url as string, {
      method: 'POST',
      body: new URLSearchParams({ action: 'fail' }),
      redirect: 'manual',
    });
    expect(new URL(res.headers.get('location') as string).searchParams.get('redirect_status')).toBe('failed');
    const after = await h.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error?.code).toBe('payment_intent_authentication_failure');
  });

  it('declines off-session payments that need authentication', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 4_000, currency: 'usd' });
    const err = (await h.stripe.paymentIntents
      .confirm(pi.id, { payment_method: 'pm_card_threeDSecureRequired', off_session: true })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err.code).toBe('authentication_required');
  });
});
