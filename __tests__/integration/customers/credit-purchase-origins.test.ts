/**
 * Credits keep their origin (DynamoDB Local + the emulator): refunding a credit purchase takes back and pays out only
 * credits that purchase bought and the customer still has — never credits a membership granted — and buying credits
 * saves the card on the customer only when the customer chose it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreditPurchaseAdminResponses } from '../../../lib/http/refund-processor';
import type { CustomerResponses } from '../../../lib/http/stripe-connect';
import { refundCall } from '../refunds/support';
import { confirmLikeStripeJs, firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';
import { balanceOf, connect, creditTransactions, deliver, eventsOf, ledger, newUser, payCheckout, requestId } from './support';

let stack: TestStack;
const PORTRAIT = 'svc_demo_portrait'; // $120.00
beforeAll(async () => {
  stack = await startTestStack('credit-purchase-origins');
});
afterAll(async () => stack?.close());

const admin = () => stack.tokenFor('user_demo_admin', 'admin@marketplace.local', ['ADMIN']);

async function buy(user: ReturnType<typeof newUser>, packageId: string, saveCard?: boolean) {
  const res = await connect<CustomerResponses['BUY_CREDITS']>(
    stack,
    'BUY_CREDITS',
    { packageId, requestId: requestId(), ...(saveCard === undefined ? {} : { saveCard }) },
    user.token,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await payCheckout(res.body.checkoutUrl);
  await stack.emulator.flushWebhooks();
  return res.body.sessionId;
}

const stripeCustomerOf = async (user: ReturnType<typeof newUser>) =>
  (await stack.deps.stripe.customers.list({ email: user.email, limit: 10 })).data[0]!.id;
const cardsOf = async (user: ReturnType<typeof newUser>) =>
  (await stack.deps.stripe.customers.listPaymentMethods(await stripeCustomerOf(user), { limit: 100 })).data.map((pm) => pm.id);

describe('refunding a credit purchase of a member', () => {
  it('removes and pays out only the purchase’s unspent credits; the membership’s credits stay, also when the refund is asked again', async () => {
    const user = newUser(stack, 'member_refund');
    const purchaseId = await buy(user, 'pkg_starter'); // 5,000 credits for $50.00
    // 3,000 of them are spent on a booking (the card pays the rest)...
    const slot = await firstFreeSlot(stack, PORTRAIT, 2);
    expect((await stack.booking('CREATE_BOOKING', { serviceId: PORTRAIT, ...slot, groupSize: 1, credits: 3_000 }, user.token)).status).toBe(
      200,
    );
    // ...and only then a membership grants 2,000.
    const sub = await connect<CustomerResponses['SUBSCRIBE']>(
      stack,
      'SUBSCRIBE',
      { planId: 'plan_basic', requestId: requestId() },
      user.token,
    );
    expect(sub.status).toBe(200);
    expect((await confirmLikeStripeJs(stack.emulator.url, sub.body.clientSecret!, '4242424242424242')).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    expect(await balanceOf(stack, user.userId)).toBe(4_000); // 2,000 of the purchase + 2,000 of the membership

    const listed = await refundCall<CreditPurchaseAdminResponses['ADMIN_LIST_CREDIT_PURCHASES']>(
      stack,
      'ADMIN_LIST_CREDIT_PURCHASES',
      { email: user.email },
      admin(),
    );
    expect(listed.body.purchases.find((p) => p.id === purchaseId)).toMatchObject({
      spentCredits: 3_000,
      unspentCredits: 2_000,
      refundCents: 2_000,
      refundable: true,
    });

    const payload = { purchaseId, reason: 'Changed their mind' };
    const calls = await Promise.all(
      [1, 2].map(() =>
        refundCall<CreditPurchaseAdminResponses['REFUND_CREDIT_PURCHASE']>(stack, 'REFUND_CREDIT_PURCHASE', payload, admin()),
      ),
    );
    for (const c of calls) expect(c.status, JSON.stringify(c.body)).toBe(200);
    for (const c of calls)
      expect(c.body).toMatchObject({ creditsRemoved: 2_000, spentCredits: 3_000, refundAmountCents: 2_000, full: false });
    const again = await refundCall<CreditPurchaseAdminResponses['REFUND_CREDIT_PURCHASE']>(
      stack,
      'REFUND_CREDIT_PURCHASE',
      payload,
      admin(),
    );
    expect(again.body).toMatchObject({ creditsRemoved: 2_000, refundAmountCents: 2_000 });

    // The membership's 2,000 credits stay; the card got $20.00 back once.
    expect(await balanceOf(stack, user.userId)).toBe(2_000);
    const removals = (await creditTransactions(stack, user.userId)).filter((t) => t.type === 'PURCHASE_REFUND');
    expect(removals.map((t) => t.credits)).toEqual([-2_000]);
    const purchase = await stack.deps.stripe.checkout.sessions.retrieve(purchaseId);
    const refunds = await stack.deps.stripe.refunds.list({ payment_intent: purchase.payment_intent as string, limit: 10 });
    expect(refunds.data.map((r) => r.amount)).toEqual([2_000]);
    const lines = await ledger(stack, `credit-purchase:${purchaseId}`);
    expect(lines.map((l) => [l.id, l.amountCents]).sort()).toEqual([
      [`credit-purchase:${purchaseId}#CREDIT_PURCHASE`, 5_000],
      [`credit-purchase:${purchaseId}#CREDIT_PURCHASE_REFUND`, 2_000],
    ]);
  });
});

describe('saving the card when buying credits', () => {
  it('does not save the card without the customer’s choice', async () => {
    const user = newUser(stack, 'nosave');
    const sessionId = await buy(user, 'pkg_starter');
    expect(await balanceOf(stack, user.userId)).toBe(5_000);
    expect(await cardsOf(user)).toEqual([]);
    const session = await stack.deps.stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent'] });
    expect(session.payment_intent).toMatchObject({ setup_future_usage: null });
    // A repeated delivery of the completion changes nothing (no card, no second credit).
    const [completed] = await eventsOf(stack, 'checkout.session.completed', (o) => o.id === sessionId);
    expect((await deliver(stack, completed!, `${completed!.id}_again`)).status).toBe(200);
    expect(await balanceOf(stack, user.userId)).toBe(5_000);
    expect(await cardsOf(user)).toEqual([]);
  });

  it('saves the card when the customer ticks the box', async () => {
    const user = newUser(stack, 'save');
    await buy(user, 'pkg_starter', true);
    const cards = await connect<CustomerResponses['LIST_CARDS']>(stack, 'LIST_CARDS', {}, user.token);
    expect(cards.body.cards).toHaveLength(1);
    expect(await cardsOf(user)).toEqual(cards.body.cards.map((c) => c.id));
  });

  it('refuses a saveCard that is not true or false', async () => {
    const user = newUser(stack, 'badsave');
    const res = await connect(stack, 'BUY_CREDITS', { packageId: 'pkg_starter', requestId: requestId(), saveCard: 'yes' }, user.token);
    expect(res.status).toBe(400);
  });
});
