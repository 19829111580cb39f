/**
 * /api/notifications/unsubscribe as Next.js serves it (local mode, the integration run's tables): the RFC 8058
 * one-click POST (form-encoded, cross-site by design) switches reminders off for the user its signed URL names, twice
 * is the same; the page's JSON POST goes through the request guard (a cross-site one is refused); a GET only redirects
 * to the page that asks first.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GET, POST } from '../../../app/api/notifications/unsubscribe/route';
import { remindersOff } from '../../../lib/data/notification-preferences';
import { localDeps, localEnv } from '../../../lib/local/runtime';
import { unsubscribeToken } from '../../../lib/services/unsubscribe-links';

const deps = localDeps(localEnv());
const signed = (user: string) =>
  new URLSearchParams({
    user,
    kind: 'booking-reminder',
    token: unsubscribeToken(deps.notifications!.unsubscribeSecret, user, 'booking-reminder'),
  });
const url = (q: URLSearchParams) => `http://localhost:3000/api/notifications/unsubscribe?${q.toString()}`;

const oneClick = (q: URLSearchParams, body = 'List-Unsubscribe=One-Click') =>
  POST(
    new Request(url(q), {
      method: 'POST',
      // what a mail provider sends: form-encoded, from its own site
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example.com', 'sec-fetch-site': 'cross-site' },
      body,
    }),
  );
const fromPage = (payload: object, origin = 'http://localhost:3000') =>
  POST(
    new Request('http://localhost:3000/api/notifications/unsubscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify(payload),
    }),
  );

describe('the one-click POST (RFC 8058)', () => {
  it('switches reminders off for the signed user, and again changes nothing more', async () => {
    const user = `user_${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 2; i++) expect((await oneClick(signed(user))).status).toBe(200);
    expect(await remindersOff(deps, user)).toBe(true);
  });

  it('refuses another body, and a token made for someone else', async () => {
    const user = `user_${randomUUID().slice(0, 8)}`;
    const wrongBody = await oneClick(signed(user), 'List-Unsubscribe=Please');
    expect(wrongBody.status).toBe(400);
    expect(await wrongBody.json()).toMatchObject({ code: 'BAD_REQUEST' });
    const q = signed('user_someone_else');
    q.set('user', user);
    expect((await oneClick(q)).status).toBe(403);
    expect(await remindersOff(deps, user)).toBe(false);
  });
});

describe("the page's JSON POST", () => {
  it('goes through the request guard: same-origin works, cross-site is refused', async () => {
    const user = `user_${randomUUID().slice(0, 8)}`;
    const payload = Object.fromEntries(signed(user));
    const crossSite = await fromPage(payload, 'https://evil.example');
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ code: 'CROSS_SITE_REQUEST' });
    expect(await remindersOff(deps, user)).toBe(false);
    expect((await fromPage(payload)).status).toBe(200);
    expect(await remindersOff(deps, user)).toBe(true);
  });
});

describe('GET', () => {
  it('changes nothing and redirects to the page that asks first', async () => {
    const user = `user_${randomUUID().slice(0, 8)}`;
    const res = GET(new Request(url(signed(user))));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\/notifications\/unsubscribe\?user=user_.+&kind=booking-reminder&token=/);
    expect(await remindersOff(deps, user)).toBe(false);
  });
});
