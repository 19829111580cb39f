/**
 * AWS mode's accounts through the app's own routes against cognito-local: sign-up, the emailed code, sign-in (tokens
 * in http-only cookies, verified by the functions' real verifier), becoming a provider (the function adds the group,
 * the refreshed token carries it), sign-out (the revocation list refuses the token), password reset, and the refusals.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as confirm } from '../../../app/api/auth/confirm/route';
import { POST as login } from '../../../app/api/auth/login/route';
import { POST as logout } from '../../../app/api/auth/logout/route';
import { GET as me } from '../../../app/api/auth/me/route';
import { POST as resetConfirm } from '../../../app/api/auth/password-reset/confirm/route';
import { POST as resetRequest } from '../../../app/api/auth/password-reset/route';
import { POST as refresh } from '../../../app/api/auth/refresh/route';
import { POST as signup } from '../../../app/api/auth/signup/route';
import { POST as stripeConnect } from '../../../app/api/stripe-connect/route';
import { ID_TOKEN_COOKIE, REFRESH_TOKEN_COOKIE } from '../../../lib/server/aws-accounts';
import { APP, cookiesOf, cookieValue, post, startAwsAuthStack, type AwsAuthStack } from './support';

let aws: AwsAuthStack;
beforeAll(async () => {
  aws = await startAwsAuthStack('aws-auth');
}, 60_000);
afterAll(async () => {
  await aws?.close();
});

const PASSWORD = 'first-Password-1';
const newEmail = () => `aws-${randomUUID().slice(0, 8)}@example.com`;
const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

/** Sign-up and its emailed code (read from the emulator, which sends no mail). */
async function signedUp(email: string): Promise<void> {
  const res = await signup(post('/api/auth/signup', { email, password: PASSWORD, displayName: 'Ada Aws' }));
  expect(res.status).toBe(201);
  expect(await json(res)).toEqual({ confirmationRequired: true, email });
  expect(res.headers.getSetCookie()).toEqual([]); // not signed in before the email is confirmed
  const code = aws.cognito.latestCode(email)!;
  const confirmed = await confirm(post('/api/auth/confirm', { email, code }));
  expect(confirmed.status).toBe(200);
}

async function signedIn(email: string, password = PASSWORD): Promise<string> {
  const res = await login(post('/api/auth/login', { email, password }));
  expect(res.status).toBe(200);
  for (const line of res.headers.getSetCookie()) expect(line).toMatch(/; HttpOnly; SameSite=Lax/);
  return cookiesOf(res);
}

