/**
 * Saving a card while paying a booking, and paying the next booking with it, in the browser (global setup
 * __tests__/setup/e2e.ts). A new customer so the demo customer's cards do not change other tests' checkouts.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { E2E_SHOTS as SHOTS, callApi, useBrowserSession } from '../setup/browser';
import { bookFirstFreeSlot, fillCardForm } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const session = useBrowserSession(baseURL);

async function confirmed(p: Page, bookingId: string): Promise<void> {
  await p.waitForURL((url) => url.pathname === `/bookings/${encodeURIComponent(bookingId)}`);
  await p.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: 60_000 });
}

describe('saved cards at checkout', () => {
  it('saves the card when the box is ticked, lists it on /account/cards, and pays the next booking with it', async () => {
    const p = session.page;
    await callApi(p.request, 'auth/signup', {
      email: `saved-card-${Date.now()}@example.com`,
      password: 'correct-horse-battery',
      displayName: 'Card Saver',
    });

    // First booking: a new card, with "save this card" ticked.
    const first = await bookFirstFreeSlot(p);
    await fillCardForm(p);
    await p.getByLabel('Save this card for future bookings').check();
    await p.screenshot({ path: path.join(SHOTS, 'checkout-save-card.png'), fullPage: true });
    await p.getByRole('button', { name: /^Pay / }).click();
    await confirmed(p, first);

    // The card is saved to the account.
    await p.goto('/account/cards');
    await p.getByRole('list', { name: 'Saved cards' }).getByText('Visa ending in 4242').waitFor();

    // Second booking: one click with the saved card.
    const second = await bookFirstFreeSlot(p);
    await p.getByRole('heading', { name: 'Pay with a saved card' }).waitFor();
    await p.screenshot({ path: path.join(SHOTS, 'checkout-saved-card.png'), fullPage: true });
    await p.getByRole('button', { name: /^Use Visa ending in 4242 to pay / }).click();
    await confirmed(p, second);

    // Third booking: the same card typed again with "save" ticked: it stays saved once.
    const third = await bookFirstFreeSlot(p);
    await fillCardForm(p);
    await p.getByLabel('Save this card for future bookings').check();
    await p.getByRole('button', { name: /^Pay / }).click();
    await confirmed(p, third);
    await p.goto('/account/cards');
    const saved = p.getByRole('list', { name: 'Saved cards' });
    await saved.getByText('Visa ending in 4242').waitFor();
    expect(await saved.getByText('Visa ending in 4242').count()).toBe(1);
  });
});
