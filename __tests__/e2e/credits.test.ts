/**
 * Browser tests of credits against the whole local stack (global setup __tests__/setup/e2e.ts): buying a package on
 * the emulator's hosted Checkout page, and paying a booking partly with credits. Accessible selectors only.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { E2E_SHOTS as SHOTS, logInAs, useBrowserSession } from '../setup/browser';
import { buyStarterCredits, fillCardForm } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const stripeEmulatorUrl = inject('stripeEmulatorUrl');
const customer = inject('demoLogins').find((l) => l.role === 'customer') ?? {
  role: 'customer',
  email: 'customer@marketplace.local',
  password: 'demo1234',
};

const session = useBrowserSession(baseURL);

async function logIn(p: Page): Promise<void> {
  await logInAs(p, customer.email, customer.password);
  await p.getByRole('button', { name: /account menu/i }).waitFor();
}

const creditCount = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

async function balanceOnCreditsPage(p: Page): Promise<number> {
  await p.goto('/credits');
  const balance = p.getByTestId('credit-balance');
  await balance.waitFor();
  return creditCount(await balance.textContent());
}

const buyStarter = (p: Page) => buyStarterCredits(p, stripeEmulatorUrl);

describe('credits in the browser', () => {
  it('buys a credit package through the hosted checkout and sees the new balance', async () => {
    await logIn(session.page);
    const before = await balanceOnCreditsPage(session.page);
    await session.page.screenshot({ path: path.join(SHOTS, 'credits.png'), fullPage: true });
    await buyStarter(session.page);
    const shown = creditCount(await session.page.getByTestId('new-balance').textContent());
    expect(shown).toBe(before + 5_000);
    await session.page.screenshot({ path: path.join(SHOTS, 'credits-success.png'), fullPage: true });

    // The credits page shows the balance and the purchase in the history.
    expect(await balanceOnCreditsPage(session.page)).toBe(before + 5_000);
    await session.page
      .getByRole('table')
      .getByText(/Bought Starter/)
      .first()
      .waitFor();
  });

  it('pays a booking partly with credits and the rest by card', async () => {
    await logIn(session.page);
    if ((await balanceOnCreditsPage(session.page)) < 1_000) {
      await buyStarter(session.page);
    }
    await session.page.goto('/services');
    const firstService = session.page.getByRole('article').first();
    await firstService.waitFor();
    await firstService.getByRole('heading').getByRole('link').click();
    await session.page.waitForURL(/\/services\/[^/]+/);
    const times = session.page.getByRole('group', { name: /available times/i }).getByRole('radio');
    await times.first().waitFor();
    await times.first().check();
    await session.page.getByRole('button', { name: 'Book and pay' }).click();
    await session.page.waitForURL(/\/bookings\/[^/]+\/pay$/);
    const bookingId = decodeURIComponent(new URL(session.page.url()).pathname.split('/')[2] ?? '');

    await session.page.goto(`/credits/pay/${encodeURIComponent(bookingId)}`);
    await session.page.getByLabel('Credits to use').fill('1000');
    await session.page.getByRole('button', { name: 'Use credits' }).click();
    await session.page.getByTestId('card-amount').waitFor();
    await session.page.screenshot({ path: path.join(SHOTS, 'pay-with-credits.png'), fullPage: true });
    await fillCardForm(session.page);
    await session.page.getByRole('button', { name: /^Pay / }).click();
    await session.page.waitForURL((url) => url.pathname === `/bookings/${encodeURIComponent(bookingId)}`);
    await session.page.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: 60_000 });
  });
});
