/**
 * Browser tests of the customer's booking flow, against the whole local stack
 * (global setup __tests__/setup/e2e.ts: DynamoDB Local, the Stripe emulator, `next start`, the demo seed).
 * Accessible selectors only (roles, labels, visible names).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { bookingReference } from '../../lib/client/format';
import type { BookingRecord } from '../../lib/data/records';
import { formatMoney } from '../../lib/domain/money';
import { localDeps, localEnv } from '../../lib/local/runtime';
import { launchBrowser, logInAs } from '../setup/browser';
import { bookFirstFreeSlot as bookSlot, fillCardForm } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const customer = inject('demoLogins').find((l) => l.role === 'customer') ?? {
  role: 'customer',
  email: 'customer@marketplace.local',
  password: 'demo1234',
};

/** Screenshots for a human look at the pages (test-results/ is git-ignored). */
const SHOTS = path.resolve('test-results', 'e2e');

/** The app's own DynamoDB tables and Stripe (the emulator), to compare the page with what was stored. */
const deps = localDeps(localEnv());
const storedBooking = async (id: string) =>
  (await deps.db.send(new GetCommand({ TableName: deps.tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;

/** What a phone camera would read from a screenshot of the QR code. */
function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

const SUCCEEDS = '4242 4242 4242 4242';
const DECLINES = '4000 0000 0000 0002';

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
    await page
      .screenshot({ path: path.join(SHOTS, `failed-${ctx.task.name.replace(/\W+/g, '-')}.png`), fullPage: true })
      .catch(() => undefined);
  }
  await context?.close();
});

async function logIn(p: Page): Promise<void> {
  await logInAs(p, customer.email, customer.password);
  // The header shows the account menu once the session is known.
  await p.getByRole('button', { name: /account menu/i }).waitFor();
}

/** Books the first free slot (a screenshot of the chosen slot when `shot` is given); returns the booking id. */
async function bookFirstFreeSlot(p: Page, shot?: string): Promise<string> {
  const id = await bookSlot(p, async () => {
    expect(
      await p
        .getByRole('group', { name: /available times/i })
        .getByRole('radio')
        .first()
        .isChecked(),
    ).toBe(true);
    if (shot) await p.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
  });
  expect(id).not.toBe('');
  return id;
}

async function payWith(p: Page, cardNumber: string): Promise<void> {
  await fillCardForm(p, cardNumber);
  await p.getByRole('button', { name: /^Pay / }).click();
}

describe('customer books and pays in the browser', () => {
  it('books the first free slot, pays with 4242 4242 4242 4242 and sees "Booking confirmed"', async () => {
    // Local mode never loads Stripe.js from the internet (the pages must work offline).
    const stripeJsRequests: string[] = [];
    page.on('request', (r) => {
      if (/js\.stripe\.com|api\.stripe\.com/.test(r.url())) stripeJsRequests.push(r.url());
    });

    await logIn(page);
    const bookingId = await bookFirstFreeSlot(page, 'service.png');

    // The checkout shows the total, the hold and the local test-card hint.
    await page.getByRole('heading', { name: 'Booking summary' }).waitFor();
    await page.getByText(/holding this slot/i).waitFor();
    await page.getByText('4242 4242 4242 4242', { exact: true }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'checkout.png'), fullPage: true });

    await payWith(page, SUCCEEDS);

    await page.waitForURL((url) => url.pathname === `/bookings/${encodeURIComponent(bookingId)}`);
    await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: 60_000 });
    // The check-in code: a QR code image that scans to the code, and the code as text beneath it.
    const checkInRegion = page.getByRole('region', { name: 'Your check-in code' });
    const code = (await checkInRegion.getByRole('code').textContent())?.trim() ?? '';
    expect(code.length).toBeGreaterThan(0);
    const stored = await storedBooking(bookingId);
    expect(code).toBe(stored.qrCode);
    const qr = checkInRegion.getByRole('img', { name: `QR code of your check-in code ${code}` });
    await qr.waitFor();
    expect(decodeQr(await qr.screenshot())).toBe(code);

    // The payment section: the total, and a link to the card charge's Stripe receipt.
    const payment = page.getByRole('region', { name: 'Payment' });
    const receiptLink = payment.getByRole('link', { name: /view your card receipt/i });
    await receiptLink.waitFor();
    expect(await payment.innerText()).toContain(formatMoney({ amountCents: stored.totalAmountCents, currency: stored.currency }));
    const charge = await deps.stripe.charges.retrieve(stored.chargeId!);
    expect(charge.receipt_url).toBeTruthy();
    expect(await receiptLink.getAttribute('href')).toBe(charge.receipt_url);
    expect(await receiptLink.getAttribute('target')).toBe('_blank');
    await page.screenshot({ path: path.join(SHOTS, 'confirmed.png'), fullPage: true });

    // My bookings lists it as confirmed.
    await page.goto('/bookings');
    const item = page.getByRole('article', { name: new RegExp(`reference ${bookingReference(bookingId)}$`) });
    await item.waitFor();
    expect(await item.innerText()).toContain('Confirmed');
    expect(stripeJsRequests).toEqual([]);
  });

  it('shows a decline in words for 4000 0000 0000 0002, the booking stays unconfirmed, and a retry can pay it', async () => {
    await logIn(page);
    const bookingId = await bookFirstFreeSlot(page);

    await payWith(page, DECLINES);

    const alert = page.getByRole('alert').filter({ hasText: 'Your card was declined' });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/Try another card/);
    // Still on the checkout, free to retry.
    expect(new URL(page.url()).pathname).toBe(`/bookings/${encodeURIComponent(bookingId)}/pay`);
    expect(await page.getByRole('button', { name: /^Pay / }).isEnabled()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'declined.png'), fullPage: true });

    await page.goto('/bookings');
    const item = page.getByRole('article', { name: new RegExp(`reference ${bookingReference(bookingId)}$`) });
    await item.waitFor();
    const text = await item.innerText();
    expect(text).toMatch(/Payment failed|Awaiting payment/);
    expect(text).not.toMatch(/\bConfirmed\b/);
    await page.screenshot({ path: path.join(SHOTS, 'my-bookings.png'), fullPage: true });

    // The customer can try again from My bookings with another card, and then it is confirmed.
    await item.getByRole('link', { name: /^Pay for/ }).click();
    await page.waitForURL((url) => url.pathname === `/bookings/${encodeURIComponent(bookingId)}/pay`);
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    if (/Payment failed/.test(text)) await page.getByText(/last payment attempt didn.t go through/i).waitFor();
    await payWith(page, SUCCEEDS);
    await page.waitForURL((url) => url.pathname === `/bookings/${encodeURIComponent(bookingId)}`);
    await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: 60_000 });
  });

  it('sends a visitor to log in before booking, explains a wrong password, then returns to the service', async () => {
    await context.close();
    // A phone-sized screen, to check the layout there too.
    context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: 'en-US', isMobile: true });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();

    await page.goto('/services');
    await page.getByRole('article').first().waitFor();
    await page.getByRole('article').first().getByRole('heading').getByRole('link').click();
    await page.waitForURL(/\/services\/[^/]+/);
    const servicePath = new URL(page.url()).pathname;
    const times = page.getByRole('group', { name: /available times/i }).getByRole('radio');
    await times.first().waitFor();
    await times.first().check();
    await page.screenshot({ path: path.join(SHOTS, 'service-mobile.png'), fullPage: true });
    await page.getByRole('button', { name: 'Book and pay' }).click();

    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toMatch(new RegExp(`^${servicePath}`));

    await page.getByLabel('Email').fill(customer.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    const error = page.getByRole('alert').filter({ hasText: "don't match" });
    await error.waitFor();

    await page.getByLabel('Password').fill(customer.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === servicePath);
    await page.getByRole('group', { name: /available times/i }).waitFor();
  });

  it('tells the second customer in words when someone just took the slot, and refreshes the times (keyboard only)', async () => {
    const other = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    other.setDefaultTimeout(20_000);
    try {
      const second = await other.newPage();
      await logIn(page);
      await logIn(second);

      // Both open the same service and look at the same first free time.
      await page.goto('/services');
      await page.getByRole('article').first().getByRole('heading').getByRole('link').click();
      await page.waitForURL(/\/services\/[^/]+/);
      const servicePath = new URL(page.url()).pathname;
      await second.goto(servicePath);

      const firstTime = (p: Page) =>
        p
          .getByRole('group', { name: /available times/i })
          .getByRole('radio')
          .first();
      await firstTime(page).waitFor();
      await firstTime(second).waitFor();
      const contested = await firstTime(second).getAttribute('aria-label');

      // The second customer uses the keyboard only.
      await firstTime(second).focus();
      await second.keyboard.press('Space');
      expect(await firstTime(second).isChecked()).toBe(true);

      // The first customer books it.
      await firstTime(page).check();
      await page.getByRole('button', { name: 'Book and pay' }).click();
      await page.waitForURL(/\/pay$/);

      await second.getByRole('button', { name: 'Book and pay' }).focus();
      await second.keyboard.press('Enter');
      await second.getByRole('alert').filter({ hasText: 'Someone just booked this slot — please pick another' }).waitFor();
      expect(new URL(second.url()).pathname).toBe(servicePath);
      // The refreshed list no longer offers the taken time, and nothing is selected.
      const group = second.getByRole('group', { name: /available times/i });
      await group.getByRole('radio', { name: contested ?? '', exact: true }).waitFor({ state: 'detached' });
      expect(await group.getByRole('radio', { checked: true }).count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
