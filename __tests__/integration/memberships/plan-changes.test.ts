import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerResponses, PlanChangePreview } from '../../../lib/http/stripe-connect';
import { startTestStack, type TestStack } from '../support/local-stack';
import { balanceOf, connect, creditTransactions, deliver, eventsOf, newUser, requestId } from '../customers/support';
import { DAY, customerRecord, giveDefaultCard, membershipLedger, subscribePaid, subscriptionRecord } from './support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('membership-plan-changes');
});
afterAll(async () => stack?.close());

async function preview(token: string, subscriptionId: string, planId: string): Promise<PlanChangePreview> {
  const res = await connect<CustomerResponses['PREVIEW_PLAN_CHANGE']>(stack, 'PREVIEW_PLAN_CHANGE', { subscriptionId, planId }, token);
  if (res.status !== 200) throw new Error(`PREVIEW_PLAN_CHANGE ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.preview;
}

async function change(token: string, p: PlanChangePreview) {
  const res = await connect<CustomerResponses['CHANGE_PLAN']>(
    stack,
    'CHANGE_PLAN',
    { subscriptionId: p.subscriptionId, planId: p.toPlanId, prorationDate: p.prorationDate, requestId: requestId() },
    token,
  );
  if (res.status !== 200) throw new Error(`CHANGE_PLAN ${res.status} ${JSON.stringify(res.body)}`);
  await stack.emulator.flushWebhooks();
  return res.body;
}

/** Stripe's proration, computed independently: the old price credited and the new charged for the time left. */
async function expectedProration(subscriptionId: string, at: number, fromCents: number, toCents: number) {
  const sub = await stack.deps.stripe.subscriptions.retrieve(subscriptionId);
  const item = sub.items.data[0] as unknown as { current_period_start: number; current_period_end: number };
  const share = (amount: number) =>
    Math.round((amount * (item.current_period_end - at)) / (item.current_period_end - item.current_period_start));
  return { credit: -share(fromCents), charge: share(toCents) };
}

const ofSub = (id: string) => (o: Record<string, unknown>) => o.subscription === id || o.id === id;

describe('changing plan', () => {
  it('upgrade Basic → Plus mid-period: the preview to the cent, charged as shown, the difference in credits now, ledger, renewal on Plus', async () => {
    const user = newUser(stack, 'upgrade');
    const subId = await subscribePaid(stack, user.token, 'plan_basic');
    expect(await balanceOf(stack, user.userId)).toBe(2_000);
    await stack.emulator.advanceClock(10 * DAY + 12_345);

    const p = await preview(user.token, subId, 'plan_plus');
    const want = await expectedProration(subId, p.prorationDate, 1_900, 4_900);
    expect(p.kind).toBe('upgrade');
    expect(p.lines.map((l) => l.amountCents)).toEqual([want.credit, want.charge]);
    expect(p.lines[0]?.description).toMatch(/^Unused time on Basic membership after /);
    expect(p.totalCents).toBe(want.credit + want.charge);
    expect(p.dueTodayCents).toBe(want.credit + want.charge);
    expect(p.dueTodayCents).toBeGreaterThan(0);
    expect(p).toMatchObject({ creditsNow: 3_500, monthlyCredits: 5_500, nextChargeCents: 4_900, creditLeftCents: 0 });

    const done = await change(user.token, p);
    expect(done.paidCents).toBe(p.dueTodayCents);
    expect(done.creditsGranted).toBe(3_500);
    expect(done.balance).toBe(5_500);
    expect(done.membership).toMatchObject({
      planId: 'plan_plus',
      planName: 'Plus',
      status: 'active',
      monthlyCredits: 5_500,
      priceCents: 4_900,
    });
    const record = await subscriptionRecord(stack, subId);
    expect(record).toMatchObject({ planId: 'plan_plus', monthlyCredits: 5_500 });
    const lines = await membershipLedger(stack, subId);
    expect(lines.map((l) => l.amountCents).sort((a, b) => a - b)).toEqual([1_900, p.dueTodayCents].sort((a, b) => a - b));
    expect(lines.find((l) => l.amountCents === p.dueTodayCents)?.description).toMatch(/plan change/);

    // The update invoice's events again: duplicates, and re-sent under new ids; nothing granted or booked twice.
    const paid = (await eventsOf(stack, 'invoice.payment_succeeded', ofSub(subId))).filter(
      (e) => (e.data.object as unknown as { billing_reason: string }).billing_reason === 'subscription_update',
    );
    expect(paid).toHaveLength(1);
    expect((await deliver(stack, paid[0]!)).outcome).toBe('duplicate');
    const resent = await Promise.all([0, 1, 2].map((i) => deliver(stack, paid[0]!, `${paid[0]!.id}_again_${i}`)));
    expect(resent.every((r) => r.status === 200)).toBe(true);
    expect(await balanceOf(stack, user.userId)).toBe(5_500);
    expect(await membershipLedger(stack, subId)).toHaveLength(2);

    // A stale or forged proration date is refused, and nothing changes.
    const stale = await connect(
      stack,
      'CHANGE_PLAN',
      { subscriptionId: subId, planId: 'plan_pro', prorationDate: p.prorationDate - 2 * 3600, requestId: requestId() },
      user.token,
    );
    expect(stale).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await subscriptionRecord(stack, subId)).planId).toBe('plan_plus');

    // The next period is Plus: its invoice charges 49.00 and grants 5,500.
    await stack.emulator.advanceClock(21 * DAY);
    await stack.emulator.flushWebhooks();
    expect(await balanceOf(stack, user.userId)).toBe(11_000);
    expect((await membershipLedger(stack, subId)).map((l) => l.amountCents)).toContain(4_900);

    // Cancel at period end and resume still work on the changed membership.
    const canceled = await connect<CustomerResponses['CANCEL_MEMBERSHIP']>(
      stack,
      'CANCEL_MEMBERSHIP',
      { subscriptionId: subId, requestId: requestId() },
      user.token,
    );
    expect(canceled.body.membership).toMatchObject({ planId: 'plan_plus', cancelAtPeriodEnd: true });
    const resumed = await connect<CustomerResponses['RESUME_MEMBERSHIP']>(
      stack,
      'RESUME_MEMBERSHIP',
      { subscriptionId: subId, requestId: requestId() },
      user.token,
    );
    expect(resumed.body.membership.cancelAtPeriodEnd).toBe(false);
  });

  it('downgrade Plus → Basic: nothing charged, the credit kept at Stripe for the next invoice, no credits now; Basic’s credits next period', async () => {
    const user = newUser(stack, 'downgrade');
    const subId = await subscribePaid(stack, user.token, 'plan_plus');
    await stack.emulator.advanceClock(15 * DAY);
    const p = await preview(user.token, subId, 'plan_basic');
    const want = await expectedProration(subId, p.prorationDate, 4_900, 1_900);
    expect(p.kind).toBe('downgrade');
    expect(p.lines.map((l) => l.amountCents)).toEqual([want.credit, want.charge]);
    expect(p.totalCents).toBe(want.credit + want.charge);
    expect(p).toMatchObject({ dueTodayCents: 0, creditLeftCents: -(want.credit + want.charge), creditsNow: 0 });

    const done = await change(user.token, p);
    expect(done).toMatchObject({ paidCents: 0, creditsGranted: 0, balance: 5_500, membership: { planId: 'plan_basic' } });
    const customerId = (await customerRecord(stack, user.userId))!.stripeCustomerId!;
    const stripeCustomer = await stack.deps.stripe.customers.retrieve(customerId);
    expect((stripeCustomer as unknown as { balance: number }).balance).toBe(p.totalCents);
    expect(await membershipLedger(stack, subId)).toHaveLength(1); // only the first invoice: nothing was paid

    const updated = await eventsOf(stack, 'customer.subscription.updated', ofSub(subId));
    for (const e of updated) expect((await deliver(stack, e)).outcome).toBe('duplicate');
    await Promise.all(updated.map((e, i) => deliver(stack, e, `${e.id}_again_${i}`)));
    expect((await subscriptionRecord(stack, subId)).planId).toBe('plan_basic');

    // Next period: Basic's 19.00 less the credit is charged, Basic's 2,000 credits granted.
    await stack.emulator.advanceClock(16 * DAY);
    await stack.emulator.flushWebhooks();
    expect(await balanceOf(stack, user.userId)).toBe(7_500);
    const charged = Math.max(0, 1_900 + p.totalCents);
    const lines = (await membershipLedger(stack, subId)).map((l) => l.amountCents);
    expect(lines).toEqual(charged > 0 ? expect.arrayContaining([4_900, charged]) : [4_900]);
  });

  it('credits once per period: up, down and up again in one period never grant more than the best plan’s credits', async () => {
    const user = newUser(stack, 'seesaw');
    const subId = await subscribePaid(stack, user.token, 'plan_basic');
    await stack.emulator.advanceClock(3 * DAY);
    expect((await change(user.token, await preview(user.token, subId, 'plan_plus'))).creditsGranted).toBe(3_500);
    expect((await change(user.token, await preview(user.token, subId, 'plan_basic'))).creditsGranted).toBe(0);
    const again = await preview(user.token, subId, 'plan_plus');
    expect(again.creditsNow).toBe(0);
    expect((await change(user.token, again)).creditsGranted).toBe(0);
    const pro = await preview(user.token, subId, 'plan_pro');
    expect(pro.creditsNow).toBe(6_500);
    expect((await change(user.token, pro)).creditsGranted).toBe(6_500);
    expect(await balanceOf(stack, user.userId)).toBe(12_000);
    const grants = (await creditTransactions(stack, user.userId)).filter((t) => t.type === 'MEMBERSHIP_GRANT');
    expect(grants.map((g) => g.credits).sort((a, b) => a - b)).toEqual([2_000, 3_500, 6_500]);
    expect(new Set(grants.map((g) => g.periodEnd)).size).toBe(1);
  });

  it('a declined upgrade leaves the plan as it was; someone else’s membership is 404, the same plan a conflict', async () => {
    const user = newUser(stack, 'declined');
    const subId = await subscribePaid(stack, user.token, 'plan_basic');
    const bad = await giveDefaultCard(stack, user.userId, '4000000000000002');
    await stack.deps.stripe.subscriptions.update(subId, { default_payment_method: bad });
    await stack.emulator.flushWebhooks();
    const p = await preview(user.token, subId, 'plan_plus');
    const res = await connect(
      stack,
      'CHANGE_PLAN',
      { subscriptionId: subId, planId: 'plan_plus', prorationDate: p.prorationDate, requestId: requestId() },
      user.token,
    );
    expect(res).toMatchObject({ status: 402, body: { code: 'PAYMENT_DECLINED' } });
    await stack.emulator.flushWebhooks();
    const stripeSub = await stack.deps.stripe.subscriptions.retrieve(subId);
    expect(stripeSub.metadata.planId).toBe('plan_basic');
    expect((await subscriptionRecord(stack, subId)).planId).toBe('plan_basic');
    expect(await balanceOf(stack, user.userId)).toBe(2_000);

    const other = newUser(stack, 'nosy');
    expect((await connect(stack, 'PREVIEW_PLAN_CHANGE', { subscriptionId: subId, planId: 'plan_plus' }, other.token)).status).toBe(404);
    expect((await connect(stack, 'PREVIEW_PLAN_CHANGE', { subscriptionId: subId, planId: 'plan_basic' }, user.token)).status).toBe(409);
  });
});
