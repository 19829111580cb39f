/**
 * Browser tests of a provider's path: sign up, become a provider, onboard on the Stripe emulator's page,
 * create a service, and customers see its slots. Against the whole local stack (__tests__/setup/e2e.ts).
 * Accessible selectors only (roles, labels, visible names).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { E2E_SHOTS as SHOTS, useBrowserSession } from '../setup/browser';
import { signUpAndStartOnboarding } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const emulatorUrl = inject('stripeEmulatorUrl');

const session = useBrowserSession(baseURL);

/** A new provider named `name` on the emulator's onboarding page. */
const startOnboarding = (p: Page, name: string) =>
  signUpAndStartOnboarding(p, name, `${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}@example.com`, emulatorUrl);

async function backOnDashboard(p: Page): Promise<string> {
  await p.waitForURL((url) => url.pathname === '/provider' && url.searchParams.get('onboarding') === 'returned');
  const badge = p.getByTestId('account-status');
  await badge.waitFor();
  return (await badge.innerText()).trim();
}

describe('provider onboarding and services in the browser', () => {
  it('signs up, becomes a provider, completes onboarding, sees ACTIVE, creates a service whose slots customers see', async () => {
    await startOnboarding(session.page, 'Berlin Walks');
    await session.page.getByRole('button', { name: 'Complete onboarding' }).click();
    expect(await backOnDashboard(session.page)).toBe('Active');
    await session.page.getByText('You can take bookings and receive payouts.').waitFor();
    await session.page.getByRole('button', { name: 'Open Stripe Express dashboard' }).waitFor();
    await session.page.screenshot({ path: path.join(SHOTS, 'provider-active.png'), fullPage: true });

    await session.page.getByRole('link', { name: 'Manage your services' }).click();
    await session.page.waitForURL((url) => url.pathname === '/provider/services');
    await session.page.getByRole('heading', { name: 'No services yet' }).waitFor();
    await session.page.getByRole('button', { name: 'Add a service' }).click();

    // A mistake first: the price is checked with a message in words.
    await session.page.getByLabel('Title').fill('Old town walk');
    await session.page.getByLabel('Category').fill('Tours');
    await session.page.getByLabel('Description').fill('Ninety minutes through the old town, rain or shine.');
    await session.page.getByLabel('Price', { exact: true }).fill('12.345');
    await session.page.getByRole('button', { name: 'Create service' }).click();
    await session.page.getByRole('alert').filter({ hasText: 'Enter a price like 25.00' }).waitFor();

    await session.page.getByLabel('Price', { exact: true }).fill('35.00');
    await session.page.getByLabel('Currency').selectOption('eur');
    await session.page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await session.page.getByLabel('Duration').selectOption('90');
    await session.page.getByLabel('Group size limit').fill('6');
    await session.page.getByRole('button', { name: 'Add hours on Saturday' }).click();
    await session.page.getByRole('button', { name: 'Add hours on Sunday' }).click();
    await session.page.screenshot({ path: path.join(SHOTS, 'provider-service-form.png'), fullPage: true });
    await session.page.getByRole('button', { name: 'Create service' }).click();

    await session.page.getByText('Created “Old town walk”.').waitFor();
    const item = session.page.getByRole('article', { name: 'Old town walk' });
    await item.getByText('Listed', { exact: true }).waitFor();
    const href = await item.getByRole('link', { name: /View public page/ }).getAttribute('href');
    expect(href).toMatch(/^\/services\/svc_/);
    await session.page.screenshot({ path: path.join(SHOTS, 'provider-services.png'), fullPage: true });

    // A customer (not logged in) sees the service and its free slots.
    const customer = await session.browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    try {
      const c = await customer.newPage();
      c.setDefaultTimeout(20_000);
      await c.goto(href!);
      await c.getByRole('heading', { name: 'Old town walk' }).waitFor();
      const times = c.getByRole('group', { name: /available times/i }).getByRole('radio');
      await times.first().waitFor();
      expect(await times.count()).toBeGreaterThan(0);
      await c.screenshot({ path: path.join(SHOTS, 'provider-service-public.png'), fullPage: true });
      await c.goto('/services');
      await c.getByRole('link', { name: 'Old town walk' }).waitFor();
    } finally {
      await customer.close();
    }

    // Edit the price, then deactivate: the service leaves the public pages.
    await item.getByRole('button', { name: /^Edit/ }).click();
    await session.page.getByLabel('Price', { exact: true }).fill('38.50');
    await session.page.getByRole('button', { name: 'Save changes' }).click();
    await session.page.getByText('Saved “Old town walk”.').waitFor();
    await item.getByText('€38.50', { exact: false }).waitFor();
    await item.getByRole('button', { name: /^Deactivate/ }).click();
    await item.getByRole('button', { name: 'Yes, deactivate' }).click();
    await item.getByText('Deactivated', { exact: true }).waitFor();
    await session.page.goto(href!);
    await session.page.getByRole('heading', { name: 'Service not found' }).waitFor();
  });

  it('an incomplete onboarding shows "Needs attention" and what Stripe still needs, in words', async () => {
    await startOnboarding(session.page, 'Half Done');
    await session.page.getByRole('button', { name: 'Leave incomplete' }).click();
    expect(await backOnDashboard(session.page)).toBe('Needs attention');
    const needed = session.page.getByRole('list', { name: 'What Stripe still needs' });
    await needed.waitFor();
    const items = await needed.getByRole('listitem').allInnerTexts();
    expect(items).toEqual(['Bank account for payouts', 'Personal ID number (e.g. Social Security number)']);
    await session.page.getByRole('button', { name: 'Continue onboarding' }).waitFor();
    await session.page.screenshot({ path: path.join(SHOTS, 'provider-needs-attention.png'), fullPage: true });

    // Stripe's refresh_url (an expired or used link) leads straight to a fresh onboarding link.
    await session.page.goto('/provider/onboarding/refresh');
    await session.page.waitForURL((url) => url.href.startsWith(`${emulatorUrl}/_emulator/connect/onboarding/`));
    await session.page.goBack();
    await session.page.waitForURL((url) => url.pathname === '/provider');
    // Continuing opens a fresh onboarding link; completing it turns the account ACTIVE.
    await session.page.getByRole('button', { name: 'Continue onboarding' }).click();
    await session.page.waitForURL((url) => url.href.startsWith(`${emulatorUrl}/_emulator/connect/onboarding/`));
    await session.page.getByRole('button', { name: 'Complete onboarding' }).click();
    expect(await backOnDashboard(session.page)).toBe('Active');
  });

  it('the sign-up form explains mistakes in words', async () => {
    await session.page.goto('/signup');
    await session.page.getByLabel('Password').fill('short');
    await session.page.getByRole('button', { name: 'Create account' }).click();
    await session.page.getByText('Enter your name.').waitFor();
    await session.page.getByText('Enter your email address.').waitFor();
    await session.page.getByText('Choose a password of at least 8 characters.').waitFor();
    // An email that already has an account.
    await session.page.getByLabel('Your name').fill('Casey Again');
    await session.page.getByLabel('Email').fill('customer@marketplace.local');
    await session.page.getByLabel('Password').fill('another-password');
    await session.page.getByRole('button', { name: 'Create account' }).click();
    await session.page.getByText('An account with this email already exists. Log in instead.').waitFor();
  });
});
