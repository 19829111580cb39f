/**
 * Attacks a browser makes possible, tried in Chromium against the built app: another site's form that would sign the
 * visitor into the attacker's account (login CSRF), and a sign-in link whose `next` would send the visitor elsewhere.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SESSION_COOKIE } from '../../lib/auth/local-session';
import { useBrowserSession } from '../setup/browser';
import '../setup/provided';

const baseURL = inject('baseURL');
const attackerAccount = inject('demoLogins').find((login) => login.role === 'customer') ?? {
  role: 'customer',
  email: 'customer@marketplace.local',
  password: 'demo1234',
};
const session = useBrowserSession(baseURL);

/**
 * The attacker's page, on another site (`localhost`, while the app is on 127.0.0.1): a form that posts the attacker's
 * credentials to the app's login route as soon as it loads. text/plain is how a form smuggles a JSON-looking body.
 */
let attacker: http.Server;
let attackerUrl = '';
beforeAll(async () => {
  const body = JSON.stringify({ email: attackerAccount.email, password: attackerAccount.password, pad: '' }).slice(0, -2);
  const page = `<!doctype html><form id="f" method="post" enctype="text/plain" action="${baseURL}/api/auth/login">
  <input type="hidden" name='${body}' value='"}'></form><script>document.getElementById('f').submit()</script>`;
  attacker = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((resolve) => attacker.listen(0, 'localhost', resolve));
  attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
});

const sessionCookies = async () => (await session.page.context().cookies(baseURL)).filter((c) => c.name === SESSION_COOKIE);

describe('another site cannot sign a visitor in', () => {
  it("refuses the attacker's cross-site login form: no session cookie, the visitor stays signed out", async () => {
    const { page } = session;
    const answer = page.waitForResponse((r) => r.url() === `${baseURL}/api/auth/login`);
    await page.goto(attackerUrl);
    const response = await answer;
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'CROSS_SITE_REQUEST' });
    expect(await sessionCookies()).toEqual([]);

    // the header asks the server who is signed in, then offers "Log in" to a visitor nobody signed in
    await page.goto('/');
    await page.getByRole('link', { name: 'Log in' }).first().waitFor();
  });
});

describe('after signing in, the visitor stays on this site', () => {
  async function logInFrom(next: string): Promise<URL> {
    const { page } = session;
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Email').fill(attackerAccount.email);
    await page.getByLabel('Password').fill(attackerAccount.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    expect(await sessionCookies()).toHaveLength(1);
    return new URL(page.url());
  }

  it('goes to the page it was sent from', async () => {
    const landed = await logInFrom('/bookings');
    expect(landed.origin).toBe(baseURL);
    expect(landed.pathname).toBe('/bookings');
  });

  it.each(['https://evil.example/phish', '//evil.example/phish', '/\t/evil.example'])(
    'refuses next=%j and goes home instead',
    async (next) => {
      const landed = await logInFrom(next);
      expect(landed.origin).toBe(baseURL);
      expect(landed.pathname).toBe('/');
    },
  );
});
