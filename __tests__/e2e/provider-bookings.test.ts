/**
 * The provider's bookings page in the browser (global setup __tests__/setup/e2e.ts), with the demo accounts (no
 * sign-up): the views in the URL, cancelling with the server's preview, a no-show with the policy's preview, check-in
 * with the code read from the customer's QR code (and a forged code refused), and every provider page at 375 px.
 *
 * The customer's bookings are made and paid through the API and the emulator (as Stripe.js would), and an
 * appointment's time is moved in the database (as payout.test.ts does): into the past for the no-show, to half an hour
 * from now for the check-in (check-in opens two hours before the start).
 */
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import jsQR from 'jsqr';
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDeps, localEnv } from '../../lib/local/runtime';
import { callApi, emulatorPost, logInAs, useBrowserSession } from '../setup/browser';
import '../setup/provided';

const baseURL = inject('baseURL');
const emulatorUrl = inject('stripeEmulatorUrl');
const customer = inject('demoLogins').find((l) => l.role === 'customer')!;
const provider = inject('demoLogins').find((l) => l.role === 'provider')!;
const deps = localDeps(localEnv());
const session = useBrowserSession(baseURL);

let extra: BrowserContext | undefined;
afterEach(async () => extra?.close());

type Slot = { startDateTime: string; endDateTime: string };

/** A paid booking of the demo customer, made through the API and paid at the emulator as Stripe.js would. */
async function paidBooking(api: APIRequestContext, serviceId: string, specialRequests: string): Promise<string> {
  const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const { slots } = await callApi<{ slots: Slot[] }>(api, 'booking-processor', { action: 'CHECK_AVAILABILITY', serviceId, from, to });
  let created: { bookingId: string; clientSecret: string } | undefined;
  // other files book these services too: a random slot, and another one if it was just taken
  for (let attempt = 0; attempt < 10 && !created; attempt++) {
    const slot = slots[Math.floor(Math.random() * slots.length)]!;
    const res = await api.post('/api/booking-processor', {
      data: { action: 'CREATE_BOOKING', serviceId, ...slot, groupSize: 1, specialRequests },
    });
    if (res.ok()) created = (await res.json()) as { bookingId: string; clientSecret: string };
  }
  if (!created) throw new Error(`no free slot of ${serviceId}`);
  const key = 'pk_test_e2e';
  const pm = await emulatorPost<{ id: string }>(
    emulatorUrl,
    '/v1/payment_methods',
    { type: 'card', 'card[number]': '4242424242424242', 'card[exp_month]': '12', 'card[exp_year]': '2040', 'card[cvc]': '123' },
    key,
  );
  const intent = created.clientSecret.split('_secret_')[0]!;
  await emulatorPost(
    emulatorUrl,
    `/v1/payment_intents/${intent}/confirm`,
    { client_secret: created.clientSecret, payment_method: pm.id },
    key,
  );
  const { booking } = await callApi<{ booking: { status: string } }>(api, 'booking-processor', {
    action: 'CONFIRM_BOOKING',
    bookingId: created.bookingId,
  });
  expect(booking.status).toBe('CONFIRMED');
  return created.bookingId;
}

/** As if the appointment's time had come: it starts `startInMinutes` from now (negative: in the past); its holds go. */
async function moveTo(bookingId: string, startInMinutes: number): Promise<void> {
  const start = Date.now() + startInMinutes * 60_000;
  const moved = await deps.db.send(
    new UpdateCommand({
      TableName: deps.tables.Booking,
      Key: { id: bookingId },
      UpdateExpression: 'SET startDateTime = :s, endDateTime = :e',
      ExpressionAttributeValues: { ':s': new Date(start).toISOString(), ':e': new Date(start + 55 * 60_000).toISOString() },
      ReturnValues: 'ALL_NEW',
    }),
  );
  const holdIds = (moved.Attributes?.slotHoldIds ?? []) as string[];
  await Promise.all(holdIds.map((id) => deps.db.send(new DeleteCommand({ TableName: deps.tables.SlotHold, Key: { id } }))));
}

async function newContext(width = 1280): Promise<BrowserContext> {
  extra = await session.browser.newContext({ baseURL, viewport: { width, height: 900 }, locale: 'en-US' });
  extra.setDefaultTimeout(20_000);
  return extra;
}

/** The customer's booking page's QR code, decoded from its pixels. */
async function decodeQr(page: Page): Promise<string> {
  const img = page.getByTestId('checkin-qr');
  await img.waitFor();
  const size = 330;
  const pixels = await img.evaluate(async (el, side) => {
    const image = el as HTMLImageElement;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const ctx = canvas.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, 0, 0, side, side);
    return Array.from(ctx.getImageData(0, 0, side, side).data);
  }, size);
  const found = jsQR(Uint8ClampedArray.from(pixels), size, size);
  if (!found) throw new Error('the QR code could not be read');
  return found.data;
}

/** The camera path without a camera: a barcode reader that "sees" `window.__scanned`, and a blank video stream. */
function fakeScanner() {
  const w = window as unknown as { __scanned?: string; BarcodeDetector?: unknown };
  w.BarcodeDetector = class {
    async detect() {
      return w.__scanned ? [{ rawValue: w.__scanned }] : [];
    }
  };
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: {
      getUserMedia: async () => {
        const canvas = document.createElement('canvas');
        canvas.width = 4;
        canvas.height = 4;
        canvas.getContext('2d')!.fillRect(0, 0, 4, 4);
        return canvas.captureStream(1);
      },
    },
  });
}

