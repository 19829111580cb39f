/**
 * AWS mode against cognito-local: `npm run admin:grant` (the script as npm runs it) makes the first admin; the account
 * routes keep local mode's limits (20 sign-ups per hour per IP, 5 wrong passwords per account); an ID token the
 * server cannot use is renewed from the refresh token.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as confirm } from '../../../app/api/auth/confirm/route';
import { POST as login } from '../../../app/api/auth/login/route';
import { GET as me } from '../../../app/api/auth/me/route';
import { POST as resetRequest } from '../../../app/api/auth/password-reset/route';
import { POST as signup } from '../../../app/api/auth/signup/route';
import { ID_TOKEN_COOKIE, REFRESH_TOKEN_COOKIE } from '../../../lib/server/aws-accounts';
import { APP, cookiesOf, cookieValue, post, startAwsAuthStack, type AwsAuthStack } from './support';

const run = promisify(execFile);
let aws: AwsAuthStack;
beforeAll(async () => {
  aws = await startAwsAuthStack('aws-admin');
}, 60_000);
afterAll(async () => {
  await aws?.close();
});

const PASSWORD = 'first-Password-1';
const newEmail = () => `aws-${randomUUID().slice(0, 8)}@example.com`;

async function account(email: string): Promise<void> {
  expect((await signup(post('/api/auth/signup', { email, password: PASSWORD, displayName: 'Ada Admin' }))).status).toBe(201);
  expect((await confirm(post('/api/auth/confirm', { email, code: aws.cognito.latestCode(email)! }))).status).toBe(200);
}

async function groupsAtSignIn(email: string): Promise<string[]> {
  const res = await login(post('/api/auth/login', { email, password: PASSWORD }));
  expect(res.status).toBe(200);
  return (await aws.verifier.verify(cookieValue(cookiesOf(res), ID_TOKEN_COOKIE)!)).groups;
}

function adminGrant(email: string) {
  return run(process.execPath, ['--import', 'tsx', 'scripts/admin-grant.ts', email], { env: { ...process.env }, timeout: 30_000 });
}

describe('npm run admin:grant -- <email>', () => {
  it('puts the account into ADMIN on the pool; its next token says so; a rerun is harmless', async () => {
    const email = newEmail();
    await account(email);
    expect(await groupsAtSignIn(email)).toEqual([]);
    const { stdout } = await adminGrant(email);
    expect(stdout).toContain(`${email} (user `);
    expect(await groupsAtSignIn(email)).toEqual(['ADMIN']);
    await adminGrant(email);
    expect(await groupsAtSignIn(email)).toEqual(['ADMIN']);
  }, 60_000);

  it('exits 1 with what to do for an email without an account, and 2 without an email', async () => {
    const missing = await adminGrant(newEmail()).catch((err: { code: number; stderr: string }) => err);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('sign up first') });
    const usage = await run(process.execPath, ['--import', 'tsx', 'scripts/admin-grant.ts'], { env: { ...process.env } }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run admin:grant -- <email>') });
  }, 60_000);
});

describe('sessions from the cookies', () => {
  it('renews an unusable ID token from the refresh token (new cookies), and forgets a session whose refresh token is unknown', async () => {
    const email = newEmail();
    await account(email);
    const res = await login(post('/api/auth/login', { email, password: PASSWORD }));
    const refreshToken = cookieValue(cookiesOf(res), REFRESH_TOKEN_COOKIE)!;
    const stale = `${ID_TOKEN_COOKIE}=not.a.token; ${REFRESH_TOKEN_COOKIE}=${encodeURIComponent(refreshToken)}`;
    const renewed = await me(new Request(`${APP}/api/auth/me`, { headers: { cookie: stale } }));
    expect(((await renewed.json()) as { user: { email: string } }).user.email).toBe(email);
    const fresh = cookieValue(cookiesOf(renewed), ID_TOKEN_COOKIE)!;
    expect((await aws.verifier.verify(fresh)).email).toBe(email);

    const unknown = await me(new Request(`${APP}/api/auth/me`, { headers: { cookie: `${REFRESH_TOKEN_COOKIE}=forged` } }));
    expect(await unknown.json()).toEqual({ user: null });
  });
});

describe('limits', () => {
  it('blocks an account after 5 wrong passwords (429), even for the right one', async () => {
    const email = newEmail();
    await account(email);
    for (let i = 1; i <= 4; i++) expect((await login(post('/api/auth/login', { email, password: `wrong-${i}` }))).status).toBe(401);
    const fifth = await login(post('/api/auth/login', { email, password: 'wrong-5' }));
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await login(post('/api/auth/login', { email, password: PASSWORD }))).status).toBe(429);
  });

  it('counts sign-ups and reset-code requests per client IP: the 21st in an hour is refused before Cognito is asked', async () => {
    // this file's stack has its own counters; the accounts above made 3 sign-ups
    let made = 3;
    while (made < 20) {
      const res =
        made % 2
          ? await signup(post('/api/auth/signup', { email: newEmail(), password: PASSWORD, displayName: 'N' }))
          : await resetRequest(post('/api/auth/password-reset', { email: newEmail() }));
      expect(res.status).toBeLessThan(300);
      made++;
    }
    const email = newEmail();
    const refused = await signup(post('/api/auth/signup', { email, password: PASSWORD, displayName: 'Too Many' }));
    expect(refused.status).toBe(429);
    expect(aws.cognito.latestCode(email)).toBeUndefined(); // no user was made
  });
});
