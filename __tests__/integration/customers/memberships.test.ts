import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerRecord, SubscriptionRecord } from '../../../lib/data/records';
import type { CustomerResponses } from '../../../lib/http/stripe-connect';
import { confirmLikeStripeJs, startTestStack, type TestStack } from '../support/local-stack';
import { balanceOf, connect, creditTransactions, deliver, eventsOf, newUser, requestId } from './support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('memberships');
});
afterAll(async () => stack?.close());

const DAY = 86_400;
const customerRecord = async (id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Customer, Key: { id }, ConsistentRead: true }))).Item as
    CustomerRecord | undefined;
const subscriptionRecord = async (id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Subscription, Key: { id }, ConsistentRead: true })))
    .Item as SubscriptionRecord;

/** What Stripe.js does for a SetupIntent: tokenize the card with the publishable key, confirm with the client secret. */
async function confirmSetupLikeStripeJs(clientSecret: string, cardNumber: string) {
  const post = async (path: string, form: Record<string, string>) => {
    const res = await fetch(`${stack.emulator.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer pk_test_integration', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const pm = await post('/v1/payment_methods', {
    type: 'card',
    'card[number]': cardNumber,
    'card[exp_month]': '12',
    'card[exp_year]': '2040',
    'card[cvc]': '123',
  });
  const siId = clientSecret.split('_secret_')[0]!;
  return post(`/v1/setup_intents/${siId}/confirm`, { client_secret: clientSecret, payment_method: pm.id as string });
}

describe('customers', () => {
  it('concurrent first purchases create one Stripe customer (metadata.userId), stored once', async () => {
    const user = newUser(stack, 'concurrent');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => connect(stack, 'CREATE_SETUP_INTENT', { requestId: requestId() }, user.token)),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const customers = await stack.deps.stripe.customers.list({ email: user.email, limit: 100 });
    expect(customers.data).toHaveLength(1);
    expect(customers.data[0]?.metadata.userId).toBe(user.userId);
    const record = await customerRecord(user.userId);
    expect(record?.stripeCustomerId).toBe(customers.data[0]?.id);
    expect(record?.stripeCustomerClaimedAt).toBeUndefined();
  });

  it('a lost answer from Stripe (processed, answer dropped) still ends with one customer', async () => {
    const user = newUser(stack, 'lost');
    const res = await fetch(`${stack.emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ kind: 'http_500', path: '/v1/customers', method: 'POST', count: '1', phase: 'after' }).toString(),
    });
    expect(res.ok).toBe(true);
    expect((await connect(stack, 'CREATE_SETUP_INTENT', { requestId: requestId() }, user.token)).status).toBe(200);
    const customers = await stack.deps.stripe.customers.list({ email: user.email, limit: 100 });
    expect(customers.data).toHaveLength(1);
  });
});

describe('saved cards', () => {
  it('saves cards through SetupIntents, lists them, sets the default, detaches; other people’s cards are 404', async () => {
    const user = newUser(stack, 'cards');
    for (const number of ['4242424242424242', '5555555555554444']) {
      const si = await connect<CustomerResponses['CREATE_SETUP_INTENT']>(
        stack,
        'CREATE_SETUP_INTENT',
        { requestId: requestId() },
        user.token,
      );
      const confirmed = await confirmSetupLikeStripeJs(si.body.clientSecret, number);
      expect(confirmed.status).toBe('succeeded');
    }
    const listed = await connect<CustomerResponses['LIST_CARDS']>(stack, 'LIST_CARDS', {}, user.token);
    expect(listed.body.cards.map((c) => c.last4).sort()).toEqual(['4242', '4444']);
    expect(listed.body.cards.every((c) => !c.isDefault)).toBe(true);

    const visa = listed.body.cards.find((c) => c.last4 === '4242')!;
    const master = listed.body.cards.find((c) => c.last4 === '4444')!;
    const set = await connect<CustomerResponses['SET_DEFAULT_CARD']>(
      stack,
      'SET_DEFAULT_CARD',
      { paymentMethodId: master.id, requestId: requestId() },
      user.token,
    );
    expect(set.body.cards.find((c) => c.id === master.id)?.isDefault).toBe(true);
    expect((await customerRecord(user.userId))?.defaultPaymentMethodId).toBe(master.id);

    const intruder = newUser(stack, 'intruder');
    await connect(stack, 'CREATE_SETUP_INTENT', { requestId: requestId() }, intruder.token);
    expect((await connect(stack, 'DETACH_CARD', { paymentMethodId: visa.id }, intruder.token)).status).toBe(404);
    expect((await connect(stack, 'SET_DEFAULT_CARD', { paymentMethodId: visa.id, requestId: requestId() }, intruder.token)).status).toBe(
      404,
    );
    expect((await connect(stack, 'DETACH_CARD', { paymentMethodId: 'pm_does_not_exist' }, user.token)).status).toBe(404);
    expect(await connect(stack, 'DETACH_CARD', { paymentMethodId: 'not-a-card' }, user.token)).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });

    expect((await connect(stack, 'DETACH_CARD', { paymentMethodId: visa.id }, user.token)).status).toBe(200);
    const after = await connect<CustomerResponses['LIST_CARDS']>(stack, 'LIST_CARDS', {}, user.token);
    expect(after.body.cards.map((c) => c.id)).toEqual([master.id]);
  });
});

