/** Browser test of memberships: subscribe (first invoice paid with the card form), then cancel at period end. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../setup/browser';
import '../setup/provided';

const baseURL = inject('baseURL');
const customer = inject('demoLogins').find((l) => l.role === 'customer') ?? { role: 'customer', email: 'customer@marketplace.local', password: 'demo1234' };
const SHOTS = path.resolve('test-results', 'e2e');

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    await page.screenshot({ path: path.join(SHOTS, `failed-${ctx.task.name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => undefined);
  }
  await context?.close();
});

describe('memberships in the browser', () => {
  it('subscribes to a plan, pays the first invoice, then cancels at the end of the period', async () => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(customer.email);
    await page.getByLabel('Password').fill(customer.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');

    await page.goto('/memberships');
    await page.getByRole('button', { name: 'Subscribe to Basic' }).click();
    await page.getByRole('heading', { name: 'Pay for Basic' }).waitFor();
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry date').fill('12 / 34');
    await page.getByLabel('Security code (CVC)').fill('123');
    await page.getByLabel('Postal code').fill('10001');
    await page.getByRole('button', { name: /^Pay / }).click();

    const status = page.getByTestId('membership-status');
    await status.waitFor({ timeout: 60_000 });
    await page.getByText(/Welcome to Basic/).waitFor();
    expect(await status.textContent()).toBe('Active');
    await page.screenshot({ path: path.join(SHOTS, 'membership-active.png'), fullPage: true });

    await page.getByRole('button', { name: 'Cancel at the end of the period' }).click();
    await page.getByRole('button', { name: 'Keep my membership' }).waitFor();
    expect(await page.getByTestId('membership-status').textContent()).toMatch(/^Active, ends on /);
    await page.screenshot({ path: path.join(SHOTS, 'membership-canceling.png'), fullPage: true });
  });
});
