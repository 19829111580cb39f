import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helper, startHarness, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.close();
});

/** The receipt page of a charge: status, content type and its labelled fields. */
async function receipt(url: string): Promise<{ status: number; type: string | null; html: string; fields: Record<string, string> }> {
  const res = await fetch(url);
  const html = await res.text();
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/data-field="([^"]+)">([^<]*)</g)) fields[m[1] as string] = m[2] as string;
  return { status: res.status, type: res.headers.get('content-type'), html, fields };
}

async function receiptUrlOf(chargeId: string, stripeAccount?: string): Promise<string> {
  const charge = await h.stripe.charges.retrieve(chargeId, {}, stripeAccount ? { stripeAccount } : {});
  return charge.receipt_url as string;
}

describe('receipt pages (charge.receipt_url)', () => {
  it('shows merchant, amount, date, card, status and receipt number; then refunds', async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 2_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      description: 'Piano <lesson> & tea',
    });
    const url = await receiptUrlOf(pi.latest_charge as string);
    expect(url).toBe(`${h.emulator.url}/_emulator/receipts/${pi.id}`);
    const paid = await receipt(url);
    expect(paid.status).toBe(200);
    expect(paid.type).toMatch(/^text\/html/);
    expect(paid.fields).toMatchObject({
      merchant: 'EMULATOR',
      amount: '20.00 USD',
      'payment-method': 'Visa ending in 4242',
      status: 'Paid',
      description: 'Piano &lt;lesson&gt; &amp; tea',
    });
    expect(paid.fields['receipt-number']).toMatch(/^\d{4}-\d{4}$/);
    expect(paid.fields.date).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d{2} [AP]M UTC$/);
    expect(paid.fields.refunded).toBeUndefined();
    expect(paid.html).toContain('<title>Receipt from EMULATOR</title>');

    await h.stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
    const partly = await receipt(url);
    expect(partly.fields).toMatchObject({
      amount: '20.00 USD',
      refunded: '5.00 USD',
      status: 'Partially refunded',
      'receipt-number': paid.fields['receipt-number'],
    });
    await h.stripe.refunds.create({ payment_intent: pi.id });
    expect((await receipt(url)).fields).toMatchObject({ refunded: '20.00 USD', status: 'Refunded' });
  });

  it('a partial capture shows what was captured; a zero-decimal currency has no decimals', async () => {
    const held = await h.stripe.paymentIntents.create({
      amount: 3_000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_mastercard',
      confirm: true,
    });
    const url = await receiptUrlOf(held.latest_charge as string);
    expect((await receipt(url)).fields).toMatchObject({
      amount: '30.00 USD',
      status: 'Authorized, not yet captured',
      'payment-method': 'Mastercard ending in 4444',
    });
    await h.stripe.paymentIntents.capture(held.id, { amount_to_capture: 2_500 });
    const captured = await receipt(url);
    expect(captured.fields).toMatchObject({ amount: '25.00 USD', status: 'Paid' });
    expect(captured.fields.refunded).toBeUndefined();

    const yen = await h.stripe.paymentIntents.create({ amount: 1_500, currency: 'jpy', payment_method: 'pm_card_amex', confirm: true });
    expect((await receipt(await receiptUrlOf(yen.latest_charge as string))).fields).toMatchObject({
      amount: '1500 JPY',
      'payment-method': 'American Express ending in 0005',
    });
  });

  it("names a connected account's business for its own charges", async () => {
    const account = await h.stripe.accounts.create({
      type: 'express',
      country: 'US',
      business_profile: { name: 'Pat’s Piano' },
      capabilities: { transfers: { requested: true } },
    });
    await helper(h.emulator, `/_emulator/accounts/${account.id}/complete_onboarding`);
    const pi = await h.stripe.paymentIntents.create(
      { amount: 1_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true },
      { stripeAccount: account.id },
    );
    const page = await receipt(await receiptUrlOf(pi.latest_charge as string, account.id));
    expect(page.fields).toMatchObject({ merchant: 'Pat’s Piano', amount: '10.00 USD' });
  });

  it('a failed payment shows as failed; unknown ids and intents without a charge are 404', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 1_000, currency: 'usd' });
    await h.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }).catch(() => undefined);
    const failed = await h.stripe.paymentIntents.retrieve(pi.id);
    expect((await receipt(await receiptUrlOf(failed.latest_charge as string))).fields.status).toBe('Failed');

    const unpaid = await h.stripe.paymentIntents.create({ amount: 1_000, currency: 'usd' });
    for (const id of ['pi_unknown', unpaid.id, '<script>']) {
      const missing = await receipt(`${h.emulator.url}/_emulator/receipts/${encodeURIComponent(id)}`);
      expect(missing.status).toBe(404);
      expect(missing.html).toContain('Receipt not found');
      expect(missing.html).not.toContain('<script>');
    }
  });
});
