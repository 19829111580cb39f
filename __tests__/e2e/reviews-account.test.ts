/**
 * Reviews and personal data in the browser (global setup __tests__/setup/e2e.ts): the demo customer rates a completed
 * booking and finds the review on the service page; a new account downloads its data and deletes itself, after which
 * its session no longer works. One sign-up (the e2e suite shares one sign-up limit per IP).
 *
 * The appointment's time cannot pass in a browser test: once paid, the booking's start and end are moved into the past
 * in the database (as payout.test.ts does) and the provider completes it through the API.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { BookingRecord } from '../../lib/data/records';
import type { DataExport } from '../../lib/http/account-data';
import { localDeps, localEnv } from '../../lib/local/runtime';
import { E2E_SHOTS as SHOTS, callApi, logInAs, useBrowserSession } from '../setup/browser';
import { bookFirstFreeSlot, fillCardForm } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const customer = inject('demoLogins').find((l) => l.role === 'customer')!;
const provider = inject('demoLogins').find((l) => l.role === 'provider')!;

const session = useBrowserSession(baseURL);
let providerContext: BrowserContext | undefined;
afterEach(async () => providerContext?.close());

const deps = localDeps(localEnv());
const storedBooking = async (id: string) =>
  (await deps.db.send(new GetCommand({ TableName: deps.tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;

/** As if the appointment's day had come: start an hour ago, ended five minutes ago; its holds on the future slot go. */
async function moveIntoThePast(bookingId: string): Promise<void> {
  const moved = await deps.db.send(
    new UpdateCommand({
      TableName: deps.tables.Booking,
      Key: { id: bookingId },
      UpdateExpression: 'SET startDateTime = :s, endDateTime = :e',
      ConditionExpression: '#status = :confirmed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':s': new Date(Date.now() - 60 * 60_000).toISOString(),
        ':e': new Date(Date.now() - 5 * 60_000).toISOString(),
        ':confirmed': 'CONFIRMED',
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  const holdIds = (moved.Attributes?.slotHoldIds ?? []) as string[];
  await Promise.all(holdIds.map((id) => deps.db.send(new DeleteCommand({ TableName: deps.tables.SlotHold, Key: { id } }))));
}

describe('reviews', () => {
  it('the customer rates a completed booking and sees the review on the service page', async () => {
    const page = session.page;
    await logInAs(page, customer.email, customer.password);
    await page.getByRole('button', { name: /account menu/i }).waitFor();
    const bookingId = await bookFirstFreeSlot(page);
    await fillCardForm(page);
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: 60_000 });

    await moveIntoThePast(bookingId);
    providerContext = await session.browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    providerContext.setDefaultTimeout(20_000);
    const p = await providerContext.newPage();
    await logInAs(p, provider.email, provider.password);
    await callApi(p.request, 'booking-processor', { action: 'COMPLETE_BOOKING', bookingId });

    const text = `Friendly and on time (${Date.now()})`;
    await page.goto(`/bookings/${encodeURIComponent(bookingId)}`);
    const rate = page.getByRole('form', { name: 'Rate this booking' });
    await rate.waitFor();
    await rate.getByRole('radio', { name: '4 stars' }).check();
    await rate.getByLabel('Your review (optional)').fill(text);
    await rate.getByRole('button', { name: 'Submit review' }).click();
    await page.getByRole('heading', { name: 'Your review' }).waitFor();
    await page.getByRole('button', { name: 'Edit review' }).waitFor();

    const { serviceId } = await storedBooking(bookingId);
    await page.goto(`/services/${encodeURIComponent(serviceId)}`);
    const reviews = page.getByRole('region', { name: 'Reviews' });
    await reviews.getByText(text).waitFor();
    expect(await reviews.getByTestId(`review-review:${bookingId}`).innerText()).toContain('Casey C.');
    expect(await page.getByTestId('service-rating').first().innerText()).toMatch(/\d\.\d \(\d+ reviews?\)/);
    await page.screenshot({ path: path.join(SHOTS, 'service-reviews.png'), fullPage: true });
  });
});

describe('your data', () => {
  it('a new account downloads its data, deletes itself and is signed out everywhere', async () => {
    const page = session.page;
    const email = `leaving-${Date.now()}@example.com`;
    await callApi(page.request, 'auth/signup', { email, password: 'correct-horse-battery', displayName: 'Leaving Customer' });
    // An unpaid booking still to come: deleting the account cancels it.
    const today = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const { slots } = await callApi<{ slots: { startDateTime: string; endDateTime: string }[] }>(page.request, 'booking-processor', {
      action: 'CHECK_AVAILABILITY',
      serviceId: 'svc_demo_cleaning',
      from: today,
      to,
    });
    let bookingId: string | undefined;
    for (let attempt = 0; attempt < 10 && !bookingId; attempt++) {
      const slot = slots[Math.floor(Math.random() * Math.min(slots.length, 30))]!;
      const res = await page.request.post('/api/booking-processor', {
        data: { action: 'CREATE_BOOKING', serviceId: 'svc_demo_cleaning', ...slot, groupSize: 1 },
      });
      if (res.ok()) bookingId = ((await res.json()) as { bookingId: string }).bookingId;
    }
    expect(bookingId).toBeDefined();

    await page.goto('/account');
    await page.getByRole('heading', { name: 'Download your data' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as DataExport;
    expect(exported.profile).toMatchObject({ email, displayName: 'Leaving Customer' });
    expect(exported.bookings.map((b) => b.id)).toEqual([bookingId]);

    await page.getByLabel('Type DELETE MY ACCOUNT to confirm').fill('DELETE MY ACCOUNT');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('heading', { name: 'Your account has been deleted' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, 'account-deleted.png'), fullPage: true });

    expect((await storedBooking(bookingId!)).status).toBe('CANCELLED');
    const after = await page.request.post('/api/booking-processor', { data: { action: 'LIST_MY_BOOKINGS' } });
    expect(after.status()).toBe(401);
    // The sign-in is gone too.
    const login = await page.request.post('/api/auth/login', { data: { email, password: 'correct-horse-battery' } });
    expect(login.status()).toBe(401);
  });
});