describe('sign-up, confirmation, sign-in and becoming a provider', () => {
  it('signs up, confirms the code, signs in; the ID token passes the functions’ verifier; JOIN_PROVIDERS adds the group and the refreshed token has it', async () => {
    const email = newEmail();
    await signedUp(email);
    const cookie = await signedIn(email);
    const idToken = cookieValue(cookie, ID_TOKEN_COOKIE)!;
    expect(cookieValue(cookie, REFRESH_TOKEN_COOKIE)).toBeTruthy();

    const identity = await aws.verifier.verify(idToken);
    expect(identity).toMatchObject({ email, groups: [] });
    expect(identity.session?.id).toBeTruthy();
    const shown = await json(await me(new Request(`${APP}/api/auth/me`, { headers: { cookie } })));
    // cognito-local puts only custom attributes in ID tokens (Cognito adds `name`): the display name falls back to the email
    expect(shown.user).toEqual({ userId: identity.userId, email, displayName: email, groups: [] });

    // through the Next route, the Lambda Invoke API and the stripe-connect handler with the Cognito directory
    const joined = await stripeConnect(post('/api/stripe-connect', { action: 'JOIN_PROVIDERS' }, cookie));
    expect(joined.status).toBe(200);
    expect(await json(joined)).toMatchObject({ groups: ['PROVIDER'], refreshSession: true });
    // a replayed request is harmless: the group is added once
    expect((await stripeConnect(post('/api/stripe-connect', { action: 'JOIN_PROVIDERS' }, cookie))).status).toBe(200);

    const refreshed = await refresh(post('/api/auth/refresh', {}, cookie));
    expect(refreshed.status).toBe(200);
    expect(((await json(refreshed)).user as { groups: string[] }).groups).toEqual(['PROVIDER']);
    const next = cookiesOf(refreshed, cookie);
    const newToken = cookieValue(next, ID_TOKEN_COOKIE)!;
    expect(newToken).not.toBe(idToken);
    expect((await aws.verifier.verify(newToken)).groups).toEqual(['PROVIDER']);
    expect((await aws.verifier.verify(idToken)).groups).toEqual([]); // the old token still says what it said
  });

  it('refuses a wrong password (401) and a wrong code, and an unconfirmed account is told to confirm first', async () => {
    const email = newEmail();
    const res = await signup(post('/api/auth/signup', { email, password: PASSWORD, displayName: 'Una Confirmed' }));
    expect(res.status).toBe(201);

    const unconfirmed = await login(post('/api/auth/login', { email, password: PASSWORD }));
    expect(unconfirmed.status).toBe(403);
    expect(await json(unconfirmed)).toMatchObject({ code: 'FORBIDDEN', details: { nextStep: 'CONFIRM_SIGN_UP' } });
    expect(unconfirmed.headers.getSetCookie()).toEqual([]);

    const code = aws.cognito.latestCode(email)!;
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(code.length, '0');
    const refused = await confirm(post('/api/auth/confirm', { email, code: wrongCode }));
    expect(refused.status).toBe(400);
    expect(await json(refused)).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { code: expect.any(String) } } });
    expect((await confirm(post('/api/auth/confirm', { email, code }))).status).toBe(200);

    const wrong = await login(post('/api/auth/login', { email, password: 'not-the-password' }));
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toMatchObject({ code: 'UNAUTHENTICATED' });
    const unknown = await login(post('/api/auth/login', { email: newEmail(), password: PASSWORD }));
    expect(unknown.status).toBe(401); // the same answer: the form does not tell which emails have accounts
  });

  it('answers a second sign-up with the same email 409, and bad input 400 without calling Cognito', async () => {
    const email = newEmail();
    await signedUp(email);
    const again = await signup(post('/api/auth/signup', { email, password: PASSWORD, displayName: 'Ada Again' }));
    expect(again.status).toBe(409);
    const bad = await signup(post('/api/auth/signup', { email: 'not-an-email', password: 'short', displayName: '' }));
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ code: 'VALIDATION_FAILED' });
    const badCode = await confirm(post('/api/auth/confirm', { email, code: 'abc' }));
    expect(badCode.status).toBe(400);
  });
});

describe('password reset', () => {
  it('mails a code, sets the new password with it; the old password stops working and a used code cannot be replayed', async () => {
    const email = newEmail();
    await signedUp(email);
    const asked = await resetRequest(post('/api/auth/password-reset', { email }));
    expect(asked.status).toBe(200);
    const code = aws.cognito.latestCode(email)!;
    expect(code).toMatch(/^\d+$/);

    const NEW_PASSWORD = 'second-Password-2';
    const reset = await resetConfirm(post('/api/auth/password-reset/confirm', { email, code, password: NEW_PASSWORD }));
    expect(reset.status).toBe(200);
    const replay = await resetConfirm(post('/api/auth/password-reset/confirm', { email, code, password: 'third-Password-3' }));
    expect(replay.status).toBe(400);

    expect((await login(post('/api/auth/login', { email, password: PASSWORD }))).status).toBe(401);
    await signedIn(email, NEW_PASSWORD);
  });

  it('answers the same for an email without an account', async () => {
    const res = await resetRequest(post('/api/auth/password-reset', { email: newEmail() }));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ codeSent: true });
  });
});

describe('sign-out', () => {
  it('puts the session on the revocation list: the copied ID token is refused by the functions, the cookies are cleared, the refresh token is revoked', async () => {
    const email = newEmail();
    await signedUp(email);
    const cookie = await signedIn(email);
    const idToken = cookieValue(cookie, ID_TOKEN_COOKIE)!;
    expect((await stripeConnect(post('/api/stripe-connect', { action: 'JOIN_PROVIDERS' }, cookie))).status).toBe(200);

    const out = await logout(post('/api/auth/logout', {}, cookie));
    expect(out.status).toBe(200);
    expect(cookiesOf(out, cookie)).toBe('');
    await expect(aws.verifier.verify(idToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const copied = await stripeConnect(post('/api/stripe-connect', { action: 'JOIN_PROVIDERS' }, `${ID_TOKEN_COOKIE}=${idToken}`));
    expect(copied.status).toBe(401);
    // nor can the old refresh token mint a new session
    expect((await refresh(post('/api/auth/refresh', {}, cookie))).status).toBe(401);
    // signing out again is harmless
    expect((await logout(post('/api/auth/logout', {}, cookie))).status).toBe(200);
  });
});
