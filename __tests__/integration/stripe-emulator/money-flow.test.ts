import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helper, startHarness, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ availabilityDelaySeconds: 2 * 86400, payoutDelaySeconds: 86400 });
});
afterAll(async () => {
  await h.emulator.close();
});

const DAY = 86400;

async function provider(): Promise<Stripe.Account> {
  const a = await h.stripe.accounts.create({
    type: 'express',
    country: 'US',
    email: 'pro@example.com',
    capabilities: { transfers: { requested: true } },
  });
  await helper(h.emulator, `/_emulator/accounts/${a.id}/complete_onboarding`);
  return a;
}

interface Totals {
  available: number;
  pending: number;
}
async function balance(account?: string): Promise<Totals> {
  const b = await h.stripe.balance.retrieve({}, account ? { stripeAccount: account } : {});
  const sum = (rows: { amount: number; currency: string }[]) => rows.filter((r) => r.currency === 'usd').reduce((s, r) => s + r.amount, 0);
  return { available: sum(b.available), pending: sum(b.pending) };
}
const total = (t: Totals) => t.available + t.pending;

async function pay(amount: number, group: string, pm = 'pm_card_visa'): Promise<Stripe.Charge> {
  const pi = await h.stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    transfer_group: group,
    metadata: { bookingId: group },
    payment_method: pm,
    confirm: true,
  });
  return h.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] });
}

