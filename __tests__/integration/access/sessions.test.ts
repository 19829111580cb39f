/**
 * Sessions that can be ended: signing out and an admin's "sign out everywhere" refuse the session's tokens on the
 * next request, in every function, through the production verifier (lib/local/runtime.ts: signature and expiry, then
 * the revocation list in DynamoDB Local).
 */
import { createHmac } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSession } from '../../../lib/auth/local-session';
import { DEMO_USERS } from '../../../lib/local/seed';
import { startTestStack, type TestStack } from '../support/local-stack';

const [CUSTOMER, PROVIDER, ADMIN] = DEMO_USERS;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('sessions');
});
afterAll(async () => {
  await stack?.close();
});

async function call(fn: 'booking-processor' | 'stripe-connect', action: string, payload: object, token?: string) {
  const res = await stack.functions[fn]({ action, payload, ...(token ? { token } : {}) });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
}
const listBookings = (token: string) => call('booking-processor', 'LIST_MY_BOOKINGS', {}, token);
const customerToken = () => stack.tokenFor(CUSTOMER.userId, CUSTOMER.email);
const adminToken = () => stack.tokenFor(ADMIN.userId, ADMIN.email, ['ADMIN']);

describe('signing out', () => {
  it("refuses the session's token at once in every function; the user's other sessions go on", async () => {
    const phone = customerToken();
    const laptop = customerToken();
    expect((await listBookings(phone)).status).toBe(200);

    expect(await call('stripe-connect', 'SIGN_OUT', {}, phone)).toEqual({ status: 200, body: { signedOut: true } });

    const after = await listBookings(phone);
    expect(after).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED', error: 'You have been signed out. Please log in again.' },
    });
    expect((await call('stripe-connect', 'LIST_CARDS', {}, phone)).status).toBe(401);
    expect((await listBookings(laptop)).status).toBe(200);
  });

  it('a second sign-out with the same token is refused like any other call of a dead session', async () => {
    const token = customerToken();
    expect((await call('stripe-connect', 'SIGN_OUT', {}, token)).status).toBe(200);
    expect((await call('stripe-connect', 'SIGN_OUT', {}, token)).status).toBe(401);
  });

  it('refuses a correctly signed token that names no session (the format before sessions had ids)', async () => {
    const old = Buffer.from(JSON.stringify({ sub: CUSTOMER.userId, email: CUSTOMER.email, groups: [], exp: 9e9 })).toString('base64url');
    const token = `${old}.${createHmac('sha256', stack.sessionSecret).update(old).digest('base64url')}`;
    expect((await listBookings(token)).status).toBe(401);
  });
});

describe("an admin's sign out everywhere", () => {
  it("refuses every session of the user issued until then, keeps other users' sessions, and is in the audit log", async () => {
    const sessions = [customerToken(), customerToken()];
    const provider = stack.tokenFor(PROVIDER.userId, PROVIDER.email, ['PROVIDER']);
    for (const token of sessions) expect((await listBookings(token)).status).toBe(200);

    const res = await call('stripe-connect', 'ADMIN_REVOKE_SESSIONS', { userId: CUSTOMER.userId, reason: 'Lost phone' }, adminToken());
    expect(res).toMatchObject({ status: 200, body: { userId: CUSTOMER.userId, revokedAt: expect.any(String) } });

    for (const token of sessions) expect((await listBookings(token)).status).toBe(401);
    expect((await listBookings(provider)).status).toBe(200);

    // signing in again afterwards (a later second: token times are whole seconds) works
    const later = signSession({ userId: CUSTOMER.userId, email: CUSTOMER.email, groups: [] }, stack.sessionSecret, Date.now() + 1500);
    expect((await listBookings(later)).status).toBe(200);

    const events = await stack.deps.db.send(
      new QueryCommand({
        TableName: stack.tables.DomainEvent,
        IndexName: 'byAggregate',
        KeyConditionExpression: 'aggregateKey = :k',
        ExpressionAttributeValues: { ':k': `Customer#${CUSTOMER.userId}` },
      }),
    );
    const actions = (events.Items ?? []).filter((e) => e.type === 'AdminActionTaken').map((e) => e.payload as Record<string, unknown>);
    expect(actions).toContainEqual({ action: 'ADMIN_REVOKE_SESSIONS', reason: 'Lost phone' });
  });

  it('is for admins only, names a user who exists, and says why', async () => {
    const body = { userId: PROVIDER.userId, reason: 'Suspicious sign-ins' };
    const someone = stack.tokenFor('user_someone_else', 'someone@example.com');
    expect((await call('stripe-connect', 'ADMIN_REVOKE_SESSIONS', body, someone)).status).toBe(403);
    expect((await call('stripe-connect', 'ADMIN_REVOKE_SESSIONS', { ...body, userId: 'user_nobody' }, adminToken())).status).toBe(404);
    expect((await call('stripe-connect', 'ADMIN_REVOKE_SESSIONS', { userId: PROVIDER.userId }, adminToken())).status).toBe(400);
    // none of those signed the provider out
    expect((await listBookings(stack.tokenFor(PROVIDER.userId, PROVIDER.email, ['PROVIDER']))).status).toBe(200);
  });

  it('run twice (a retried request), it still refuses the old sessions and lets new ones in', async () => {
    const before = stack.tokenFor(PROVIDER.userId, PROVIDER.email, ['PROVIDER']);
    const body = { userId: PROVIDER.userId, reason: 'Role changed' };
    for (let i = 0; i < 2; i++) expect((await call('stripe-connect', 'ADMIN_REVOKE_SESSIONS', body, adminToken())).status).toBe(200);
    expect((await listBookings(before)).status).toBe(401);
    const after = signSession(
      { userId: PROVIDER.userId, email: PROVIDER.email, groups: ['PROVIDER'] },
      stack.sessionSecret,
      Date.now() + 1500,
    );
    expect((await listBookings(after)).status).toBe(200);
  });
});
