/**
 * The admin dashboard's bookings list in the browser (global setup __tests__/setup/e2e.ts): filtering by status
 * (newest bookings first, like the unfiltered list), searching by customer email and by booking id.
 */
import path from 'node:path';
import type { APIRequestContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { E2E_SHOTS as SHOTS, callApi, emulatorPost, logInAs, useBrowserSession } from '../setup/browser';
import '../setup/provided';

const baseURL = inject('baseURL');
const emulatorUrl = inject('stripeEmulatorUrl');
const admin = inject('demoLogins').find((l) => l.role === 'admin')!;

const session = useBrowserSession(baseURL);
type Slot = { startDateTime: string; endDateTime: string };

/** A portrait booking in one of `slots` (tried in order until one is free); paid with 4242 when `pay`. */
async function book(api: APIRequestContext, slots: Slot[], pay: boolean): Promise<string> {
  for (const slot of slots) {
    const res = await api.post('/api/booking-processor', {
      data: { action: 'CREATE_BOOKING', serviceId: 'svc_demo_portrait', ...slot, groupSize: 1 },
    });
    if (!res.ok()) continue;
    const created = (await res.json()) as { bookingId: string; clientSecret: string };
    if (pay) {
      const pm = await emulatorPost<{ id: string }>(
        emulatorUrl,
        '/v1/payment_methods',
        { type: 'card', 'card[number]': '4242424242424242', 'card[exp_month]': '12', 'card[exp_year]': '2035', 'card[cvc]': '123' },
        'pk_test_e2e',
      );
      const piId = created.clientSecret.split('_secret_')[0]!;
      await emulatorPost(
        emulatorUrl,
        `/v1/payment_intents/${piId}/confirm`,
        { client_secret: created.clientSecret, payment_method: pm.id },
        'pk_test_e2e',
      );
      const { booking } = await callApi<{ booking: { status: string } }>(api, 'booking-processor', {
        action: 'CONFIRM_BOOKING',
        bookingId: created.bookingId,
      });
      expect(booking.status).toBe('CONFIRMED');
    }
    return created.bookingId;
  }
  throw new Error('no free slot');
}

/** Sends the dashboard's search form. */
async function search(a: Page, text: string, status: string): Promise<void> {
  await a.getByLabel('Search (booking id or customer email)').fill(text);
  await a.getByLabel('Status').selectOption(status);
  await a.getByRole('button', { name: 'Search' }).click();
}

/** The booking ids listed, top to bottom (none while loading). */
async function rows(a: Page): Promise<string[]> {
  const table = a.getByRole('region', { name: 'Bookings' }).getByRole('table');
  if ((await table.count()) === 0) return [];
  return table
    .getByRole('row')
    .filter({ has: a.getByRole('cell') })
    .locator('td:first-child')
    .allInnerTexts();
}

const column = (a: Page, n: number) =>
  a
    .getByRole('region', { name: 'Bookings' })
    .getByRole('table')
    .getByRole('row')
    .filter({ has: a.getByRole('cell') })
    .locator(`td:nth-child(${n})`)
    .allInnerTexts();

describe('admin bookings list', () => {
  it('filters by status newest first, and searches by customer email and by booking id', async () => {
    const api = session.page.request;
    const email = `admin-list-${Date.now()}@example.com`;
    await callApi(api, 'auth/signup', { email, password: 'correct-horse-battery', displayName: 'List Customer' });
    const today = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const { slots } = await callApi<{ slots: Slot[] }>(api, 'booking-processor', {
      action: 'CHECK_AVAILABILITY',
      serviceId: 'svc_demo_portrait',
      from: today,
      to,
    });
    // The older paid booking is for a later slot than the newer one: the list must not be ordered by end time.
    const older = await book(api, [...slots].reverse(), true);
    const newer = await book(api, slots, true);
    const unpaid = await book(api, slots.slice(5), false);

    await session.page.context().clearCookies();
    const a = session.page;
    await logInAs(a, admin.email, admin.password);
    await a.goto('/admin');
    await a.getByRole('heading', { name: 'Admin dashboard' }).waitFor();

    await search(a, email, '');
    await expect.poll(() => rows(a)).toEqual([unpaid, newer, older]);
    await search(a, email, 'CONFIRMED');
    await expect.poll(() => rows(a)).toEqual([newer, older]);
    await search(a, email, 'PENDING_PAYMENT');
    await expect.poll(() => rows(a)).toEqual([unpaid]);
    await search(a, email, 'CANCELLED');
    await a.getByRole('heading', { name: 'No bookings found' }).waitFor();

    // A status filter without a search: newest first, so the two just confirmed lead the list.
    await search(a, '', 'CONFIRMED');
    await expect.poll(async () => (await rows(a)).slice(0, 2)).toEqual([newer, older]);
    expect((await column(a, 5)).every((s) => s.startsWith('CONFIRMED'))).toBe(true);
    const created = await column(a, 2);
    expect(created).toEqual([...created].sort().reverse());
    await a.screenshot({ path: path.join(SHOTS, 'admin-bookings-confirmed.png'), fullPage: true });

    await search(a, newer, '');
    await expect.poll(() => rows(a)).toEqual([newer]);
    await a.getByRole('link', { name: newer }).click();
    await a.waitForURL((url) => url.pathname === `/admin/bookings/${encodeURIComponent(newer)}`);
    await a.getByRole('heading', { name: `Booking ${newer}` }).waitFor();
  });
});
