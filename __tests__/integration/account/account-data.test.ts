/**
 * EXPORT_MY_DATA and DELETE_MY_ACCOUNT through the production handlers, with a fresh local account: the export holds
 * only the caller's records; deletion cancels bookings still to come (a paid one refunded under its policy), cancels
 * the membership, deletes the Stripe customer, erases name and email while keeping ledger and payments, deletes the
 * sign-in and ends every session; a provider with money in flight is refused with what must settle first; a failed
 * deletion is finished by a retry, with no second refund or event.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../lib/auth/identity';
import type { DomainEventRecord } from '../../../lib/data/outbox';
import type { BookingRecord, CustomerRecord, UserProfileRecord } from '../../../lib/data/records';
import { queryIndex, repo } from '../../../lib/data/repository';
import type { AccountDataResponses } from '../../../lib/http/account-data';
import type { CustomerResponses } from '../../../lib/http/stripe-connect';
import { getLocalAccount, localAccountsTableFor, signUpLocal } from '../../../lib/local/accounts';
import { DEMO_USERS } from '../../../lib/local/seed';
import { deleteMyAccount } from '../../../lib/services/account-deletion';
import { connect, requestId } from '../customers/support';
import { confirmLikeStripeJs, firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';

let stack: TestStack;
let accountsTable: string;
const PHRASE = 'DELETE MY ACCOUNT';
const [CUSTOMER, PROVIDER] = DEMO_USERS;

beforeAll(async () => {
  stack = await startTestStack('account-data');
  accountsTable = localAccountsTableFor(stack.tables);
}, 120_000);
afterAll(async () => stack?.close());

const get = async <T>(table: string, id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }))).Item as T | undefined;
const eventsOfCustomer = (userId: string) =>
  queryIndex<DomainEventRecord>(stack.deps, 'DomainEvent', { index: 'byAggregate', key: 'aggregateKey', value: `Customer#${userId}` });

let slotSkip = 0;
async function person(label: string) {
  const email = `${label}-${Date.now()}@example.com`;
  const { identity } = await signUpLocal(stack.deps, accountsTable, { email, password: 'long-enough-1', displayName: `${label} Person` });
  return { identity, token: stack.tokenFor(identity.userId, identity.email) };
}

/** A cleaning booking by this person, paid with a card unless `unpaid`. */
async function bookCleaning(token: string, unpaid = false): Promise<string> {
  const slot = await firstFreeSlot(stack, 'svc_demo_cleaning', slotSkip++);
  const created = await stack.booking<{ bookingId: string; clientSecret: string }>(
    'CREATE_BOOKING',
    { serviceId: 'svc_demo_cleaning', ...slot, groupSize: 1 },
    token,
  );
  if (created.status !== 200) throw new Error(`CREATE_BOOKING ${created.status} ${JSON.stringify(created.body)}`);
  if (!unpaid) {
    const paid = await confirmLikeStripeJs(stack.emulator.url, created.body.clientSecret, '4242424242424242');
    if (paid.body.status !== 'succeeded') throw new Error(`payment ${JSON.stringify(paid.body)}`);
    await stack.emulator.flushWebhooks();
  }
  return created.body.bookingId;
}

async function activeMembership(token: string): Promise<string> {
  const sub = await connect<CustomerResponses['SUBSCRIBE']>(stack, 'SUBSCRIBE', { planId: 'plan_basic', requestId: requestId() }, token);
  await confirmLikeStripeJs(stack.emulator.url, sub.body.clientSecret!, '4242424242424242');
  const synced = await connect<CustomerResponses['SYNC_MEMBERSHIP']>(
    stack,
    'SYNC_MEMBERSHIP',
    { subscriptionId: sub.body.membership.id },
    token,
  );
  if (synced.body.membership.status !== 'active') throw new Error(`membership ${JSON.stringify(synced.body)}`);
  await stack.emulator.flushWebhooks();
  return sub.body.membership.id;
}