describe('separate charges and transfers (the marketplace flow)', () => {
  it('moves money from charge to provider to bank, conserving every cent', async () => {
    const before = total(await balance());
    const acct = await provider();
    const charge = await pay(10_000, 'bk_flow');
    const chargeBt = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(chargeBt).toMatchObject({ amount: 10_000, fee: 320, net: 9_680, status: 'pending', type: 'charge', source: charge.id });
    expect(chargeBt.available_on - chargeBt.created).toBe(2 * DAY);

    const transfer = await h.stripe.transfers.create(
      {
        amount: 9_200,
        currency: 'usd',
        destination: acct.id,
        source_transaction: charge.id,
        transfer_group: 'bk_flow',
        metadata: { bookingId: 'bk_flow' },
      },
      { idempotencyKey: 'booking:bk_flow:transfer' },
    );
    expect(transfer).toMatchObject({
      amount: 9_200,
      destination: acct.id,
      source_transaction: charge.id,
      transfer_group: 'bk_flow',
      reversed: false,
    });
    expect(transfer.destination_payment).toMatch(/^py_/);
    const replay = await h.stripe.transfers.create(
      {
        amount: 9_200,
        currency: 'usd',
        destination: acct.id,
        source_transaction: charge.id,
        transfer_group: 'bk_flow',
        metadata: { bookingId: 'bk_flow' },
      },
      { idempotencyKey: 'booking:bk_flow:transfer' },
    );
    expect(replay.id).toBe(transfer.id);
    await expect(
      h.stripe.transfers.create({ amount: 801, currency: 'usd', destination: acct.id, source_transaction: charge.id }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);

    expect(total(await balance()) - before).toBe(480);
    expect(await balance(acct.id)).toEqual({ available: 0, pending: 9_200 });

    // Funds are pending: no payout yet.
    const early = (await h.stripe.payouts
      .create({ amount: 100, currency: 'usd' }, { stripeAccount: acct.id })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(early).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(early.code).toBe('balance_insufficient');

    await h.emulator.advanceClock(2 * DAY);
    expect(await balance(acct.id)).toEqual({ available: 9_200, pending: 0 });

    const standard = await h.stripe.payouts.create({ amount: 5_000, currency: 'usd' }, { stripeAccount: acct.id });
    expect(standard).toMatchObject({ status: 'pending', method: 'standard', amount: 5_000 });
    const instant = await h.stripe.payouts.create({ amount: 1_000, currency: 'usd', method: 'instant' }, { stripeAccount: acct.id });
    expect(instant.method).toBe('instant');
    await h.emulator.advanceClock(0);
    expect((await h.stripe.payouts.retrieve(instant.id, {}, { stripeAccount: acct.id })).status).toBe('paid');
    expect((await h.stripe.payouts.retrieve(standard.id, {}, { stripeAccount: acct.id })).status).toBe('pending');
    await h.emulator.advanceClock(DAY);
    expect((await h.stripe.payouts.retrieve(standard.id, {}, { stripeAccount: acct.id })).status).toBe('paid');
    const paidEvents = await h.stripe.events.list({ type: 'payout.paid' }, { stripeAccount: acct.id });
    expect(paidEvents.data.map((e) => (e.data.object as Stripe.Payout).id).sort()).toEqual([instant.id, standard.id].sort());
    await expect(h.stripe.payouts.create({ amount: 3_201, currency: 'usd' }, { stripeAccount: acct.id })).rejects.toMatchObject({
      code: 'balance_insufficient',
    });

    // A partial refund after the transfer: refund the customer, reverse the provider's share.
    const refund = await h.stripe.refunds.create({ charge: charge.id, amount: 3_000 }, { idempotencyKey: 'booking:bk_flow:refund:1' });
    expect(refund).toMatchObject({ amount: 3_000, status: 'succeeded', charge: charge.id });
    const reversal = await h.stripe.transfers.createReversal(transfer.id, { amount: 2_760 });
    expect(reversal.amount).toBe(2_760);
    expect((await h.stripe.transfers.retrieve(transfer.id)).amount_reversed).toBe(2_760);
    const refunded = await h.stripe.charges.retrieve(charge.id);
    expect(refunded).toMatchObject({ amount_refunded: 3_000, refunded: false });

    const platform = total(await balance()) - before;
    const connected = await balance(acct.id);
    expect(platform).toBe(480 - 3_000 + 2_760);
    expect(total(connected)).toBe(9_200 - 6_000 - 2_760);
    // Conservation: what stays at Stripe plus what was paid out = charged − refunded − Stripe fees.
    expect(platform + total(connected) + 6_000).toBe(10_000 - 3_000 - 320);

    // Refunding the rest settles the remainder exactly; nothing more can be refunded.
    const rest = await h.stripe.refunds.create({ payment_intent: charge.payment_intent as string });
    expect(rest.amount).toBe(7_000);
    expect((await h.stripe.charges.retrieve(charge.id)).refunded).toBe(true);
    await expect(h.stripe.refunds.create({ charge: charge.id, amount: 1 })).rejects.toMatchObject({ code: 'charge_already_refunded' });
    const bts = await h.stripe.balanceTransactions.list({ limit: 100 }, { stripeAccount: acct.id });
    expect(bts.data.map((b) => b.type).sort()).toEqual(['payment', 'payment_refund', 'payout', 'payout'].sort());
  });

  it('refuses a transfer without available funds (no source_transaction)', async () => {
    const acct = await provider();
    await pay(1_000, 'bk_nofunds');
    const big = (await h.stripe.transfers
      .create({ amount: 10_000_000, currency: 'usd', destination: acct.id })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(big.code).toBe('balance_insufficient');
  });

  it('makes 4000000000000077 funds available at once', async () => {
    const before = await balance();
    const charge = await pay(2_000, 'bk_077', 'pm_card_bypassPending');
    expect((charge.balance_transaction as Stripe.BalanceTransaction).status).toBe('available');
    const after = await balance();
    expect(after.available - before.available).toBe(2_000 - 88); // 58 + 30
  });

  it('fails a payout when the bank rejects it, returning the funds', async () => {
    const acct = await provider();
    const charge = await pay(5_000, 'bk_fail', 'pm_card_bypassPending');
    await h.stripe.transfers.create({ amount: 4_000, currency: 'usd', destination: acct.id, source_transaction: charge.id });
    await helper(h.emulator, `/_emulator/accounts/${acct.id}/payout_failure`, { failure_code: 'account_closed' });
    const payout = await h.stripe.payouts.create({ amount: 4_000, currency: 'usd' }, { stripeAccount: acct.id });
    expect((await balance(acct.id)).available).toBe(0);
    await h.emulator.advanceClock(DAY);
    const failed = await h.stripe.payouts.retrieve(payout.id, {}, { stripeAccount: acct.id });
    expect(failed).toMatchObject({ status: 'failed', failure_code: 'account_closed' });
    expect((await balance(acct.id)).available).toBe(4_000);
    const events = await h.stripe.events.list({ type: 'payout.failed' }, { stripeAccount: acct.id });
    expect(events.data[0]?.account).toBe(acct.id);
  });

  it('cancels a pending standard payout', async () => {
    const acct = await provider();
    const charge = await pay(5_000, 'bk_cancel', 'pm_card_bypassPending');
    await h.stripe.transfers.create({ amount: 1_000, currency: 'usd', destination: acct.id, source_transaction: charge.id });
    const payout = await h.stripe.payouts.create({ amount: 1_000, currency: 'usd' }, { stripeAccount: acct.id });
    expect((await h.stripe.payouts.cancel(payout.id, {}, { stripeAccount: acct.id })).status).toBe('canceled');
    expect((await balance(acct.id)).available).toBe(1_000);
  });

  it('needs an onboarded account for transfers and payouts', async () => {
    const fresh = await h.stripe.accounts.create({ type: 'express', country: 'US', capabilities: { transfers: { requested: true } } });
    const charge = await pay(1_000, 'bk_fresh', 'pm_card_bypassPending');
    await expect(
      h.stripe.transfers.create({ amount: 500, currency: 'usd', destination: fresh.id, source_transaction: charge.id }),
    ).rejects.toMatchObject({
      code: 'insufficient_capabilities_for_transfer',
    });
    await expect(h.stripe.payouts.create({ amount: 1, currency: 'usd' }, { stripeAccount: fresh.id })).rejects.toMatchObject({
      code: 'payouts_not_allowed',
    });
  });
});

describe('destination charges', () => {
  it('refund with reverse_transfer and refund_application_fee splits proportionally and conserves money', async () => {
    const acct = await provider();
    const before = total(await balance());
    const pi = await h.stripe.paymentIntents.create({
      amount: 10_000,
      currency: 'usd',
      transfer_data: { destination: acct.id },
      application_fee_amount: 800,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.transfer).toMatch(/^tr_/);
    expect(charge.application_fee).toMatch(/^fee_/);
    expect(total(await balance()) - before).toBe(480);
    expect(total(await balance(acct.id))).toBe(9_200);

    const refund = await h.stripe.refunds.create({
      charge: charge.id,
      amount: 5_000,
      reverse_transfer: true,
      refund_application_fee: true,
    });
    expect(refund.transfer_reversal).toMatch(/^trr_/);
    const transfer = await h.stripe.transfers.retrieve(charge.transfer as string);
    expect(transfer.amount_reversed).toBe(5_000);
    const fee = await h.stripe.applicationFees.retrieve(charge.application_fee as string);
    expect(fee.amount_refunded).toBe(400);

    const platform = total(await balance()) - before;
    const connected = total(await balance(acct.id));
    expect(platform).toBe(80);
    expect(connected).toBe(4_600);
    expect(platform + connected).toBe(10_000 - 5_000 - 320);

    await h.stripe.refunds.create({ charge: charge.id, reverse_transfer: true, refund_application_fee: true });
    expect(total(await balance(acct.id))).toBe(0);
    expect(total(await balance()) - before).toBe(-320);
  });

  it('refunds an application fee through its own endpoint', async () => {
    const acct = await provider();
    const pi = await h.stripe.paymentIntents.create({
      amount: 4_000,
      currency: 'usd',
      transfer_data: { destination: acct.id },
      application_fee_amount: 400,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string);
    const before = total(await balance(acct.id));
    const refund = await h.stripe.applicationFees.createRefund(charge.application_fee as string, { amount: 150 });
    expect(refund).toMatchObject({ object: 'fee_refund', amount: 150, fee: charge.application_fee });
    expect(total(await balance(acct.id)) - before).toBe(150);
    const refunds = await h.stripe.applicationFees.listRefunds(charge.application_fee as string);
    expect(refunds.data.map((r) => r.id)).toEqual([refund.id]);
    expect((await h.stripe.applicationFees.retrieveRefund(charge.application_fee as string, refund.id)).amount).toBe(150);
    await expect(h.stripe.applicationFees.createRefund(charge.application_fee as string, { amount: 251 })).rejects.toMatchObject({
      code: 'amount_too_large',
    });
  });

  it('rejects reverse_transfer on a charge without a destination', async () => {
    const charge = await pay(1_000, 'bk_plain');
    await expect(h.stripe.refunds.create({ charge: charge.id, reverse_transfer: true })).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });
});