describe('memberships', () => {
  async function subscribe(token: string, planId: string) {
    const res = await connect<CustomerResponses['SUBSCRIBE']>(stack, 'SUBSCRIBE', { planId, requestId: requestId() }, token);
    if (res.status !== 200) throw new Error(`SUBSCRIBE ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  it('subscribe → pay the first invoice → active with the plan’s credits; two renewals with the clock; cancel at period end and resume', async () => {
    const plans = await connect<CustomerResponses['LIST_MEMBERSHIP_PLANS']>(stack, 'LIST_MEMBERSHIP_PLANS', {});
    expect(plans.body.plans.map((p) => [p.id, p.monthlyCredits])).toEqual([
      ['plan_basic', 2_000],
      ['plan_plus', 5_500],
      ['plan_pro', 12_000],
    ]);
    const user = newUser(stack, 'member');
    const sub = await subscribe(user.token, 'plan_plus');
    expect(sub.membership.status).toBe('incomplete');
    expect(sub.clientSecret).toMatch(/^pi_.+_secret_/);
    const stripeSub = await stack.deps.stripe.subscriptions.retrieve(sub.membership.id);
    expect(stripeSub.metadata).toMatchObject({ userId: user.userId, planId: 'plan_plus' });

    // A second subscription while one is live is refused.
    const paid = await confirmLikeStripeJs(stack.emulator.url, sub.clientSecret!, '4242424242424242');
    expect(paid.body.status).toBe('succeeded');
    const synced = await connect<CustomerResponses['SYNC_MEMBERSHIP']>(
      stack,
      'SYNC_MEMBERSHIP',
      { subscriptionId: sub.membership.id },
      user.token,
    );
    expect(synced.body.membership.status).toBe('active');
    expect(synced.body.balance).toBe(5_500);
    await stack.emulator.flushWebhooks();
    expect(await balanceOf(stack, user.userId)).toBe(5_500);
    expect((await connect(stack, 'SUBSCRIBE', { planId: 'plan_basic', requestId: requestId() }, user.token)).body).toMatchObject({
      code: 'CONFLICT',
    });

    const first = await eventsOf(stack, 'invoice.payment_succeeded', (o) => o.subscription === sub.membership.id);
    const firstEnd = (await subscriptionRecord(sub.membership.id)).currentPeriodEnd;
    await stack.emulator.advanceClock(32 * DAY);
    await stack.emulator.flushWebhooks();
    const renewed = await subscriptionRecord(sub.membership.id);
    expect(renewed.status).toBe('active');
    expect(renewed.currentPeriodStart).toBe(firstEnd);
    expect(await balanceOf(stack, user.userId)).toBe(11_000);

    // (The emulator keeps events 30 days of its time: collect them as they happen.)
    const seen = await eventsOf(stack, 'invoice.payment_succeeded', (o) => o.subscription === sub.membership.id);
    await stack.emulator.advanceClock(31 * DAY);
    await stack.emulator.flushWebhooks();
    expect(await balanceOf(stack, user.userId)).toBe(16_500);
    const grants = (await creditTransactions(stack, user.userId)).filter((t) => t.type === 'MEMBERSHIP_GRANT');
    expect(grants).toHaveLength(3);

    // Every invoice.payment_succeeded again, re-sent under new ids, newest first: nothing more is granted.
    const latest = await eventsOf(stack, 'invoice.payment_succeeded', (o) => o.subscription === sub.membership.id);
    const events = [...new Map([...latest, ...seen, ...first].map((e) => [e.id, e])).values()];
    expect(events).toHaveLength(3);
    const outcomes = await Promise.all(events.map((e, i) => deliver(stack, e, `${e.id}_again_${i}`)));
    expect(outcomes.every((o) => o.status === 200)).toBe(true);
    for (const e of events) expect((await deliver(stack, e)).outcome).toBe('duplicate');
    expect(await balanceOf(stack, user.userId)).toBe(16_500);

    // The payment history has the three invoices.
    const history = await connect<CustomerResponses['LIST_PAYMENTS']>(stack, 'LIST_PAYMENTS', {}, user.token);
    expect(history.body.payments.filter((p) => p.kind === 'MEMBERSHIP' && p.status === 'succeeded')).toHaveLength(3);

    const canceled = await connect<CustomerResponses['CANCEL_MEMBERSHIP']>(
      stack,
      'CANCEL_MEMBERSHIP',
      { subscriptionId: sub.membership.id, requestId: requestId() },
      user.token,
    );
    expect(canceled.body.membership).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    const resumed = await connect<CustomerResponses['RESUME_MEMBERSHIP']>(
      stack,
      'RESUME_MEMBERSHIP',
      { subscriptionId: sub.membership.id, requestId: requestId() },
      user.token,
    );
    expect(resumed.body.membership.cancelAtPeriodEnd).toBe(false);
    await connect(stack, 'CANCEL_MEMBERSHIP', { subscriptionId: sub.membership.id, requestId: requestId() }, user.token);
    await stack.emulator.advanceClock(32 * DAY);
    await stack.emulator.flushWebhooks();
    expect((await subscriptionRecord(sub.membership.id)).status).toBe('canceled');
    expect(await balanceOf(stack, user.userId)).toBe(16_500);

    // Someone else cannot touch it.
    const other = newUser(stack, 'nosy');
    expect(
      (await connect(stack, 'CANCEL_MEMBERSHIP', { subscriptionId: sub.membership.id, requestId: requestId() }, other.token)).status,
    ).toBe(404);
  });

  it('a failed renewal makes the membership past due, without credits for the unpaid invoice', async () => {
    const user = newUser(stack, 'pastdue');
    const sub = await subscribe(user.token, 'plan_basic');
    await confirmLikeStripeJs(stack.emulator.url, sub.clientSecret!, '4242424242424242');
    await stack.emulator.flushWebhooks();
    expect(await balanceOf(stack, user.userId)).toBe(2_000);
    // The member's card starts declining: a declining card becomes the subscription's default.
    const customerId = (await customerRecord(user.userId))!.stripeCustomerId!;
    const pm = await stack.deps.stripe.paymentMethods.create({
      type: 'card',
      card: { number: '4000000000000002', exp_month: 12, exp_year: 2040, cvc: '123' },
    } as never);
    await stack.deps.stripe.paymentMethods.attach(pm.id, { customer: customerId });
    await stack.deps.stripe.subscriptions.update(sub.membership.id, { default_payment_method: pm.id });
    await stack.emulator.flushWebhooks(); // before the clock moves past the 30 days the emulator keeps events
    await stack.emulator.advanceClock(32 * DAY);
    await stack.emulator.flushWebhooks();
    expect((await subscriptionRecord(sub.membership.id)).status).toBe('past_due');
    const listed = await connect<CustomerResponses['LIST_MEMBERSHIPS']>(stack, 'LIST_MEMBERSHIPS', {}, user.token);
    expect(listed.body.memberships[0]?.status).toBe('past_due');
    expect(await balanceOf(stack, user.userId)).toBe(2_000);
    const failures = await eventsOf(stack, 'invoice.payment_failed', (o) => o.subscription === sub.membership.id);
    expect(failures.length).toBeGreaterThanOrEqual(1);
  });
});