describe('EXPORT_MY_DATA', () => {
  it("holds the caller's profile, bookings, payments, credits and memberships, and nobody else's", async () => {
    const me = await person('exporter');
    const bookingId = await bookCleaning(me.token);
    const other = await bookCleaning(stack.customerToken);
    const out = await connect<AccountDataResponses['EXPORT_MY_DATA']>(stack, 'EXPORT_MY_DATA', {}, me.token);
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ userId: me.identity.userId, profile: { email: me.identity.email, displayName: 'exporter Person' } });
    expect(out.body.bookings.map((b) => b.id)).toEqual([bookingId]);
    expect(out.body.payments.map((p) => p.bookingId)).toEqual([bookingId]);
    expect(out.body.credits).toEqual({ balance: 0, changes: [] });
    expect(out.body.memberships).toEqual([]);
    expect(out.body.reviews).toEqual([]);
    expect(JSON.stringify(out.body)).not.toContain(other);
    expect(JSON.stringify(out.body)).not.toContain('__typename');
    // naming someone else is refused by the identity check, never answered with their data
    const theirs = await connect(stack, 'EXPORT_MY_DATA', { customerId: CUSTOMER!.userId }, me.token);
    expect(theirs.status).toBe(403);
  });
});

describe('DELETE_MY_ACCOUNT', () => {
  it('refuses without the phrase and changes nothing', async () => {
    const me = await person('hesitant');
    const res = await connect(stack, 'DELETE_MY_ACCOUNT', { confirmation: 'delete' }, me.token);
    expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { field: 'confirmation' } } });
    expect(await get<Record<string, unknown>>(stack.tables.UserProfile, me.identity.userId)).not.toHaveProperty('deletionStartedAt');
    expect((await connect(stack, 'LIST_PAYMENTS', {}, me.token)).status).toBe(200);
  });

  it('a customer with money in flight: bookings cancelled and refunded, membership and Stripe customer gone, identity erased, sessions ended', async () => {
    const me = await person('leaver');
    const paid = await bookCleaning(me.token);
    const unpaid = await bookCleaning(me.token, true);
    const membership = await activeMembership(me.token);
    const otherDevice = stack.tokenFor(me.identity.userId, me.identity.email);
    const stripeCustomerId = (await get<CustomerRecord>(stack.tables.Customer, me.identity.userId))!.stripeCustomerId!;
    const ledgerBefore = await repo.ledgerOfBooking(stack.deps, paid);

    const res = await connect<AccountDataResponses['DELETE_MY_ACCOUNT']>(stack, 'DELETE_MY_ACCOUNT', { confirmation: PHRASE }, me.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ deleted: true, cancelledMemberships: [membership], closedConnectedAccount: false });
    expect(res.body.cancelledBookings).toEqual([{ bookingId: paid, refundCents: expect.any(Number), currency: 'usd' }]);
    expect(res.body.cancelledBookings[0]!.refundCents).toBeGreaterThan(0);
    await stack.emulator.flushWebhooks();

    const [paidAfter, unpaidAfter] = [
      await get<BookingRecord>(stack.tables.Booking, paid),
      await get<BookingRecord>(stack.tables.Booking, unpaid),
    ];
    expect(paidAfter).toMatchObject({ status: 'CANCELLED', customerEmail: `deleted-${me.identity.userId}@deleted.invalid` });
    expect(unpaidAfter?.status).toBe('CANCELLED');
    // the ledger is kept (and grew by the refund), under the opaque ids only
    const ledgerAfter = await repo.ledgerOfBooking(stack.deps, paid);
    expect(ledgerAfter.length).toBeGreaterThan(ledgerBefore.length);
    expect(ledgerAfter.map((l) => l.type)).toContain('REFUND');
    expect(JSON.stringify(ledgerAfter)).not.toContain(me.identity.email);
    expect((await stack.deps.stripe.subscriptions.retrieve(membership)).status).toBe('canceled');
    await expect(stack.deps.stripe.customers.retrieve(stripeCustomerId)).rejects.toMatchObject({ statusCode: 404 });

    const profile = await get<UserProfileRecord & { deletedAt?: string }>(stack.tables.UserProfile, me.identity.userId);
    expect(profile).toMatchObject({ displayName: 'Deleted user', email: `deleted-${me.identity.userId}@deleted.invalid` });
    expect(profile?.deletedAt).toBeTruthy();
    expect((await get<CustomerRecord>(stack.tables.Customer, me.identity.userId))?.email).toBe(profile?.email);
    expect(await getLocalAccount(stack.deps.db, accountsTable, me.identity.email)).toBeUndefined();
    expect((await eventsOfCustomer(me.identity.userId)).filter((e) => e.type === 'AccountDeleted')).toHaveLength(1);

    // every session ended at once, this one and the other device's
    expect((await connect(stack, 'LIST_PAYMENTS', {}, me.token)).status).toBe(401);
    expect((await connect(stack, 'EXPORT_MY_DATA', {}, otherDevice)).status).toBe(401);
  });

  it('a retried deletion finishes what a failed one started, refunding and recording once', async () => {
    const me = await person('retry');
    const paid = await bookCleaning(me.token);
    let failures = 1;
    const directory = stack.deps.directory!;
    const failingOnce = {
      ...stack.deps,
      directory: {
        ...directory,
        deleteUser: async (userId: string, email: string) => {
          if (failures-- > 0) throw new Error('the directory is down');
          await directory.deleteUser(userId, email);
        },
      },
    };
    const identity: Identity = me.identity;
    await expect(deleteMyAccount(failingOnce, identity, PHRASE)).rejects.toThrow('the directory is down');
    // half done: cancelled and erased, but the sign-in is still there and the session still works
    expect((await get<BookingRecord>(stack.tables.Booking, paid))?.status).toBe('CANCELLED');
    expect(await getLocalAccount(stack.deps.db, accountsTable, me.identity.email)).toBeDefined();

    const retried = await connect<AccountDataResponses['DELETE_MY_ACCOUNT']>(
      stack,
      'DELETE_MY_ACCOUNT',
      { confirmation: PHRASE },
      me.token,
    );
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.cancelledBookings).toEqual([]);
    expect(await getLocalAccount(stack.deps.db, accountsTable, me.identity.email)).toBeUndefined();
    expect((await eventsOfCustomer(me.identity.userId)).filter((e) => e.type === 'AccountDeleted')).toHaveLength(1);
    expect((await repo.ledgerOfBooking(stack.deps, paid)).filter((l) => l.type === 'REFUND')).toHaveLength(1);
    expect((await connect(stack, 'LIST_PAYMENTS', {}, me.token)).status).toBe(401);
  });

  it('a provider with money in flight is told what must settle first, and nothing changes', async () => {
    await bookCleaning(stack.customerToken); // a paid booking with the demo provider: CONFIRMED, still to be delivered
    const token = stack.tokenFor(PROVIDER!.userId, PROVIDER!.email, ['PROVIDER']);
    const res = await connect<{ error: string; details: { mustSettle: { kind: string; count: number }[] } }>(
      stack,
      'DELETE_MY_ACCOUNT',
      { confirmation: PHRASE },
      token,
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/cannot be closed while money is in flight.*paid booking/);
    expect(res.body.details.mustSettle.find((b) => b.kind === 'confirmedBookings')?.count).toBeGreaterThan(0);
    const profile = await get<Record<string, unknown>>(stack.tables.UserProfile, PROVIDER!.userId);
    expect(profile).not.toHaveProperty('deletionStartedAt');
    expect(profile?.displayName).toBe(PROVIDER!.displayName);
    expect((await connect(stack, 'CHECK_ACCOUNT_STATUS', { providerId: PROVIDER!.userId }, token)).status).toBe(200);
  });

  it('a provider with nothing in flight: the connected account is closed', async () => {
    const me = await person('closer');
    const token = stack.tokenFor(me.identity.userId, me.identity.email, ['PROVIDER']);
    const created = await connect<{ accountId: string }>(stack, 'CREATE_ACCOUNT', { providerId: me.identity.userId }, token);
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const res = await connect<AccountDataResponses['DELETE_MY_ACCOUNT']>(stack, 'DELETE_MY_ACCOUNT', { confirmation: PHRASE }, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.closedConnectedAccount).toBe(true);
    await expect(stack.deps.stripe.accounts.retrieve(created.body.accountId)).rejects.toMatchObject({ statusCode: 404 });
    expect(await get<Record<string, unknown>>(stack.tables.UserProfile, me.identity.userId)).toHaveProperty('connectedAccountClosedAt');
  });
});
