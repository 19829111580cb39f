import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimPlanTrial } from '../../../lib/data/customer-writes';
import type { CustomerResponses } from '../../../lib/http/stripe-connect';
import { startTestStack, type TestStack } from '../support/local-stack';
import { balanceOf, connect, creditTransactions, deliver, eventsOf, newUser } from '../customers/support';
import { DAY, customerRecord, giveDefaultCard, membershipLedger, subscribe, subscriptionRecord } from './support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('membership-trials');
});
afterAll(async () => stack?.close());

const ofSub = (id: string) => (o: Record<string, unknown>) => o.subscription === id || o.id === id;

describe('membership trials', () => {
  it('Pro starts with a 14-day trial: no charge, the first charge date shown; trial_will_end; converts to active with the first paid invoice', async () => {
    const plans = await connect<CustomerResponses['LIST_MEMBERSHIP_PLANS']>(stack, 'LIST_MEMBERSHIP_PLANS', {});
    expect(plans.body.plans.find((p) => p.id === 'plan_pro')?.trialDays).toBe(14);
    const user = newUser(stack, 'trial');
    const sub = await subscribe(stack, user.token, 'plan_pro');
    expect(sub).toMatchObject({ clientSecret: null, amountCents: 0, membership: { status: 'trialing', planId: 'plan_pro' } });
    const stripeSub = await stack.deps.stripe.subscriptions.retrieve(sub.membership.id);
    expect(stripeSub.status).toBe('trialing');
    expect(sub.trialEnd).toBe(new Date(stripeSub.trial_end! * 1000).toISOString());
    expect(stripeSub.trial_end! - stripeSub.trial_start!).toBe(14 * DAY);
    expect(sub.membership.trialEnd).toBe(sub.trialEnd);
    await stack.emulator.flushWebhooks();
    expect(await balanceOf(stack, user.userId)).toBe(0); // the trial's zero invoice grants nothing
    expect((await customerRecord(stack, user.userId))?.trialPlanIds).toEqual(['plan_pro']);
    await giveDefaultCard(stack, user.userId);
    await stack.emulator.flushWebhooks();

    // Three days before the end: trial_will_end, handled (the membership re-synced), once.
    await stack.emulator.advanceClock(11 * DAY + 3600);
    await stack.emulator.flushWebhooks();
    const willEnd = await eventsOf(stack, 'customer.subscription.trial_will_end', ofSub(sub.membership.id));
    expect(willEnd).toHaveLength(1);
    expect((await deliver(stack, willEnd[0]!)).outcome).toBe('duplicate');
    expect(await deliver(stack, willEnd[0]!, `${willEnd[0]!.id}_again`)).toMatchObject({ status: 200, outcome: 'processed' });
    expect((await subscriptionRecord(stack, sub.membership.id)).status).toBe('trialing');

    // The trial ends: the first invoice is charged to the default card; active, Pro's credits, one ledger line.
    await stack.emulator.advanceClock(3 * DAY);
    await stack.emulator.flushWebhooks();
    const record = await subscriptionRecord(stack, sub.membership.id);
    expect(record.status).toBe('active');
    expect(record.currentPeriodStart).toBe(sub.trialEnd);
    expect(await balanceOf(stack, user.userId)).toBe(12_000);
    const lines = await membershipLedger(stack, sub.membership.id);
    expect(lines.map((l) => [l.type, l.amountCents])).toEqual([['MEMBERSHIP_PAYMENT', 9_900]]);

    // Every event of the conversion again (duplicates, then re-sent under new ids, oldest last): nothing more.
    const paid = await eventsOf(stack, 'invoice.payment_succeeded', ofSub(sub.membership.id));
    const updated = await eventsOf(stack, 'customer.subscription.updated', ofSub(sub.membership.id));
    const all = [...paid, ...updated];
    for (const e of all) expect((await deliver(stack, e)).outcome).toBe('duplicate');
    const resent = await Promise.all([...all].reverse().map((e, i) => deliver(stack, e, `${e.id}_resent_${i}`)));
    expect(resent.every((r) => r.status === 200)).toBe(true);
    expect(await balanceOf(stack, user.userId)).toBe(12_000);
    expect(await membershipLedger(stack, sub.membership.id)).toHaveLength(1);
    expect((await subscriptionRecord(stack, sub.membership.id)).status).toBe('active');
  });

  it('a trial without a card to charge ends past due, without credits; a re-delivered failure changes nothing', async () => {
    const user = newUser(stack, 'trialfail');
    const sub = await subscribe(stack, user.token, 'plan_pro');
    expect(sub.membership.status).toBe('trialing');
    await stack.emulator.flushWebhooks();
    await stack.emulator.advanceClock(15 * DAY);
    await stack.emulator.flushWebhooks();
    expect((await subscriptionRecord(stack, sub.membership.id)).status).toBe('past_due');
    const listed = await connect<CustomerResponses['LIST_MEMBERSHIPS']>(stack, 'LIST_MEMBERSHIPS', {}, user.token);
    expect(listed.body.memberships[0]).toMatchObject({ status: 'past_due', planId: 'plan_pro' });
    expect(await balanceOf(stack, user.userId)).toBe(0);
    expect(await membershipLedger(stack, sub.membership.id)).toHaveLength(0);
    const failed = await eventsOf(stack, 'invoice.payment_failed', ofSub(sub.membership.id));
    expect(failed).toHaveLength(1);
    expect((await deliver(stack, failed[0]!)).outcome).toBe('duplicate');
    expect((await deliver(stack, failed[0]!, `${failed[0]!.id}_again`)).status).toBe(200);
    expect((await subscriptionRecord(stack, sub.membership.id)).status).toBe('past_due');
    expect((await creditTransactions(stack, user.userId)).filter((t) => t.type === 'MEMBERSHIP_GRANT')).toHaveLength(0);
  });

  it('one trial per customer per plan: after the trial membership ends, Pro again is paid from the first day', async () => {
    const user = newUser(stack, 'trialonce');
    const first = await subscribe(stack, user.token, 'plan_pro');
    expect(first.membership.status).toBe('trialing');
    await stack.deps.stripe.subscriptions.cancel(first.membership.id);
    await stack.emulator.flushWebhooks();
    expect((await subscriptionRecord(stack, first.membership.id)).status).toBe('canceled');

    const again = await subscribe(stack, user.token, 'plan_pro');
    expect(again).toMatchObject({ amountCents: 9_900, trialEnd: null, membership: { status: 'incomplete' } });
    expect(again.clientSecret).toMatch(/^pi_.+_secret_/);
    expect((await stack.deps.stripe.subscriptions.retrieve(again.membership.id)).trial_end).toBeNull();
    // The claim in DynamoDB is what refuses it: taken once, never again.
    expect((await customerRecord(stack, user.userId))?.trialPlanIds).toEqual(['plan_pro']);
    expect(await claimPlanTrial(stack.deps, user.userId, 'plan_pro', new Date())).toBe(false);
    // Another plan's trial would still be free to take.
    expect(await claimPlanTrial(stack.deps, user.userId, 'plan_other', new Date())).toBe(true);
  });
});
