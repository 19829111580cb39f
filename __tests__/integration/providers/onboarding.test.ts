import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountStatusView, ConnectResponses } from '../../../lib/http/stripe-connect';
import { getLocalAccount } from '../../../lib/local/accounts';
import { fundPlatformBalance, TEST_WEBHOOK_SECRET } from '../support/local-stack';
import { startProviderStack, type ProviderStack } from './provider-stack';

let stack: ProviderStack;

beforeAll(async () => {
  stack = await startProviderStack('onboarding');
});
afterAll(async () => stack?.close());

const RETURN_PATH = '/provider?onboarding=returned';

async function startOnboarding(name: string) {
  const provider = await stack.newProvider(name);
  const created = await stack.connect<ConnectResponses['CREATE_ACCOUNT']>('CREATE_ACCOUNT', { country: 'US' }, provider.token);
  expect(created.status).toBe(200);
  return { ...provider, accountId: created.body.accountId, onboardingUrl: created.body.onboardingUrl };
}

describe('JOIN_PROVIDERS ("Become a provider")', () => {
  it('adds the caller to the PROVIDER group of their own sign-in account, idempotently', async () => {
    const p = await stack.newProvider('joiner');
    const again = await stack.connect<ConnectResponses['JOIN_PROVIDERS']>('JOIN_PROVIDERS', {}, p.userToken);
    expect(again).toMatchObject({ status: 200, body: { groups: ['PROVIDER'], refreshSession: true } });
    const account = await getLocalAccount(stack.deps.db, stack.accountsTable, p.email);
    expect(account?.groups).toEqual(['PROVIDER']);
    expect((await stack.profile(p.userId))?.email).toBe(p.email);
  });

  it('needs a signed-in user', async () => {
    expect((await stack.connect('JOIN_PROVIDERS', {})).status).toBe(401);
  });
});

describe('CREATE_ACCOUNT', () => {
  it('creates one Express account with card_payments and transfers, stored on the profile, with an onboarding link', async () => {
    const p = await startOnboarding('creator');
    expect(p.accountId).toMatch(/^acct_/);
    expect(p.onboardingUrl).toContain('/_emulator/connect/onboarding/');
    const account = await stack.deps.stripe.accounts.retrieve(p.accountId);
    expect(account).toMatchObject({ type: 'express', country: 'US', email: p.email, metadata: { userId: p.userId } });
    expect(Object.keys(account.capabilities ?? {}).sort()).toEqual(['card_payments', 'transfers']);
    const profile = await stack.profile(p.userId);
    expect(profile).toMatchObject({ stripeAccountId: p.accountId, stripeAccountStatus: 'PENDING', stripeChargesEnabled: false });
    expect(profile?.stripeAccountClaimedAt).toBeUndefined();
  });

  it('called twice returns the same account (and a fresh onboarding link)', async () => {
    const p = await startOnboarding('twice');
    const second = await stack.connect<ConnectResponses['CREATE_ACCOUNT']>('CREATE_ACCOUNT', { country: 'US' }, p.token);
    expect(second.status).toBe(200);
    expect(second.body.accountId).toBe(p.accountId);
    expect(second.body.onboardingUrl).not.toBe(p.onboardingUrl);
  });

  it('called concurrently creates exactly one account', async () => {
    const p = await stack.newProvider('racer');
    const calls = await Promise.all(
      Array.from({ length: 5 }, () => stack.connect<ConnectResponses['CREATE_ACCOUNT']>('CREATE_ACCOUNT', {}, p.token)),
    );
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 200, 200]);
    const ids = new Set(calls.map((c) => c.body.accountId));
    expect(ids.size).toBe(1);
    const all = await stack.deps.stripe.accounts.list({ limit: 100 });
    expect(all.data.filter((a) => a.email === p.email)).toHaveLength(1);
    expect((await stack.profile(p.userId))?.stripeAccountId).toBe([...ids][0]);
  });

  it('the account is the caller\u2019s own: another providerId answers 403', async () => {
    const a = await stack.newProvider('owner');
    const b = await stack.newProvider('intruder');
    const res = await stack.connect('CREATE_ACCOUNT', { providerId: a.userId }, b.token);
    expect(res).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect((await stack.profile(a.userId))?.stripeAccountId).toBeUndefined();
  });
});

