/**
 * The admin dashboard in the browser (global setup __tests__/setup/e2e.ts: the built app, DynamoDB Local, the Stripe
 * emulator, the demo seed): an admin finds a paid booking, previews and issues a partial refund, and sees the ledger;
 * the refund is in the booking's History and in the audit log filtered by that booking.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../setup/browser';
import '../setup/provided';

const baseURL = inject('baseURL');
const emulatorUrl = inject('stripeEmulatorUrl');
const logins = inject('demoLogins');
const customer = logins.find((l) => l.role === 'customer')!;
const admin = logins.find((l) => l.role === 'admin')!;
const SHOTS = path.resolve('test-results', 'e2e');

let browser: Browser;
let context: BrowserContext | undefined;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) {
    await page
      .screenshot({ path: path.join(SHOTS, `failed-admin-${ctx.task.name.replace(/\W+/g, '-')}.png`), fullPage: true })
      .catch(() => undefined);
  }
  await context?.close();
});

async function call<T>(api: APIRequestContext, fn: string, body: object): Promise<T> {
  const res = await api.post(`/api/${fn}`, { data: body });
  const json = (await res.json()) as T;
  if (!res.ok()) throw new Error(`${fn} ${res.status()}: ${JSON.stringify(json)}`);
  return json;
}

/** A paid booking made through the API as the customer, paid like Stripe.js does with 4000000000000077. */
async function paidBookingViaApi(): Promise<string> {
  const ctx = await browser.newContext({ baseURL });
  try {
    await call(ctx.request, 'auth/login', { email: customer.email, password: customer.password });
    const today = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const { slots } = await call<{ slots: { startDateTime: string; endDateTime: string }[] }>(ctx.request, 'booking-processor', {
      action: 'CHECK_AVAILABILITY',
      serviceId: 'svc_demo_portrait',
      from: today,
      to,
    });
    const slot = slots[Math.floor(Math.random() * Math.min(slots.length, 20))]!;
    const created = await call<{ bookingId: string; clientSecret: string }>(ctx.request, 'booking-processor', {
      action: 'CREATE_BOOKING',
      serviceId: 'svc_demo_portrait',
      startDateTime: slot.startDateTime,
      endDateTime: slot.endDateTime,
      groupSize: 1,
    });
    const post = (p: string, form: Record<string, string>) =>
      fetch(`${emulatorUrl}${p}`, {
        method: 'POST',
        headers: { authorization: 'Bearer pk_test_e2e', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      }).then((r) => r.json() as Promise<{ id: string; status?: string }>);
    const pm = await post('/v1/payment_methods', {
      type: 'card',
      'card[number]': '4000000000000077',
      'card[exp_month]': '12',
      'card[exp_year]': '2035',
      'card[cvc]': '123',
    });
    const piId = created.clientSecret.split('_secret_')[0]!;
    const confirmed = await post(`/v1/payment_intents/${piId}/confirm`, { client_secret: created.clientSecret, payment_method: pm.id });
    expect(confirmed.status).toBe('succeeded');
    for (let i = 0; i < 60; i++) {
      const { booking } = await call<{ booking: { status: string } }>(ctx.request, 'booking-processor', {
        action: 'GET_BOOKING',
        bookingId: created.bookingId,
      });
      if (booking.status === 'CONFIRMED') return created.bookingId;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('booking was not confirmed by the webhook');
  } finally {
    await ctx.close();
  }
}

describe('admin dashboard', () => {
  it('finds a booking, previews and issues a partial refund, and sees the ledger update', async () => {
    const bookingId = await paidBookingViaApi();
    context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');

    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Admin dashboard' }).waitFor();
    await page.getByLabel('Search (booking id or customer email)').fill(bookingId);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: bookingId }).click();
    await page.waitForURL((url) => url.pathname === `/admin/bookings/${encodeURIComponent(bookingId)}`);
    const ledgerStatus = page.getByRole('status', { name: 'Ledger status' });
    await expect.poll(() => ledgerStatus.innerText()).toContain('Ledger balanced');

    await page.getByLabel('Refund amount (USD)').fill('25.00');
    await page.getByLabel('Reason').fill('Arrived 30 minutes late');
    const preview = page.getByRole('region', { name: 'Refund preview' });
    await expect.poll(() => preview.innerText().catch(() => '')).toContain('Customer gets $25.00');
    expect(await preview.innerText()).toContain('platform fee refunded $2.00');
    await page.getByRole('button', { name: 'Review refund' }).click();
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await expect.poll(() => page.getByText(/^Refunded \$25\.00/).count()).toBe(1);

    await expect.poll(() => page.getByTestId('refunded-total').innerText()).toBe('$25.00');
    const ledger = page.getByRole('table', { name: 'Ledger lines' });
    await expect.poll(() => ledger.innerText()).toMatch(/REFUND\s+\$25\.00/);
    expect(await ledger.innerText()).toMatch(/FEE_REFUND\s+\$2\.00/);
    expect(await ledgerStatus.innerText()).toContain('Ledger balanced');
    expect(await ledgerStatus.innerText()).toContain('agrees with Stripe');
    await page.screenshot({ path: path.join(SHOTS, 'admin-booking-refunded.png'), fullPage: true });

    // The booking's History lists the admin's refund with its reason and amount, in words (the refund itself is its own
    // row: RefundRecorded carries the reason too).
    const history = page.getByRole('table', { name: 'Booking history' });
    const refundRow = history.getByRole('row').filter({ hasText: 'Arrived 30 minutes late' }).filter({ hasText: 'Admin action' });
    await expect.poll(() => refundRow.count()).toBe(1);
    expect(await refundRow.innerText()).toMatch(
      /Admin action[\s\S]*Admin admin@marketplace\.local[\s\S]*Process refund · “Arrived 30 minutes late” · refund \$25\.00/,
    );

    // The audit log, filtered by the pasted booking id and to admin actions.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Record type').selectOption('Booking');
    await page.getByLabel('Record id').fill(bookingId);
    await page.getByLabel('Admin actions only').check();
    await page.getByRole('button', { name: 'Show events' }).click();
    await page.waitForURL((url) => url.searchParams.get('aggregateId') === bookingId);
    const audit = page.getByRole('table', { name: 'Audit events' });
    await expect
      .poll(() =>
        audit
          .getByRole('row')
          .filter({ has: page.getByRole('cell') })
          .count()
          .catch(() => 0),
      )
      .toBe(1);
    const row = audit.getByRole('row').filter({ hasText: 'Arrived 30 minutes late' });
    expect(await row.getByRole('link', { name: bookingId }).getAttribute('href')).toBe(`/admin/bookings/${encodeURIComponent(bookingId)}`);
    await page.screenshot({ path: path.join(SHOTS, 'admin-audit-filtered.png'), fullPage: true });
    await row.getByRole('link', { name: bookingId }).click();
    await page.waitForURL((url) => url.pathname === `/admin/bookings/${encodeURIComponent(bookingId)}`);
    await expect
      .poll(() =>
        page
          .getByRole('table', { name: 'Booking history' })
          .innerText()
          .catch(() => ''),
      )
      .toContain('Arrived 30 minutes late');
  });
});
