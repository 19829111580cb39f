import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helper, startHarness, startReceiver, WEBHOOK_SECRET, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ webhookRetry: { initialDelayMs: 20 } });
});
afterAll(async () => {
  await h.emulator.close();
});

describe('Connect accounts', () => {
  it('creates an express account that is not yet active', async () => {
    const account = await h.stripe.accounts.create({
      type: 'express',
      country: 'US',
      email: 'provider@example.com',
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
      metadata: { userId: 'u_1' },
    });
    expect(account.id).toMatch(/^acct_/);
    expect(account).toMatchObject({
      type: 'express',
      country: 'US',
      email: 'provider@example.com',
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
    });
    expect(account.capabilities).toEqual({ card_payments: 'inactive', transfers: 'inactive' });
    expect(account.requirements?.currently_due?.length).toBeGreaterThan(0);
    expect((await h.stripe.accounts.retrieve(account.id)).email).toBe('provider@example.com');
    const list = await h.stripe.accounts.list({ limit: 100 });
    expect(list.data.map((a) => a.id)).toContain(account.id);
  });

  it('complete_onboarding activates the account and emits account.updated to Connect endpoints', async () => {
    const receiver = await startReceiver();
    await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['account.updated'], connect: true });
    const platformOnly = await startReceiver();
    await h.stripe.webhookEndpoints.create({ url: platformOnly.url, enabled_events: ['*'] });
    const account = await h.stripe.accounts.create({
      type: 'express',
      country: 'US',
      email: 'p2@example.com',
      capabilities: { transfers: { requested: true } },
    });
    await helper(h.emulator, `/_emulator/accounts/${account.id}/complete_onboarding`);
    const active = await h.stripe.accounts.retrieve(account.id);
    expect(active).toMatchObject({
      details_submitted: true,
      charges_enabled: true,
      payouts_enabled: true,
      capabilities: { transfers: 'active' },
    });
    expect(active.requirements?.currently_due).toEqual([]);
    expect(active.requirements?.disabled_reason).toBeNull();
    await h.emulator.flushWebhooks();
    expect(receiver.received).toHaveLength(1);
    const event = h.stripe.webhooks.constructEvent(
      receiver.received[0]?.body ?? '',
      receiver.received[0]?.signature ?? '',
      WEBHOOK_SECRET,
    ) as Stripe.AccountUpdatedEvent;
    expect(event.type).toBe('account.updated');
    expect(event.account).toBe(account.id);
    expect(event.data.object.charges_enabled).toBe(true);
    expect(event.data.previous_attributes).toMatchObject({
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      capabilities: { transfers: 'inactive' },
    });
    expect(platformOnly.received.map((r) => JSON.parse(r.body).type)).not.toContain('account.updated');
    // Connected-account events are listed with Stripe-Account.
    const events = await h.stripe.events.list({ type: 'account.updated' }, { stripeAccount: account.id });
    expect(events.data[0]?.id).toBe(event.id);
    const caps = await h.stripe.events.list({ type: 'capability.updated' }, { stripeAccount: account.id });
    expect(
      caps.data.map((e) => [
        (e.data.object as Stripe.Capability).id,
        (e.data.object as Stripe.Capability).status,
        e.data.previous_attributes,
      ]),
    ).toEqual([['transfers', 'active', { status: 'inactive' }]]);
    await receiver.close();
    await platformOnly.close();
  });

  it('serves account links with an onboarding page (complete, expired/reused → refresh_url)', async () => {
    const account = await h.stripe.accounts.create({ type: 'express', country: 'US', capabilities: { transfers: { requested: true } } });
    const link = await h.stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: 'http://localhost:3000/refresh',
      return_url: 'http://localhost:3000/return',
    });
    expect(link.object).toBe('account_link');
    expect(link.expires_at).toBeGreaterThan(link.created);
    const page = await fetch(link.url);
    expect(await page.text()).toContain('Complete onboarding');
    const done = await fetch(link.url, { method: 'POST', body: new URLSearchParams({ action: 'complete' }), redirect: 'manual' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('http://localhost:3000/return');
    expect((await h.stripe.accounts.retrieve(account.id)).charges_enabled).toBe(true);
    const reused = await fetch(link.url, { redirect: 'manual' });
    expect(reused.headers.get('location')).toBe('http://localhost:3000/refresh');

    const other = await h.stripe.accounts.create({ type: 'express', country: 'US' });
    const link2 = await h.stripe.accountLinks.create({
      account: other.id,
      type: 'account_onboarding',
      refresh_url: 'http://localhost:3000/refresh',
      return_url: 'http://localhost:3000/return',
    });
    await h.emulator.advanceClock(301);
    const expired = await fetch(link2.url, { redirect: 'manual' });
    expect(expired.headers.get('location')).toBe('http://localhost:3000/refresh');
  });

  it('leave incomplete and reject', async () => {
    const a = await h.stripe.accounts.create({ type: 'express', country: 'US', capabilities: { transfers: { requested: true } } });
    const l = await h.stripe.accountLinks.create({
      account: a.id,
      type: 'account_onboarding',
      refresh_url: 'http://x/refresh',
      return_url: 'http://x/return',
    });
    const r = await fetch(l.url, { method: 'POST', body: new URLSearchParams({ action: 'incomplete' }), redirect: 'manual' });
    expect(r.headers.get('location')).toBe('http://x/return');
    const incomplete = await h.stripe.accounts.retrieve(a.id);
    expect(incomplete.details_submitted).toBe(true);
    expect(incomplete.charges_enabled).toBe(false);
    expect(incomplete.requirements?.currently_due?.length).toBeGreaterThan(0);

    const b = await h.stripe.accounts.create({ type: 'express', country: 'US', capabilities: { transfers: { requested: true } } });
    const lb = await h.stripe.accountLinks.create({
      account: b.id,
      type: 'account_onboarding',
      refresh_url: 'http://x/refresh',
      return_url: 'http://x/return',
    });
    await fetch(lb.url, { method: 'POST', body: new URLSearchParams({ action: 'reject' }), redirect: 'manual' });
    const rejected = await h.stripe.accounts.retrieve(b.id);
    expect(rejected.requirements?.disabled_reason).toBe('rejected.fraud');
    expect(rejected.capabilities?.transfers).toBe('inactive');
  });

  it('requests and reads capabilities', async () => {
    const a = await h.stripe.accounts.create({ type: 'express', country: 'US', capabilities: { transfers: { requested: true } } });
    expect((await h.stripe.accounts.retrieveCapability(a.id, 'transfers')).status).toBe('inactive');
    await helper(h.emulator, `/_emulator/accounts/${a.id}/complete_onboarding`);
    const card = await h.stripe.accounts.updateCapability(a.id, 'card_payments', { requested: true });
    expect(card).toMatchObject({ id: 'card_payments', status: 'active', account: a.id });
    expect((await h.stripe.accounts.listCapabilities(a.id)).data.map((c) => c.id).sort()).toEqual(['card_payments', 'transfers']);
    await expect(h.stripe.accounts.retrieveCapability(a.id, 'us_bank_account_ach_payments')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('creates login links for onboarded express accounts only', async () => {
    const a = await h.stripe.accounts.create({ type: 'express', country: 'US' });
    await expect(h.stripe.accounts.createLoginLink(a.id)).rejects.toMatchObject({ statusCode: 400 });
    await helper(h.emulator, `/_emulator/accounts/${a.id}/complete_onboarding`);
    const login = await h.stripe.accounts.createLoginLink(a.id);
    expect(login.object).toBe('login_link');
    expect((await fetch(login.url)).status).toBe(200);
  });
});
