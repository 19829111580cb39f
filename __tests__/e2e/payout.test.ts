/**
 * The money's whole way in the browser: a customer books and pays; the provider marks the booking completed; the
 * payout run (the code of `npm run payouts`) transfers the provider's share and pays it out; the provider sees the
 * payout on the earnings page.
 *
 * Relies on booking-processor serving the lifecycle actions (`...bookingLifecycleActions`: LIST_PROVIDER_BOOKINGS and
 * COMPLETE_BOOKING). The appointment's time cannot pass in a browser test: once paid, the test moves the booking's
 * start and end into the past in the database (as if the day had come), and advances the emulator's clock two days
 * so the charge's funds are available.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BookingRecord } from '../../lib/data/records';
import { localDeps, localEnv } from '../../lib/local/runtime';
import { runScheduledWork } from '../../lib/services/payouts';
import { launchBrowser } from '../setup/browser';
import { fillCardForm } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const emulatorUrl = inject('stripeEmulatorUrl');
const SHOTS = path.resolve('test-results', 'e2e');
const logins = () => inject('demoLogins');

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  return context.newPage();
}

async function logIn(p: Page, role: 'customer' | 'provider'): Promise<void> {
  const login = logins().find((l) => l.role === role)!;
  await p.goto('/login');
  await p.getByLabel('Email').fill(login.email);
  await p.getByLabel('Password').fill(login.password);
  await p.getByRole('button', { name: 'Log in' }).click();
  await p.waitForURL((url) => url.pathname !== '/login');
  await p.getByRole('button', { name: /account menu/i }).waitFor();
}

describe('booking → completion → payout', () => {
  it('customer pays, provider completes, the payout run pays the provider, who sees the payout', async () => {
    const deps = localDeps(localEnv());

    // 1. The customer books and pays.
    const customer = await newPage();
    await logIn(customer, 'customer');
    await customer.goto('/services');
    await customer.getByRole('article').first().getByRole('heading').getByRole('link').click();
    await customer.waitForURL(/\/services\/[^/]+/);
    const times = customer.getByRole('group', { name: /available times/i }).getByRole('radio');
    await times.first().waitFor();
    await times.first().check();
    await customer.getByRole('button', { name: 'Book and pay' }).click();
    await customer.waitForURL(/\/bookings\/[^/]+\/pay$/);
    const bookingId = decodeURIComponent(new URL(customer.url()).pathname.split('/')[2] ?? '');
    await fillCardForm(customer);
    await customer.getByRole('button', { name: /^Pay / }).click();
    await customer.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: 60_000 });

    // The appointment's day comes (it started an hour ago): the provider may now mark it completed.
    const start = new Date(Date.now() - 60 * 60_000).toISOString();
    const end = new Date(Date.now() - 5 * 60_000).toISOString();
    await deps.db
      .send(
        new UpdateCommand({
          TableName: deps.tables.Booking,
          Key: { id: bookingId },
          UpdateExpression: 'SET startDateTime = :s, endDateTime = :e',
          ConditionExpression: '#status = :confirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':s': start, ':e': end, ':confirmed': 'CONFIRMED' },
          ReturnValues: 'ALL_NEW',
        }),
      )
      .then(async (moved) => {
        // The booking moved to the past: its holds on the original (future) time go too, or that slot would look
        // free in the catalogue yet stay held, and later tests booking it would get a 409.
        const holdIds = (moved.Attributes?.slotHoldIds ?? []) as string[];
        await Promise.all(holdIds.map((id) => deps.db.send(new DeleteCommand({ TableName: deps.tables.SlotHold, Key: { id } }))));
      });

    // 2. The provider marks it completed.
    const provider = await newPage();
    await logIn(provider, 'provider');
    await provider.goto('/provider/bookings');
    const row = provider.getByTestId(`provider-booking-${bookingId}`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Mark completed' }).click();
    await row.getByText('Completed', { exact: true }).waitFor(); // the status, not the needs-action words
    await provider.screenshot({ path: path.join(SHOTS, 'provider-bookings.png'), fullPage: true });

    // 3. The payout run, once the charge's funds are available (emulator: two days later).
    const advanced = await fetch(`${emulatorUrl}/_emulator/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ seconds: String(2 * 86_400 + 60) }).toString(),
    });
    expect(advanced.ok).toBe(true);
    const summary = await runScheduledWork(deps);
    expect(summary.payouts.transferred).toBeGreaterThanOrEqual(1);
    expect(summary.payouts.payouts).toBeGreaterThanOrEqual(1);
    const booking = (
      await deps.db.send(
        new QueryCommand({
          TableName: deps.tables.Booking,
          IndexName: 'byProviderStatus',
          KeyConditionExpression: 'providerId = :p AND #s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':p': 'user_demo_provider', ':s': 'PAID_OUT' },
        }),
      )
    ).Items?.find((b) => (b as BookingRecord).id === bookingId) as BookingRecord | undefined;
    expect(booking?.transferId).toMatch(/^tr_/);

    // 4. The provider sees the payout.
    await provider.goto('/provider/earnings');
    const history = provider.getByTestId('payout-history');
    await history.waitFor();
    expect(await history.innerText()).toMatch(/standard/);
    expect(await provider.getByTestId('paid-out').innerText()).not.toBe('$0.00');
    await provider.screenshot({ path: path.join(SHOTS, 'provider-earnings.png'), fullPage: true });
  });
});

describe('payout schedule', () => {
  it('the provider sees when the next automatic payout happens and the minimum, and switches to weekly, then manual', async () => {
    const deps = localDeps(localEnv());
    const provider = await newPage();
    await logIn(provider, 'provider');
    await provider.goto('/provider/earnings');
    const card = provider.getByRole('region', { name: 'Payout schedule' });
    const next = card.getByTestId('next-payout');
    await next.waitFor();
    expect(await next.innerText()).toMatch(/^Next automatic payout: .+, if your available balance is at least \$10\.00\.$/);
    expect(await card.getByRole('radio', { name: /^Daily/ }).isChecked()).toBe(true);
    const save = card.getByRole('button', { name: 'Save payout schedule' });
    expect(await save.isDisabled()).toBe(true); // nothing changed yet

    try {
      await card.getByRole('radio', { name: /^Weekly/ }).check();
      await save.click();
      await card.getByRole('status').filter({ hasText: 'Payout schedule saved: weekly.' }).waitFor();
      expect(await next.innerText()).toMatch(/^Next automatic payout: Monday, /);
      const profile = async () =>
        (
          await deps.db.send(
            new GetCommand({ TableName: deps.tables.UserProfile, Key: { id: 'user_demo_provider' }, ConsistentRead: true }),
          )
        ).Item;
      expect((await profile())?.payoutSchedule).toBe('WEEKLY');
      await provider.screenshot({ path: path.join(SHOTS, 'payout-schedule-weekly.png'), fullPage: true });

      // Kept after a reload; manual turns automatic payouts off and offers paying out by hand.
      await provider.reload();
      await card.getByRole('radio', { name: /^Weekly/ }).waitFor();
      expect(await card.getByRole('radio', { name: /^Weekly/ }).isChecked()).toBe(true);
      await card.getByRole('radio', { name: /^Manual/ }).check();
      await save.click();
      await card.getByRole('status').filter({ hasText: 'Payout schedule saved: manual.' }).waitFor();
      expect(await next.innerText()).toMatch(/^Automatic payouts are off\..*\$10\.00/);
      await card.getByRole('button', { name: 'Pay out my available balance now' }).waitFor();
      expect((await profile())?.payoutSchedule).toBe('MANUAL');
    } finally {
      // Other browser tests expect the seeded daily schedule.
      await deps.db.send(
        new UpdateCommand({
          TableName: deps.tables.UserProfile,
          Key: { id: 'user_demo_provider' },
          UpdateExpression: 'REMOVE payoutSchedule',
        }),
      );
    }
  });
});