describe('onboarding on the emulator\u2019s page', () => {
  it('Complete onboarding → back on the dashboard URL, the webhook stores ACTIVE, CHECK_ACCOUNT_STATUS agrees', async () => {
    const p = await startOnboarding('complete');
    const back = await stack.submitOnboarding(p.onboardingUrl, 'Complete onboarding');
    expect(back.status).toBe(303);
    expect(back.location).toBe(`${stack.appUrl}${RETURN_PATH}`);
    await stack.emulator.flushWebhooks();
    // account.updated alone (no status check yet) brought the profile up to date.
    expect(await stack.profile(p.userId)).toMatchObject({
      stripeAccountStatus: 'ACTIVE',
      stripeChargesEnabled: true,
      stripePayoutsEnabled: true,
      stripeDetailsSubmitted: true,
      stripeOnboardingComplete: true,
    });
    const status = await stack.connect<AccountStatusView>('CHECK_ACCOUNT_STATUS', {}, p.token);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      accountId: p.accountId,
      status: 'ACTIVE',
      chargesEnabled: true,
      payoutsEnabled: true,
      capabilities: { card_payments: 'active', transfers: 'active' },
      requirements: { currentlyDue: [], pastDue: [], disabledReason: null },
    });
    const login = await stack.connect<ConnectResponses['CREATE_LOGIN_LINK']>('CREATE_LOGIN_LINK', {}, p.token);
    expect(login.status).toBe(200);
    expect(login.body.url).toContain('/_emulator/express/');
  });

  it('Leave incomplete → RESTRICTED, with what Stripe still needs in words', async () => {
    const p = await startOnboarding('incomplete');
    await stack.submitOnboarding(p.onboardingUrl, 'Leave incomplete');
    await stack.emulator.flushWebhooks();
    const status = await stack.connect<AccountStatusView>('CHECK_ACCOUNT_STATUS', {}, p.token);
    expect(status.body.status).toBe('RESTRICTED');
    expect(status.body.requirements.pastDue.map((r) => r.description)).toEqual([
      'Bank account for payouts',
      'Personal ID number (e.g. Social Security number)',
    ]);
    expect(status.body.requirements.disabledReasonText).toMatch(/needs more information/);
    expect((await stack.profile(p.userId))?.stripeAccountStatus).toBe('RESTRICTED');
  });

  it('before onboarding, PENDING lists every field Stripe needs, grouped in words', async () => {
    const p = await startOnboarding('pending');
    const status = await stack.connect<AccountStatusView>('CHECK_ACCOUNT_STATUS', {}, p.token);
    expect(status.body.status).toBe('PENDING');
    const words = status.body.requirements.currentlyDue.map((r) => r.description);
    expect(words).toContain('Date of birth');
    expect(words.filter((w) => w === 'Date of birth')).toHaveLength(1);
    expect(words).toContain('Bank account for payouts');
    // The Express dashboard opens only after onboarding.
    expect((await stack.connect('CREATE_LOGIN_LINK', {}, p.token)).status).toBe(400);
  });

  it('Reject account → REJECTED', async () => {
    const p = await startOnboarding('rejected');
    await stack.submitOnboarding(p.onboardingUrl, 'Reject account');
    await stack.emulator.flushWebhooks();
    expect((await stack.profile(p.userId))?.stripeAccountStatus).toBe('REJECTED');
    const status = await stack.connect<AccountStatusView>('CHECK_ACCOUNT_STATUS', {}, p.token);
    expect(status.body).toMatchObject({ status: 'REJECTED', requirements: { disabledReason: 'rejected.fraud' } });
    expect(status.body.requirements.disabledReasonText).toMatch(/rejected/i);
  });

  it('a used link leads to the refresh route; CREATE_ACCOUNT_LINK makes a fresh one', async () => {
    const p = await startOnboarding('relink');
    await stack.submitOnboarding(p.onboardingUrl, 'Leave incomplete');
    const stale = await fetch(p.onboardingUrl, { redirect: 'manual' });
    expect(stale.status).toBe(303);
    expect(stale.headers.get('location')).toBe(`${stack.appUrl}/provider/onboarding/refresh`);
    const link = await stack.connect<ConnectResponses['CREATE_ACCOUNT_LINK']>(
      'CREATE_ACCOUNT_LINK',
      { type: 'account_onboarding' },
      p.token,
    );
    expect(link.status).toBe(200);
    expect(link.body.url).not.toBe(p.onboardingUrl);
    const back = await stack.submitOnboarding(link.body.url, 'Complete onboarding');
    expect(back.location).toBe(`${stack.appUrl}${RETURN_PATH}`);
    const status = await stack.connect<AccountStatusView>('CHECK_ACCOUNT_STATUS', {}, p.token);
    expect(status.body.status).toBe('ACTIVE');
  });
});

