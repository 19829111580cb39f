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

describe('customers and saved cards', () => {
  it('creates a customer, attaches, lists, defaults and detaches cards', async () => {
    const customer = await h.stripe.customers.create({ email: 'jane@example.com', name: 'Jane', metadata: { userId: 'u_9' } });
    expect(customer).toMatchObject({ object: 'customer', email: 'jane@example.com', name: 'Jane', metadata: { userId: 'u_9' } });
    const pm = await h.stripe.paymentMethods.create({
      type: 'card',
      card: { number: '5555555555554444', exp_month: 4, exp_year: 2031, cvc: '123' },
    });
    const attached = await h.stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    expect(attached.customer).toBe(customer.id);
    const updated = await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    expect(updated.invoice_settings.default_payment_method).toBe(pm.id);
    const listed = await h.stripe.customers.listPaymentMethods(customer.id);
    expect(listed.data.map((p) => p.id)).toEqual([pm.id]);
    expect(listed.data[0]?.card?.brand).toBe('mastercard');
    const pi = await h.stripe.paymentIntents.create({
      amount: 1_500,
      currency: 'usd',
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
    });
    expect(pi.status).toBe('succeeded');
    expect((await h.stripe.charges.retrieve(pi.latest_charge as string)).customer).toBe(customer.id);
    const detached = await h.stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    expect((await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      invoice_settings: { default_payment_method: null },
    });
    await expect(h.stripe.paymentMethods.detach(pm.id)).rejects.toMatchObject({ code: 'payment_method_unexpected_state' });
    const del = await h.stripe.customers.del(customer.id);
    expect(del.deleted).toBe(true);
    await expect(h.stripe.customers.retrieve(customer.id)).rejects.toMatchObject({ code: 'resource_missing' });
  });

  it('rejects an invalid card number with a card error', async () => {
    const err = await h.stripe.paymentMethods
      .create({ type: 'card', card: { number: '4242424242424241', exp_month: 4, exp_year: 2031 } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((err as Stripe.errors.StripeCardError).code).toBe('incorrect_number');
  });
});

describe('disputes (4000000000000259)', () => {
  it('opens a dispute that withdraws the amount plus the fee, and returns it when won', async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 5_000,
      currency: 'usd',
      payment_method: 'pm_card_createDispute',
      confirm: true,
    });
    expect(pi.status).toBe('succeeded');
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.disputed).toBe(true);
    const disputes = await h.stripe.disputes.list({ charge: charge.id });
    const dispute = disputes.data[0] as Stripe.Dispute;
    expect(dispute).toMatchObject({ amount: 5_000, status: 'needs_response', reason: 'fraudulent', payment_intent: pi.id });
    expect(dispute.balance_transactions[0]).toMatchObject({ amount: -5_000, fee: 1_500, net: -6_500 });
    const created = await h.stripe.events.list({ type: 'charge.dispute.created', limit: 1 });
    expect((created.data[0]?.data.object as Stripe.Dispute).id).toBe(dispute.id);
    await expect(h.stripe.refunds.create({ charge: charge.id })).rejects.toMatchObject({ code: 'charge_disputed' });

    const won = await h.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    expect(won.status).toBe('won');
    expect(won.balance_transactions.map((b) => b.net)).toEqual([-6_500, 5_000]);
  });

  it('closing a dispute accepts the loss', async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 2_000,
      currency: 'usd',
      payment_method: 'pm_card_createDispute',
      confirm: true,
    });
    const dispute = (await h.stripe.disputes.list({ payment_intent: pi.id })).data[0] as Stripe.Dispute;
    const closed = await h.stripe.disputes.close(dispute.id);
    expect(closed.status).toBe('lost');
    await expect(h.stripe.disputes.close(dispute.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});
