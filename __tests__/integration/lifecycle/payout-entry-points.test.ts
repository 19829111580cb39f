/**
 * One payout path (DynamoDB Local + the emulator): CREATE_PAYOUT (stripe-connect), SCHEDULE_PAYOUT and INSTANT_PAYOUT
 * (payout-manager) apply the same rules to the provider's connected balance — what the provider owes stays on the
 * account, nothing below the minimum payout leaves, "Insufficient earnings" when nothing payable is left — and each
 * payout is recorded once (Payout record + PAYOUT line), however often the same request arrives.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repo } from '../../../lib/data/repository';
import type { ConnectResponses } from '../../../lib/http/stripe-connect';
import type { InstantPayoutResponse, SchedulePayoutResponse } from '../../../lib/http/payout-manager';
import { ADMIN, availableOf, drainProviderBalance, payoutCall, PROVIDER, providerAccount, providerDebt, tokens } from '../refunds/support';
import { fundPlatformBalance, startTestStack, type TestStack } from '../support/local-stack';

let stack: TestStack;
let t: ReturnType<typeof tokens>;
let account: string;

beforeAll(async () => {
  stack = await startTestStack('payout-entry-points');
  t = tokens(stack);
  account = await providerAccount(stack);
  // The platform's balance, available at once, to fund the connected account by transfer.
  await fundPlatformBalance(stack, 200_000);
});
afterAll(async () => stack?.close());

async function connectCall<T = Record<string, unknown>>(action: string, payload: object, token?: string) {
  const res = await stack.functions['stripe-connect']({ action, payload, ...(token ? { token } : {}) });
  return { status: res.statusCode, body: JSON.parse(res.body) as T };
}

/** The provider's connected account holds exactly `balanceCents` available, and they owe `debtCents`. */
async function provider(balanceCents: number, debtCents: number) {
  await stack.emulator.flushWebhooks();
  expect(await drainProviderBalance(stack)).toBe(0);
  await stack.deps.db.send(
    new UpdateCommand({
      TableName: stack.tables.UserProfile,
      Key: { id: PROVIDER.userId },
      UpdateExpression: 'SET providerDebtCents = :debt',
      ExpressionAttributeValues: { ':debt': debtCents },
    }),
  );
  await stack.deps.stripe.transfers.create({ amount: balanceCents, currency: 'usd', destination: account });
  expect(await availableOf(stack, account)).toBe(balanceCents);
}

const payoutIds = async () =>
  new Set((await stack.deps.stripe.payouts.list({ limit: 100 }, { stripeAccount: account })).data.map((p) => p.id));

let request = 0;
type Entry = 'CREATE_PAYOUT' | 'SCHEDULE_PAYOUT' | 'INSTANT_PAYOUT';
/** Asks `entry` to pay out `amountCents` (CREATE_PAYOUT) or everything it may (the others). */
function ask(entry: Entry, amountCents: number, requestId = `entry-req-${++request}`) {
  if (entry === 'CREATE_PAYOUT')
    return connectCall<ConnectResponses['CREATE_PAYOUT']>('CREATE_PAYOUT', { amountCents, currency: 'usd', requestId }, t.provider);
  if (entry === 'SCHEDULE_PAYOUT') return payoutCall<SchedulePayoutResponse>(stack, 'SCHEDULE_PAYOUT', {}, t.provider);
  return payoutCall<InstantPayoutResponse>(stack, 'INSTANT_PAYOUT', { requestId }, t.provider);
}

/** The payout amounts one answer reports. */
function paidOut(entry: Entry, body: unknown): number[] {
  if (entry === 'CREATE_PAYOUT') return [(body as ConnectResponses['CREATE_PAYOUT']).amountCents];
  if (entry === 'SCHEDULE_PAYOUT') return (body as SchedulePayoutResponse).payouts.map((p) => p.amountCents);
  const b = body as InstantPayoutResponse;
  return b.preview ? [] : [b.payout.amountCents];
}

describe('a provider who owes the platform', () => {
  // Balance 12 000, debt 5 000: 7 000 is payable (an instant payout leaves its 1.5% fee, 105, on the account).
  test.each([
    ['CREATE_PAYOUT', 7_000],
    ['SCHEDULE_PAYOUT', 7_000],
    ['INSTANT_PAYOUT', 6_895],
  ] as const)('%s cannot withdraw the debt; it pays out %i and the debt stays on the account', async (entry, expected) => {
    await provider(12_000, 5_000);
    const before = await payoutIds();
    // The whole balance, debt included.
    const greedy = await ask(entry, 12_000);
    if (entry === 'CREATE_PAYOUT') {
      expect(greedy.status).toBe(400);
      expect(greedy.body).toMatchObject({ code: 'INSUFFICIENT_EARNINGS', available: 7_000, requested: 12_000, currency: 'usd' });
    } else {
      expect(greedy.status, JSON.stringify(greedy.body)).toBe(200);
      expect(paidOut(entry, greedy.body)).toEqual([expected]);
    }
    expect(await availableOf(stack, account)).toBeGreaterThanOrEqual(5_000);
    expect(await providerDebt(stack)).toBe(5_000);

    // What is payable, CREATE_PAYOUT asked for it explicitly.
    const answer = entry === 'CREATE_PAYOUT' ? await ask(entry, 7_000) : greedy;
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(paidOut(entry, answer.body)).toEqual([expected]);
    expect(await availableOf(stack, account)).toBe(12_000 - expected);
    expect(await providerDebt(stack)).toBe(5_000);

    // Recorded like every payout: the Payout record and the PAYOUT line on the provider's ledger account.
    const made = [...(await payoutIds())].filter((id) => !before.has(id));
    expect(made).toHaveLength(1);
    expect(await repo.payout(stack.deps, made[0]!)).toMatchObject({ providerId: PROVIDER.userId, amountCents: expected });
    const lines = await repo.ledgerOfBooking(stack.deps, `provider:${PROVIDER.userId}`);
    expect(lines.filter((l) => l.type === 'PAYOUT' && l.stripeObjectId === made[0])).toMatchObject([
      { id: `provider:${PROVIDER.userId}#PAYOUT#${made[0]}`, amountCents: expected },
    ]);
  });
});