describe('account.updated events', () => {
  const deliver = (event: object) => {
    const payload = JSON.stringify(event);
    const signature = stack.deps.stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET });
    return stack.functions['stripe-webhook']({ headers: { 'Stripe-Signature': signature }, body: payload });
  };
  const outcome = (res: { statusCode: number; body: string }) => ({
    status: res.statusCode,
    outcome: JSON.parse(res.body).outcome as string,
  });

  it('delivered newest first, then the older one, and duplicated: the stored state is Stripe\u2019s current one', async () => {
    const p = await startOnboarding('reorder');
    await stack.emulator.flushWebhooks();
    await stack.pauseWebhooks();
    try {
      await stack.submitOnboarding(p.onboardingUrl, 'Leave incomplete'); // event 1: RESTRICTED
      const link = await stack.connect<ConnectResponses['CREATE_ACCOUNT_LINK']>('CREATE_ACCOUNT_LINK', {}, p.token);
      await stack.submitOnboarding(link.body.url, 'Complete onboarding'); // event 2: ACTIVE
      const events = await stack.deps.stripe.events.list({ type: 'account.updated', limit: 100 }, { stripeAccount: p.accountId });
      const [newer, older] = events.data as Stripe.Event[]; // newest first
      expect(older?.created).toBeLessThanOrEqual(newer!.created);
      expect((older!.data.object as Stripe.Account).details_submitted).toBe(true);
      expect((older!.data.object as Stripe.Account).payouts_enabled).toBe(false);
      expect((newer!.data.object as Stripe.Account).payouts_enabled).toBe(true);

      expect(outcome(await deliver(newer!))).toEqual({ status: 200, outcome: 'processed' });
      expect((await stack.profile(p.userId))?.stripeAccountStatus).toBe('ACTIVE');
      // The older event arrives late: its payload says "restricted", but Stripe now says ACTIVE.
      expect(outcome(await deliver(older!))).toEqual({ status: 200, outcome: 'processed' });
      expect((await stack.profile(p.userId))?.stripeAccountStatus).toBe('ACTIVE');
      // Duplicates change nothing.
      const dupes = await Promise.all([deliver(newer!), deliver(older!)]);
      expect(dupes.map(outcome)).toEqual([
        { status: 200, outcome: 'duplicate' },
        { status: 200, outcome: 'duplicate' },
      ]);
      expect((await stack.profile(p.userId))?.stripeAccountStatus).toBe('ACTIVE');
    } finally {
      await stack.resumeWebhooks();
      await stack.emulator.flushWebhooks();
    }
    // The emulator's own (late) deliveries of both events are duplicates as well.
    expect((await stack.profile(p.userId))?.stripeAccountStatus).toBe('ACTIVE');
  });

  it('an old event re-delivered under a new id after a rejection cannot bring ACTIVE back', async () => {
    const p = await startOnboarding('stale');
    await stack.submitOnboarding(p.onboardingUrl, 'Complete onboarding');
    await stack.emulator.flushWebhooks();
    const [activeEvent] = (await stack.deps.stripe.events.list({ type: 'account.updated', limit: 1 }, { stripeAccount: p.accountId })).data;
    await fetch(`${stack.emulator.url}/_emulator/accounts/${p.accountId}/reject`, { method: 'POST' });
    await stack.emulator.flushWebhooks();
    expect((await stack.profile(p.userId))?.stripeAccountStatus).toBe('REJECTED');
    const replay = { ...activeEvent!, id: `${activeEvent!.id}_replayed` };
    expect(outcome(await deliver(replay))).toEqual({ status: 200, outcome: 'processed' });
    expect((await stack.profile(p.userId))?.stripeAccountStatus).toBe('REJECTED');
  });

  it('concurrent events of one account converge on the current state', async () => {
    const p = await startOnboarding('concurrent');
    await stack.submitOnboarding(p.onboardingUrl, 'Complete onboarding');
    await stack.emulator.flushWebhooks();
    const [event] = (await stack.deps.stripe.events.list({ type: 'account.updated', limit: 1 }, { stripeAccount: p.accountId })).data;
    const copies = Array.from({ length: 4 }, (_, i) => ({ ...event!, id: `${event!.id}_c${i}` }));
    const results = await Promise.all(copies.map(deliver));
    // A conflict past the handler's retries answers 500 (nothing written) and Stripe delivers again.
    const retried = await Promise.all(results.map((r, i) => (r.statusCode === 200 ? r : deliver(copies[i]!))));
    expect(retried.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect((await stack.profile(p.userId))?.stripeAccountStatus).toBe('ACTIVE');
  });

  it('an account that is not one of our providers is acknowledged and ignored', async () => {
    const res = await deliver({
      id: 'evt_foreign_account_1',
      object: 'event',
      type: 'account.updated',
      account: 'acct_not_ours',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'acct_not_ours', object: 'account' } },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('authorization', () => {
  it('a customer calling provider actions gets 403; anonymous callers 401', async () => {
    for (const action of ['CREATE_ACCOUNT', 'CREATE_ACCOUNT_LINK', 'CHECK_ACCOUNT_STATUS', 'CREATE_LOGIN_LINK']) {
      const res = await stack.connect(action, {}, stack.customerToken);
      expect({ action, status: res.status, code: res.body.code }).toEqual({ action, status: 403, code: 'FORBIDDEN' });
      expect((await stack.connect(action, {})).status).toBe(401);
    }
    const payout = await stack.connect(
      'CREATE_PAYOUT',
      { amountCents: 100, currency: 'usd', requestId: 'req_customer_1' },
      stack.customerToken,
    );
    expect(payout.status).toBe(403);
  });

  it('a provider cannot touch another provider\u2019s account', async () => {
    const a = await startOnboarding('victim');
    const b = await startOnboarding('attacker');
    const attempts: [string, object][] = [
      ['CHECK_ACCOUNT_STATUS', { accountId: a.accountId }],
      ['CREATE_ACCOUNT_LINK', { accountId: a.accountId }],
      ['CREATE_LOGIN_LINK', { accountId: a.accountId }],
      ['CREATE_PAYOUT', { accountId: a.accountId, amountCents: 100, currency: 'usd', requestId: 'req_attack_01' }],
      ['CHECK_ACCOUNT_STATUS', { providerId: a.userId }],
    ];
    for (const [action, payload] of attempts) {
      const res = await stack.connect(action, payload, b.token);
      expect({ action, status: res.status, code: res.body.code }).toEqual({ action, status: 403, code: 'FORBIDDEN' });
    }
    // Without an account id, every action works on the caller's own account.
    const own = await stack.connect<AccountStatusView>('CHECK_ACCOUNT_STATUS', {}, b.token);
    expect(own.body.accountId).toBe(b.accountId);
  });

  it('a provider without an account yet: status NOT_STARTED, links 404', async () => {
    const p = await stack.newProvider('fresh');
    const status = await stack.connect<AccountStatusView>('CHECK_ACCOUNT_STATUS', {}, p.token);
    expect(status.body).toMatchObject({ status: 'NOT_STARTED', accountId: null });
    expect((await stack.connect('CREATE_ACCOUNT_LINK', {}, p.token)).status).toBe(404);
  });
});

describe('CREATE_PAYOUT', () => {
  it('more than the available balance → 400 "Insufficient earnings" with the numbers', async () => {
    const p = await startOnboarding('payout');
    await stack.submitOnboarding(p.onboardingUrl, 'Complete onboarding');
    const res = await stack.connect('CREATE_PAYOUT', { amountCents: 20_000, currency: 'usd', requestId: 'req_payout_0001' }, p.token);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'Insufficient earnings',
      code: 'INSUFFICIENT_EARNINGS',
      available: 0,
      requested: 20_000,
      currency: 'usd',
      details: { available: 0, requested: 20_000, currency: 'usd' },
    });
    const payouts = await stack.deps.stripe.payouts.list({ limit: 10 }, { stripeAccount: p.accountId });
    expect(payouts.data).toHaveLength(0);
  });

  it('within the available balance pays out from the provider\u2019s own account, once per request id', async () => {
    const p = await startOnboarding('earner');
    await stack.submitOnboarding(p.onboardingUrl, 'Complete onboarding');
    // Fund the connected account the way payout-manager will: a transfer from the platform's (immediately available) balance.
    await fundPlatformBalance(stack, 5_000);
    await stack.deps.stripe.transfers.create({ amount: 3_000, currency: 'usd', destination: p.accountId });
    const body = { amountCents: 1_000, currency: 'usd', requestId: 'req_payout_ok_1' };
    const first = await stack.connect<ConnectResponses['CREATE_PAYOUT']>('CREATE_PAYOUT', body, p.token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ amountCents: 1_000, currency: 'usd', method: 'standard' });
    const again = await stack.connect<ConnectResponses['CREATE_PAYOUT']>('CREATE_PAYOUT', body, p.token);
    expect(again.body.payoutId).toBe(first.body.payoutId);
    const payouts = await stack.deps.stripe.payouts.list({ limit: 10 }, { stripeAccount: p.accountId });
    expect(payouts.data.map((x) => x.id)).toEqual([first.body.payoutId]);
    const tooMuch = await stack.connect('CREATE_PAYOUT', { ...body, amountCents: 5_000, requestId: 'req_payout_ok_2' }, p.token);
    expect(tooMuch.body).toMatchObject({ code: 'INSUFFICIENT_EARNINGS', available: 2_000, requested: 5_000 });
  });

  it('rejects amounts that are not whole positive cents', async () => {
    const p = await stack.newProvider('badpayout');
    for (const amountCents of [0, -5, 10.5, '100']) {
      const res = await stack.connect('CREATE_PAYOUT', { amountCents, currency: 'usd', requestId: 'req_bad_amount' }, p.token);
      expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
  });
});

describe('CREATE_PAYMENT_INTENT', () => {
  it('only for the caller\u2019s own unpaid booking; the amount comes from the booking', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const avail = await stack.booking<{ slots: { startDateTime: string; endDateTime: string }[] }>('CHECK_AVAILABILITY', {
      serviceId: 'svc_demo_yoga',
      from: today,
      to,
    });
    const slot = avail.body.slots[0]!;
    const booked = await stack.booking<{ bookingId: string; clientSecret: string }>(
      'CREATE_BOOKING',
      { serviceId: 'svc_demo_yoga', ...slot, groupSize: 2 },
      stack.customerToken,
    );
    expect(booked.status).toBe(200);
    const res = await stack.connect<ConnectResponses['CREATE_PAYMENT_INTENT']>(
      'CREATE_PAYMENT_INTENT',
      { bookingId: booked.body.bookingId },
      stack.customerToken,
    );
    expect(res.body).toMatchObject({ clientSecret: booked.body.clientSecret, amountCents: 9_100, currency: 'usd' });
    const other = stack.tokenFor('user_someone_else', 'someone@example.com');
    expect((await stack.connect('CREATE_PAYMENT_INTENT', { bookingId: booked.body.bookingId }, other)).status).toBe(404);
    expect(
      (await stack.connect('CREATE_PAYMENT_INTENT', { bookingId: booked.body.bookingId, amount: 1 }, stack.customerToken)).status,
    ).toBe(400);
  });
});
