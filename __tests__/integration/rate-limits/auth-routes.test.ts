/**
 * The local-mode account routes (app/api/auth/login, app/api/auth/signup) as Next.js runs them, on the local stack
 * of this run (TABLE_SUFFIX `test`) with the production limits: 5 wrong passwords per account, then a 15-minute
 * block; 20 sign-ups per hour per client IP. Without TRUSTED_PROXY_HOPS every client shares one IP key, so a client
 * cannot get a fresh count by inventing an X-Forwarded-For.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as login } from '../../../app/api/auth/login/route';
import { POST as signup } from '../../../app/api/auth/signup/route';
import { localTableNames } from '../../../lib/data/tables';
import { createLocalAccount, ensureLocalAccountsTable, getLocalAccount, localAccountsTableFor } from '../../../lib/local/accounts';
import { testDynamoClients } from '../../setup/dynamo';

const clients = testDynamoClients();
// the tables lib/local/app.ts builds its stack on, from this process's environment
const accounts = localAccountsTableFor(localTableNames(process.env.TABLE_SUFFIX));
const PASSWORD = 'correct-horse-battery';

beforeAll(async () => {
  expect(process.env.TRUSTED_PROXY_HOPS ?? '').toBe('');
  await ensureLocalAccountsTable(clients.doc, accounts);
});

const post = (route: (req: Request) => Promise<Response>, path: string, body: object, forwardedFor?: string) =>
  route(
    new Request(`http://localhost:3000/api/auth/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'http://localhost:3000',
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
      body: JSON.stringify(body),
    }),
  );
const randomIp = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

async function expect429(res: Response, seconds: (s: number) => boolean): Promise<number> {
  expect(res.status).toBe(429);
  const body = (await res.json()) as { error: string; code: string; details: { retryAfterSeconds: number } };
  expect(body.code).toBe('RATE_LIMITED');
  expect(body.error).toMatch(/^Too many attempts\. Try again in .+\.$/);
  expect(res.headers.get('retry-after')).toBe(String(body.details.retryAfterSeconds));
  expect(seconds(body.details.retryAfterSeconds)).toBe(true);
  return body.details.retryAfterSeconds;
}

describe('POST /api/auth/login', () => {
  it('answers 401 to 4 wrong passwords, 429 for 15 minutes from the 5th, even to the right one; other accounts sign in', async () => {
    const email = `route-login-${randomUUID().slice(0, 8)}@example.com`;
    const other = `route-other-${randomUUID().slice(0, 8)}@example.com`;
    for (const [address, userId] of [
      [email, 'user_route_login'],
      [other, 'user_route_other'],
    ] as const) {
      await createLocalAccount(clients.doc, accounts, { email: address, userId, displayName: 'Route', groups: [], password: PASSWORD });
    }
    for (let i = 1; i <= 4; i++) {
      const res = await post(login, 'login', { email, password: `wrong-${i}` }, randomIp());
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    }
    const blocked = await post(login, 'login', { email, password: 'wrong-5' }, randomIp());
    expect(await expect429(blocked, (s) => s === 900)).toBe(900);
    const right = await post(login, 'login', { email: email.toUpperCase(), password: PASSWORD });
    await expect429(right, (s) => s > 890 && s <= 900);
    expect(right.headers.get('set-cookie')).toBeNull();

    const fine = await post(login, 'login', { email: other, password: PASSWORD });
    expect(fine.status).toBe(200);
    expect(fine.headers.get('set-cookie')).toMatch(/^marketplace_session=/);
  });
});

describe('POST /api/auth/signup', () => {
  it('creates 20 accounts an hour per client, then 429 before anything is written, replays included', async () => {
    const email = (i: number) => `route-signup-${i}-${randomUUID().slice(0, 8)}@example.com`;
    const first = { email: email(1), password: PASSWORD, displayName: 'Sign Up 1' };
    expect((await post(signup, 'signup', first, randomIp())).status).toBe(201);
    for (let i = 2; i <= 20; i++) {
      const res = await post(signup, 'signup', { email: email(i), password: PASSWORD, displayName: `Sign Up ${i}` }, randomIp());
      expect(res.status).toBe(201);
    }
    const oneOverTheLimit = { email: email(21), password: PASSWORD, displayName: 'Sign Up 21' };
    await expect429(await post(signup, 'signup', oneOverTheLimit, randomIp()), (s) => s > 3500 && s <= 3600);
    expect(await getLocalAccount(clients.doc, accounts, oneOverTheLimit.email)).toBeUndefined();
    // the first sign-up sent again: refused by the limit (not a 409 from the account that exists)
    await expect429(await post(signup, 'signup', first), (s) => s <= 3600);
  });
});