describe('the minimum payout and "Insufficient earnings" are the same at every entry point', () => {
  // [entry, balance, debt, amount asked (CREATE_PAYOUT), what the provider is told]
  test.each([
    ['CREATE_PAYOUT', 5_900, 5_000, 900, { status: 400, body: { code: 'INSUFFICIENT_EARNINGS', available: 900, requested: 900 } }],
    [
      'INSTANT_PAYOUT',
      5_900,
      5_000,
      0,
      { status: 400, body: { code: 'INSUFFICIENT_EARNINGS', requested: 1_000, details: { reason: 'BELOW_MINIMUM' } } },
    ],
    [
      'SCHEDULE_PAYOUT',
      5_900,
      5_000,
      0,
      { status: 200, body: { payouts: [], skipped: [{ currency: 'usd', availableCents: 5_900, reason: 'BELOW_MINIMUM' }] } },
    ],
    ['CREATE_PAYOUT', 5_000, 5_000, 1_000, { status: 400, body: { code: 'INSUFFICIENT_EARNINGS', available: 0, requested: 1_000 } }],
    [
      'INSTANT_PAYOUT',
      5_000,
      5_000,
      0,
      { status: 400, body: { code: 'INSUFFICIENT_EARNINGS', available: 0, details: { reason: 'NOTHING_AVAILABLE' } } },
    ],
    [
      'SCHEDULE_PAYOUT',
      5_000,
      5_000,
      0,
      { status: 200, body: { payouts: [], skipped: [{ currency: 'usd', availableCents: 5_000, reason: 'DEBT_OUTSTANDING' }] } },
    ],
    ['CREATE_PAYOUT', 999, 0, 999, { status: 400, body: { code: 'INSUFFICIENT_EARNINGS', available: 999, requested: 999 } }],
    [
      'SCHEDULE_PAYOUT',
      999,
      0,
      0,
      { status: 200, body: { payouts: [], skipped: [{ currency: 'usd', availableCents: 999, reason: 'BELOW_MINIMUM' }] } },
    ],
  ] as const)('%s with %i available and %i owed pays nothing', async (entry, balance, debt, amount, told) => {
    await provider(balance, debt);
    const before = await payoutIds();
    const res = await ask(entry, amount);
    expect(res).toMatchObject(told);
    expect(await payoutIds()).toEqual(before);
    expect(await availableOf(stack, account)).toBe(balance);
    expect(await providerDebt(stack)).toBe(debt);
  });
});

describe('CREATE_PAYOUT sent again', () => {
  test('the same request id is the same payout, recorded once, even once the balance no longer covers it', async () => {
    await provider(3_000, 1_000);
    const send = () =>
      connectCall<ConnectResponses['CREATE_PAYOUT']>(
        'CREATE_PAYOUT',
        { amountCents: 2_000, currency: 'usd', requestId: 'entry-dup-0001' },
        t.provider,
      );
    const first = await send();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const [again, concurrent] = await Promise.all([send(), send()]);
    for (const r of [again, concurrent])
      expect(r).toMatchObject({ status: 200, body: { payoutId: first.body.payoutId, amountCents: 2_000 } });
    expect(await availableOf(stack, account)).toBe(1_000); // the debt stayed
    await stack.emulator.flushWebhooks();
    const lines = await repo.ledgerOfBooking(stack.deps, `provider:${PROVIDER.userId}`);
    expect(lines.filter((l) => l.stripeObjectId === first.body.payoutId).map((l) => l.type)).toEqual(['PAYOUT']);
    expect(await repo.payout(stack.deps, first.body.payoutId)).toMatchObject({ amountCents: 2_000, batch: 'request-entry-dup-0001' });
  });
});

describe('CREATE_PAYOUT for another provider', () => {
  test('another provider is refused (403); an admin may pay out the provider, under the same rules', async () => {
    await provider(4_000, 1_000);
    const before = await payoutIds();
    const other = stack.tokenFor('user_other_provider', 'other@marketplace.local', ['PROVIDER']);
    const body = { providerId: PROVIDER.userId, amountCents: 2_000, currency: 'usd', requestId: 'entry-other-0001' };
    expect(await connectCall('CREATE_PAYOUT', body, other)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await connectCall('CREATE_PAYOUT', { ...body, providerId: undefined, accountId: account }, other)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    expect(await payoutIds()).toEqual(before);

    const admin = stack.tokenFor(ADMIN.userId, ADMIN.email, ['ADMIN', 'PROVIDER']);
    const greedy = await connectCall('CREATE_PAYOUT', { ...body, amountCents: 4_000, requestId: 'entry-admin-0001' }, admin);
    expect(greedy).toMatchObject({ status: 400, body: { code: 'INSUFFICIENT_EARNINGS', available: 3_000, requested: 4_000 } });
    const paid = await connectCall<ConnectResponses['CREATE_PAYOUT']>('CREATE_PAYOUT', { ...body, requestId: 'entry-admin-0002' }, admin);
    expect(paid).toMatchObject({ status: 200, body: { amountCents: 2_000 } });
    expect(await availableOf(stack, account)).toBe(2_000);
    expect(await repo.payout(stack.deps, paid.body.payoutId)).toMatchObject({ providerId: PROVIDER.userId, stripeAccountId: account });
  });
});
