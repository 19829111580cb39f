/**
 * The local sign-in routes as the browser calls them (the Next.js route handlers, in process, over DynamoDB Local):
 * a session cookie per sign-in, a refresh that keeps the session and its expiry, a sign-out that ends it everywhere,
 * and the refusals that come before any of it (another site, not JSON, a production server, an unknown mode).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as login } from '@/app/api/auth/login/route';
import { POST as logout } from '@/app/api/auth/logout/route';
import { GET as me } from '@/app/api/auth/me/route';
import { POST as refresh } from '@/app/api/auth/refresh/route';
import { POST as signup } from '@/app/api/auth/signup/route';
import { POST as bookingProcessor } from '@/app/api/booking-processor/route';
import { SESSION_COOKIE } from '@/lib/auth/local-session';
import { createLocalAccount, ensureLocalAccountsTable, localAccountsTable } from '@/lib/local/accounts';
import { localDeps, localEnv } from '@/lib/local/runtime';

const APP = 'http://localhost:3000';
const PASSWORD = 'long-enough-1';
const email = `routes-${Date.now()}@example.com`;
const saved = { ...process.env };

beforeAll(async () => {
  // this file's own secrets: the routes build the local app from the environment
  process.env.LOCAL_SESSION_SECRET = randomBytes(32).toString('base64url');
  process.env.STRIPE_WEBHOOK_SECRET = `whsec_${randomBytes(16).toString('hex')}`;
  process.env.APP_URL = APP;
  const deps = localDeps(localEnv());
  const table = localAccountsTable(localEnv().TABLE_SUFFIX);
  await ensureLocalAccountsTable(deps.db, table);
  await createLocalAccount(deps.db, table, {
    email,
    userId: `user_routes_${Date.now()}`,
    displayName: 'Rita Routes',
    groups: [],
    password: PASSWORD,
  });
});
afterEach(() => {
  const env = process.env as Record<string, string | undefined>;
  for (const key of ['NODE_ENV', 'LOCAL_AUTH_IN_PRODUCTION', 'NEXT_PUBLIC_MARKETPLACE_MODE']) {
    if (saved[key] === undefined) delete env[key];
    else env[key] = saved[key];
  }
});
afterAll(() => {
  process.env = saved;
});

function post(path: string, body: string, headers: Record<string, string> = {}): Request {
  return new Request(`${APP}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', origin: APP, 'sec-fetch-site': 'same-origin', ...headers },
  });
}
const credentials = () => JSON.stringify({ email, password: PASSWORD });
const cookieOf = (res: Response) => /marketplace_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
const withCookie = (token: string) => ({ cookie: `${SESSION_COOKIE}=${token}` });
const claims = (token: string) =>
  JSON.parse(Buffer.from(decodeURIComponent(token).split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
const whoAmI = async (token: string) =>
  ((await (await me(new Request(`${APP}/api/auth/me`, { headers: withCookie(token) }))).json()) as { user: unknown }).user;

describe('signing in, refreshing and signing out', () => {
  it('a refresh keeps the session and its expiry; signing out ends both tokens at once', async () => {
    const signedIn = await login(post('/api/auth/login', credentials()));
    expect(signedIn.status).toBe(200);
    const first = cookieOf(signedIn)!;
    expect(signedIn.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    expect(await whoAmI(first)).toMatchObject({ email });

    const refreshed = await refresh(post('/api/auth/refresh', '{}', withCookie(first)));
    expect(refreshed.status).toBe(200);
    const second = cookieOf(refreshed)!;
    expect(claims(second)).toMatchObject({ sid: claims(first).sid, exp: claims(first).exp });

    const out = await logout(post('/api/auth/logout', '{}', withCookie(second)));
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/marketplace_session=; .*Max-Age=0/);
    for (const token of [first, second]) {
      expect(await whoAmI(token)).toBeNull();
      const call = await bookingProcessor(
        post('/api/booking-processor', JSON.stringify({ action: 'LIST_MY_BOOKINGS' }), withCookie(token)),
      );
      expect(call.status).toBe(401);
    }
    // signing out again (a double click) is fine
    expect((await logout(post('/api/auth/logout', '{}', withCookie(second)))).status).toBe(200);
  });

  it('every sign-in is its own session: signing out one leaves the other', async () => {
    const a = cookieOf(await login(post('/api/auth/login', credentials())))!;
    const b = cookieOf(await login(post('/api/auth/login', credentials())))!;
    expect(claims(a).sid).not.toBe(claims(b).sid);
    await logout(post('/api/auth/logout', '{}', withCookie(a)));
    expect(await whoAmI(a)).toBeNull();
    expect(await whoAmI(b)).toMatchObject({ email });
  });
});

describe('refused before anything is read', () => {
  it.each([
    [
      'a cross-site form post',
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      403,
    ],
    ['a cross-site fetch with a JSON body', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, 403],
    ['a same-origin text/plain body', { 'content-type': 'text/plain' }, 415],
  ])('login: %s → %i and no session cookie', async (_label, headers, status) => {
    const res = await login(post('/api/auth/login', credentials(), headers));
    expect(res.status).toBe(status);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.json()).toMatchObject({ code: expect.any(String), error: expect.any(String) });
  });

  it('sign-up from another site writes nothing', async () => {
    const other = `csrf-${Date.now()}@example.com`;
    const res = await signup(
      post('/api/auth/signup', JSON.stringify({ email: other, password: PASSWORD, displayName: 'Mallory' }), {
        origin: 'https://evil.example',
      }),
    );
    expect(res.status).toBe(403);
    const deps = localDeps(localEnv());
    const { getLocalAccount } = await import('@/lib/local/accounts');
    expect(await getLocalAccount(deps.db, localAccountsTable(localEnv().TABLE_SUFFIX), other)).toBeUndefined();
  });

  it('an action from another site is refused even with a valid session cookie', async () => {
    const token = cookieOf(await login(post('/api/auth/login', credentials())))!;
    const body = JSON.stringify({ action: 'LIST_MY_BOOKINGS' });
    const res = await bookingProcessor(post('/api/booking-processor', body, { ...withCookie(token), origin: 'https://evil.example' }));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'CROSS_SITE_REQUEST' });
  });

  it('a production server refuses local sign-in with its reason, unless a demo asks for it', async () => {
    Object.assign(process.env, { NODE_ENV: 'production' });
    const refused = await login(post('/api/auth/login', credentials()));
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'MISCONFIGURED', error: expect.stringMatching(/LOCAL_AUTH_IN_PRODUCTION=demo/) });
    process.env.LOCAL_AUTH_IN_PRODUCTION = 'demo';
    expect((await login(post('/api/auth/login', credentials()))).status).toBe(200);
  });

  it('an unknown mode is a configuration error, never local sign-in', async () => {
    process.env.NEXT_PUBLIC_MARKETPLACE_MODE = 'AWS ';
    const res = await login(post('/api/auth/login', credentials()));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'MISCONFIGURED' });
    expect((await me(new Request(`${APP}/api/auth/me`))).status).toBe(503);
  });
});
