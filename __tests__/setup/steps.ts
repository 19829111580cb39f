import type { Page } from 'playwright-core';

/** Steps several browser tests take the same way: booking a slot, paying, buying credits, signing up a provider. */

/**
 * Opens the first service, picks its first free slot, books and waits for the checkout; returns the booking id
 * (from the checkout URL). `beforeBook` runs once the slot is chosen (for an assertion or a screenshot).
 */
export async function bookFirstFreeSlot(p: Page, beforeBook?: (p: Page) => Promise<void>): Promise<string> {
  await p.goto('/services');
  const firstService = p.getByRole('article').first();
  await firstService.waitFor();
  await firstService.getByRole('heading').getByRole('link').click();
  await p.waitForURL(/\/services\/[^/]+/);
  const times = p.getByRole('group', { name: /available times/i }).getByRole('radio');
  await times.first().waitFor();
  await times.first().check();
  await beforeBook?.(p);
  await p.getByRole('button', { name: 'Book and pay' }).click();
  await p.waitForURL(/\/bookings\/[^/]+\/pay$/);
  await p.getByRole('heading', { name: 'Checkout' }).waitFor();
  return decodeURIComponent(new URL(p.url()).pathname.split('/')[2] ?? '');
}

/** Fills the app's card form (the checkout and the membership form); the caller presses its pay button. */
export async function fillCardForm(p: Page, cardNumber = '4242 4242 4242 4242'): Promise<void> {
  await p.getByLabel('Card number').fill(cardNumber);
  await p.getByLabel('Expiry date').fill('12 / 34');
  await p.getByLabel('Security code (CVC)').fill('123');
  await p.getByLabel('Postal code').fill('10001');
}

/** On /credits: buys the Starter package on the emulator's hosted Checkout page and waits for the success page. */
export async function buyStarterCredits(p: Page, stripeEmulatorUrl: string): Promise<void> {
  await p.getByRole('button', { name: /^Buy Starter/ }).click();
  await p.waitForURL((url) => url.href.startsWith(stripeEmulatorUrl));
  await p.getByLabel('Card number').fill('4242 4242 4242 4242');
  await p.getByRole('button', { name: /^Pay / }).click();
  await p.waitForURL((url) => url.pathname === '/credits/success');
  await p.getByRole('heading', { name: 'Payment successful' }).waitFor({ timeout: 60_000 });
}

/** Signs up a new account, becomes a provider and follows "Set up payments" to the emulator's onboarding page. */
export async function signUpAndStartOnboarding(p: Page, name: string, email: string, stripeEmulatorUrl: string): Promise<void> {
  await p.goto('/signup?next=/provider');
  await p.getByLabel('Your name').fill(name);
  await p.getByLabel('Email').fill(email);
  await p.getByLabel('Password').fill('correct-horse-battery');
  await p.getByRole('button', { name: 'Create account' }).click();
  await p.waitForURL((url) => url.pathname === '/provider');
  await p.getByRole('button', { name: 'Become a provider' }).click();
  await p.getByRole('button', { name: 'Set up payments' }).click();
  await p.waitForURL((url) => url.href.startsWith(`${stripeEmulatorUrl}/_emulator/connect/onboarding/`));
  await p.getByRole('heading', { name: 'Emulator Connect onboarding' }).waitFor();
}
