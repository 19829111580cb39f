/**
 * The admin's providers page in the browser (global setup __tests__/setup/e2e.ts): a new provider leaves Stripe
 * onboarding unfinished, and the admin sees that; once the provider completes it (the account.updated webhook), the
 * admin sees the account active with payouts enabled; the admin can then sign the provider out everywhere.
 */
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { E2E_SHOTS as SHOTS, logInAs, useBrowserSession } from '../setup/browser';
import { signUpAndStartOnboarding } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const emulatorUrl = inject('stripeEmulatorUrl');
const admin = inject('demoLogins').find((l) => l.role === 'admin')!;

const session = useBrowserSession(baseURL);
let adminContext: BrowserContext | undefined;
afterEach(async () => adminContext?.close());

/** The provider's row on /admin/providers: [provider, email, account, status, onboarding, payouts, debt]. */
async function providerRow(a: Page, email: string): Promise<string[]> {
  await a.goto('/admin/providers');
  await a.getByRole('heading', { name: 'Providers' }).waitFor();
  const row = a.getByRole('row').filter({ hasText: email });
  await row.waitFor();
  return row.getByRole('cell').allInnerTexts();
}

describe('admin providers page', () => {
  it('shows an unfinished onboarding, then the account active once the provider completes it', async () => {
    const p = session.page;
    const name = `Admin View ${Date.now()}`;
    const email = `admin-view-${Date.now()}@example.com`;
    await signUpAndStartOnboarding(p, name, email, emulatorUrl);
    await p.getByRole('button', { name: 'Leave incomplete' }).click();
    await p.waitForURL((url) => url.pathname === '/provider');
    await p.getByTestId('account-status').waitFor();

    adminContext = await session.browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    adminContext.setDefaultTimeout(20_000);
    const a = await adminContext.newPage();
    await logInAs(a, admin.email, admin.password);

    const before = await providerRow(a, email);
    expect(before[0]).toBe(name);
    expect(before[2]).toMatch(/^acct_/);
    expect(before[3]).not.toBe('Active');
    expect(before.slice(4, 6)).toEqual(['incomplete', 'disabled']);
    await a.screenshot({ path: path.join(SHOTS, 'admin-providers-incomplete.png'), fullPage: true });

    // The provider finishes onboarding; the account.updated webhook updates the profile.
    await p.getByRole('button', { name: 'Continue onboarding' }).click();
    await p.waitForURL((url) => url.href.startsWith(`${emulatorUrl}/_emulator/connect/onboarding/`));
    await p.getByRole('button', { name: 'Complete onboarding' }).click();
    await p.waitForURL((url) => url.pathname === '/provider');
    await expect.poll(async () => (await p.getByTestId('account-status').innerText()).trim(), { timeout: 30_000 }).toBe('Active');

    await expect
      .poll(async () => (await providerRow(a, email)).slice(3, 6), { timeout: 30_000 })
      .toEqual(['Active', 'complete', 'enabled']);
    await a.screenshot({ path: path.join(SHOTS, 'admin-providers-active.png'), fullPage: true });

    // The admin signs the provider out everywhere: the provider's open page is refused on its next request.
    const row = a.getByRole('row').filter({ hasText: email });
    await row.getByRole('button', { name: 'Sign out everywhere' }).click();
    await row.getByLabel('Why? (kept in the audit log)').fill('Lost laptop');
    await row.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(row.getByRole('status').innerText()).resolves.toContain(`${name} is signed out everywhere.`);
    const refused = await p.request.post('/api/booking-processor', { data: { action: 'LIST_MY_BOOKINGS' } });
    expect(refused.status()).toBe(401);
  });
});
