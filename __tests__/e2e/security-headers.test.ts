/**
 * The security headers in Chromium, against the built app of the global setup (__tests__/setup/e2e.ts: `next build` +
 * `next start` over http, local mode, the Stripe emulator): what pages and API routes send, that the pages customers use
 * most run under the Content-Security-Policy without a single violation, that the policy refuses an injected script,
 * and that another site cannot frame the app.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIResponse, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { securityHeaders } from '../../lib/server/security-headers';
import { logInAs, useBrowserSession } from '../setup/browser';
import { bookFirstFreeSlot, fillCardForm } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const stripeEmulatorUrl = inject('stripeEmulatorUrl');
const customer = inject('demoLogins').find((login) => login.role === 'customer') ?? {
  role: 'customer',
  email: 'customer@marketplace.local',
  password: 'demo1234',
};
const session = useBrowserSession(baseURL);

/** What the e2e build is: local mode, served over http by `next start`. */
const expectedHeaders = (nonce?: string) =>
  securityHeaders({ mode: 'local', appUrl: baseURL, stripeApiBase: stripeEmulatorUrl, dev: false, ...(nonce ? { nonce } : {}) });

/** The security headers of a response, by lower-case name, each checked to be sent once. */
async function sentSecurityHeaders(response: APIResponse): Promise<Record<string, string>> {
  const names = [...expectedHeaders().map((header) => header.key.toLowerCase()), 'strict-transport-security'];
  const sent = (await response.headersArray()).filter((header) => names.includes(header.name.toLowerCase()));
  const byName: Record<string, string> = {};
  for (const { name, value } of sent) {
    expect(byName, `${name} sent twice`).not.toHaveProperty(name.toLowerCase());
    byName[name.toLowerCase()] = value;
  }
  return byName;
}

const asRecord = (headers: { key: string; value: string }[]) =>
  Object.fromEntries(headers.map(({ key, value }) => [key.toLowerCase(), value]));

/** The nonce of a page's policy (`'nonce-…'` in script-src). */
function nonceOf(policy: string | undefined): string {
  const nonce = /'nonce-([^']+)'/.exec(policy ?? '')?.[1];
  expect(nonce, `a nonce in ${policy}`).toBeDefined();
  return nonce ?? '';
}

interface CspViolationReporter {
  reportCspViolation(text: string): void;
}

/**
 * Collects every CSP violation of the page's documents from now on: the `securitypolicyviolation` events (through a
 * binding, which the policy cannot block) and any console message about the Content Security Policy.
 */
async function watchCspViolations(p: Page): Promise<string[]> {
  const violations: string[] = [];
  await p.context().exposeBinding('reportCspViolation', (_source, text: string) => violations.push(text));
  await p.context().addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const reporter = window as unknown as CspViolationReporter;
      reporter.reportCspViolation(`${event.effectiveDirective} refused ${event.blockedURI || 'inline'} on ${event.documentURI}`);
    });
  });
  p.on('console', (message) => {
    if (/content security policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  return violations;
}

describe('security headers', () => {
  it('a page sends every security header, with a fresh nonce per request that Next.js put on each of its scripts', async () => {
    const first = await session.page.request.get('/');
    const second = await session.page.request.get('/');
    const headers = await sentSecurityHeaders(first);
    const nonce = nonceOf(headers['content-security-policy']);

    expect(headers).toEqual(asRecord(expectedHeaders(nonce)));
    // An http app URL: no HSTS (a browser would ignore it, and it must never pin a local host to https).
    expect(headers).not.toHaveProperty('strict-transport-security');
    expect(headers['content-security-policy']).toContain(`connect-src 'self' ${new URL(stripeEmulatorUrl).origin}`);
    expect(headers['content-security-policy']).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(nonceOf((await sentSecurityHeaders(second))['content-security-policy'])).not.toBe(nonce);

    const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  });

  it('an API route sends the same headers, its policy without a nonce', async () => {
    const response = await session.page.request.get('/api/auth/me');
    expect(response.headers()['content-type']).toMatch(/^application\/json/);
    expect(await sentSecurityHeaders(response)).toEqual(asRecord(expectedHeaders()));
  });

  it('home, login, a service page and checkout with the emulator card form run with no CSP violation', async () => {
    const p = session.page;
    const violations = await watchCspViolations(p);

    await logInAs(p, customer.email, customer.password);
    await p.goto('/');
    await p.getByRole('heading', { name: 'Book trusted local services in minutes' }).waitFor();
    await p.getByRole('article').first().waitFor();

    // /services, a service page, then the checkout: the card form calls the emulator from the browser.
    const bookingId = await bookFirstFreeSlot(p);
    await fillCardForm(p);
    await p.getByRole('button', { name: /^Pay / }).click();
    await p.waitForURL((url) => url.pathname === `/bookings/${encodeURIComponent(bookingId)}`);
    await p.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: 60_000 });

    expect(violations).toEqual([]);
  });

  it('refuses a script injected into a page, and reports it', async () => {
    const p = session.page;
    const violations = await watchCspViolations(p);
    await p.goto('/login');
    await p.getByRole('button', { name: 'Log in' }).waitFor();

    const ran = await p.evaluate(async () => {
      const injected = document.createElement('script');
      injected.textContent = 'document.body.dataset.injected = "ran"';
      document.body.append(injected);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return document.body.dataset.injected ?? 'refused';
    });

    expect(ran).toBe('refused');
    await expect.poll(() => violations.some((violation) => violation.startsWith('script-src-elem refused inline'))).toBe(true);
  });

  it('another site cannot frame the app (frame-ancestors)', async () => {
    const p = session.page;
    const target = `${baseURL}/login`;
    // A real other origin on the loopback interface (Chromium refuses a public page framing a local one on its own).
    const attacker = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><title>Elsewhere</title><iframe title="victim" src="${target}"></iframe>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    try {
      const refusal = p.waitForEvent('console', (message) => message.text().includes(`"frame-ancestors 'none'"`));
      const blocked = p.waitForEvent('requestfailed', (request) => request.url() === target);
      await p.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);

      expect((await blocked).failure()?.errorText).toBe('net::ERR_BLOCKED_BY_RESPONSE');
      expect((await refusal).text()).toMatch(/^Framing '.*' violates the following Content Security Policy directive/);
      const frame = p.frames().find((candidate) => candidate !== p.mainFrame());
      expect(frame?.url()).not.toContain(baseURL);
    } finally {
      attacker.closeAllConnections();
      await new Promise((resolve) => attacker.close(resolve));
    }
  });
});