let cancelId: string;
let noShowId: string;
let checkInId: string;
beforeAll(async () => {
  const context = await session.browser.newContext({ baseURL });
  const api = context.request;
  await callApi(api, 'auth/login', { email: customer.email, password: customer.password });
  [cancelId, noShowId, checkInId] = await Promise.all([
    paidBooking(api, 'svc_demo_portrait', 'Please bring the blue backdrop'),
    paidBooking(api, 'svc_demo_cleaning', 'The key is under the mat'),
    paidBooking(api, 'svc_demo_portrait', 'Two dogs will join'),
  ]);
  await context.close();
  await moveTo(noShowId, -60);
  await moveTo(checkInId, 30);
}, 60_000);

describe('the provider’s bookings', () => {
  it('filters in the URL; cancels with the refund shown first; marks a no-show with the policy shown first', async () => {
    const p = session.page;
    await logInAs(p, provider.email, provider.password);
    await p.goto('/provider/bookings?view=upcoming');
    const cancelRow = p.getByTestId(`provider-booking-${cancelId}`);
    await cancelRow.getByText('Please bring the blue backdrop').waitFor();
    await cancelRow.getByText('Not checked in').waitFor();
    expect(await p.getByTestId(`provider-booking-${noShowId}`).count()).toBe(0);

    await p.getByRole('link', { name: 'Needs action' }).click();
    await p.waitForURL(/view=needsAction/);
    const noShowRow = p.getByTestId(`provider-booking-${noShowId}`);
    await noShowRow
      .getByTestId('needs-action')
      .getByText(/nobody is checked in/)
      .waitFor();
    await p.goBack();
    await p.waitForURL(/view=upcoming/);
    await p.getByRole('heading', { name: 'Upcoming', level: 2 }).waitFor();

    // cancel: the server's preview, a reason, then the booking shows cancelled with its refund
    await cancelRow.getByRole('button', { name: 'Cancel' }).click();
    expect(await cancelRow.getByTestId('provider-cancel-preview').innerText()).toBe(
      'The customer gets back $120.00 in full; you will not be paid for this booking.',
    );
    await cancelRow.getByLabel('Reason for the customer (optional)').fill('The studio is flooded');
    await cancelRow.getByRole('button', { name: 'Cancel and refund the customer' }).click();
    await cancelRow.getByText('Refunded $120.00 to the customer').waitFor();
    await cancelRow.getByText('Cancelled', { exact: true }).waitFor();

    // no-show: the flexible policy's 25% back, the rest kept; once only
    await p.goto('/provider/bookings?view=needsAction');
    await noShowRow.getByRole('button', { name: 'Mark no-show' }).click();
    expect(await noShowRow.getByTestId('no-show-preview').innerText()).toBe(
      'The customer gets back $22.50 (Flexible policy: a no-show gets 25% back); you keep $62.09.',
    );
    await noShowRow.getByRole('button', { name: 'Confirm the no-show' }).click();
    await noShowRow.waitFor({ state: 'detached' });
    await p.goto('/provider/bookings?view=past');
    await p.getByTestId(`provider-booking-${noShowId}`).getByText('No-show', { exact: true }).waitFor();
    const again = await p.request.post('/api/booking-processor', { data: { action: 'MARK_NO_SHOW', bookingId: noShowId } });
    expect(again.status()).toBe(409);
    expect(((await again.json()) as { error: string }).error).toMatch(/already marked a no-show/);
  });

  it('checks the customer in with the code read from their QR code; a forged code and a second check-in are refused', async () => {
    const c = session.page;
    await logInAs(c, customer.email, customer.password);
    await c.goto(`/bookings/${encodeURIComponent(checkInId)}`);
    const code = await decodeQr(c);
    expect(code).toMatch(/^ci_[A-Za-z0-9]{16,}$/);

    const p = await (await newContext()).newPage();
    await p.addInitScript(fakeScanner);
    await logInAs(p, provider.email, provider.password);
    await p.goto('/provider/bookings?view=upcoming');
    const row = p.getByTestId(`provider-booking-${checkInId}`);
    await row.getByRole('button', { name: 'Check in' }).click();
    await row.getByLabel('Check-in code').fill(`ci_${'f0'.repeat(12)}`);
    await row.getByRole('button', { name: 'Check in', exact: true }).last().click();
    await row.getByRole('alert').getByText("This code is not this booking's check-in code", { exact: false }).waitFor();

    // the scanning path: the camera "sees" the customer's QR code
    await p.evaluate((value) => ((window as unknown as { __scanned?: string }).__scanned = value), code);
    await row.getByRole('button', { name: 'Scan the QR code' }).click();
    await row
      .getByText(/Checked in/)
      .first()
      .waitFor();
    const second = await p.request.post('/api/booking-processor', { data: { action: 'CHECK_IN', bookingId: checkInId, code } });
    expect(second.status()).toBe(409);
    expect(((await second.json()) as { error: string }).error).toMatch(/already used: the customer was checked in at/);
    const forged = await p.request.post('/api/booking-processor', {
      data: { action: 'CHECK_IN', bookingId: checkInId, code: `qr_${checkInId}` },
    });
    expect(forged.status()).toBe(400);
  });

  it('every provider page holds at 375 px without horizontal scrolling', async () => {
    const p = await (await newContext(375)).newPage();
    await logInAs(p, provider.email, provider.password);
    for (const path of ['/provider', '/provider/bookings', '/provider/bookings?view=past', '/provider/earnings', '/provider/services']) {
      await p.goto(path);
      await p.getByRole('heading', { level: 1 }).first().waitFor();
      await p.waitForLoadState('networkidle');
      expect(await p.evaluate(() => document.documentElement.scrollWidth), `${path} scrolls sideways`).toBeLessThanOrEqual(375);
    }
  });
});
