/**
 * The admin's credit-purchase refunds page in the browser (global setup __tests__/setup/e2e.ts): a new customer buys a
 * package on the emulator's hosted Checkout page and spends part of it; the admin finds the purchase by email, sees
 * what a refund would return, gives a reason, confirms, and reads the result in words and in the audit log.
 */
import path from 'node:path';
import type { APIRequestContext, BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { E2E_SHOTS as SHOTS, callApi, logInAs, useBrowserSession } from '../setup/browser';
import { buyStarterCredits } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const stripeEmulatorUrl = inject('stripeEmulatorUrl');
const admin = inject('demoLogins').find((l) => l.role === 'admin')!;

const session = useBrowserSession(baseURL);
let adminContext: BrowserContext | undefined;
afterEach(async () => adminContext?.close());

/** Books a portrait session paying `credits` of it with credits (the card part stays unpaid). */
async function spendCredits(api: APIRequestContext, credits: number): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const { slots } = await callApi<{ slots: { startDateTime: string; endDateTime: string }[] }>(api, 'booking-processor', {
    action: 'CHECK_AVAILABILITY',
    serviceId: 'svc_demo_portrait',
    from: today,
    to,
  });
  for (let attempt = 0; attempt < 10; attempt++) {
    const slot = slots[Math.floor(Math.random() * Math.min(slots.length, 30))]!;
    const res = await api.post('/api/booking-processor', {
      data: { action: 'CREATE_BOOKING', serviceId: 'svc_demo_portrait', ...slot, groupSize: 1, credits },
    });
    if (res.ok()) return;
  }
  throw new Error('could not book a slot with credits');
}

describe('admin refunds a credit purchase', () => {
  it('finds the purchase by email, previews the refund of the unspent part, asks for a reason and confirms', async () => {
    // The customer: a new account, 5,000 credits bought on the hosted Checkout page, 3,000 of them spent.
    const page = session.page;
    const email = `credits-refund-${Date.now()}@example.com`;
    await callApi(page.request, 'auth/signup', { email, password: 'correct-horse-battery', displayName: 'Credit Buyer' });
    await page.goto('/credits');
    await buyStarterCredits(page, stripeEmulatorUrl);
    await spendCredits(page.request, 3_000);

    // The admin, in another browser context.
    adminContext = await session.browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    adminContext.setDefaultTimeout(20_000);
    const a = await adminContext.newPage();
    await logInAs(a, admin.email, admin.password);
    await a.goto('/admin');
    await a.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Credit refunds' }).click();
    await a.getByRole('heading', { name: 'Credit purchases' }).waitFor();
    await a.getByRole('heading', { name: 'Recent purchases' }).waitFor();

    await a.getByLabel('Customer email').fill(email);
    await a.getByRole('button', { name: 'Find purchases' }).click();
    await a.getByRole('heading', { name: `Purchases of ${email}` }).waitFor();
    const row = a.getByRole('table', { name: 'Credit purchases' }).getByRole('row').filter({ hasText: email });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    // Bought, customer, package, bought, spent, unspent, paid, refund, status.
    expect(cells.slice(1, 9)).toEqual([email, 'Starter', '5,000 credits', '3,000 credits', '2,000 credits', '$50.00', '$20.00', 'Paid']);

    await row.getByRole('button', { name: `Refund Starter bought by ${email}` }).click();
    const preview = a.getByRole('region', { name: 'Refund preview' });
    expect(await preview.innerText()).toBe(
      'A refund now returns $20.00 for 2,000 credits unspent; 3,000 credits were already spent and are not refunded.',
    );

    // The reason is required.
    await a.getByRole('button', { name: 'Review refund' }).click();
    await a.getByRole('alert').filter({ hasText: 'Enter a reason' }).waitFor();
    await a.getByLabel('Reason').fill('Customer was charged twice for the same package');
    await a.getByRole('button', { name: 'Review refund' }).click();
    const confirm = a.getByRole('group', { name: 'Confirm refund' });
    expect(await confirm.innerText()).toContain(`Refund $20.00 to ${email} and remove 2,000 credits from their balance?`);
    await a.screenshot({ path: path.join(SHOTS, 'admin-credit-refund-confirm.png'), fullPage: true });
    await confirm.getByRole('button', { name: 'Confirm refund' }).click();

    await a
      .getByRole('status')
      .filter({ hasText: 'Refunded $20.00 for 2,000 credits unspent; 3,000 credits were already spent and are not refunded.' })
      .waitFor();
    await expect.poll(async () => (await row.getByRole('cell').allInnerTexts())[8]).toBe('Refunded');
    expect(await row.getByRole('button').count()).toBe(0);
    await a.screenshot({ path: path.join(SHOTS, 'admin-credit-refunded.png'), fullPage: true });

    // The audit log has the admin's reason; the customer's unspent credits are gone.
    await a.getByRole('link', { name: 'Audit log' }).click();
    await expect
      .poll(() =>
        a
          .getByRole('table', { name: 'Audit events' })
          .innerText()
          .catch(() => ''),
      )
      .toContain('Customer was charged twice for the same package');
    await page.goto('/credits');
    await expect.poll(async () => (await page.getByTestId('credit-balance').textContent())?.replace(/[^\d]/g, '')).toBe('0');
  });
});
