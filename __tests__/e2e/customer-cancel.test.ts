/**
 * The customer cancels in the browser (global setup __tests__/setup/e2e.ts), as the demo customer: an unpaid booking
 * from My bookings (nothing charged), and a paid one from its page with the server's refund preview, the refund on the
 * booking's timeline, then the refund contested and the admin's resolution followed on the page without a reload.
 */
import path from 'node:path';
import type { APIRequestContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { formatMoney } from '../../lib/domain/money';
import type { RefundCalculation } from '../../lib/http/refund-processor';
import { E2E_SHOTS as SHOTS, callApi, emulatorPost, useBrowserSession } from '../setup/browser';
import '../setup/provided';

const baseURL = inject('baseURL');
const emulatorUrl = inject('stripeEmulatorUrl');
const logins = inject('demoLogins');
const customer = logins.find((l) => l.role === 'customer')!;
const admin = logins.find((l) => l.role === 'admin')!;
const session = useBrowserSession(baseURL);

type Slot = { startDateTime: string; endDateTime: string };
const usd = (amountCents: number) => formatMoney({ amountCents, currency: 'usd' });

/** An unpaid booking of the demo customer's, in one of the service's later slots (`pick` chooses among them). */
async function unpaidBooking(api: APIRequestContext, serviceId: string, pick: (slots: Slot[]) => Slot[]) {
  const today = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const { slots } = await callApi<{ slots: Slot[] }>(api, 'booking-processor', {
    action: 'CHECK_AVAILABILITY',
    serviceId,
    from: today,
    to,
  });
  for (const slot of pick(slots)) {
    const res = await api.post('/api/booking-processor', { data: { action: 'CREATE_BOOKING', serviceId, ...slot, groupSize: 1 } });
    if (res.ok()) return (await res.json()) as { bookingId: string; clientSecret: string };
  }
  throw new Error(`no free slot of ${serviceId}`);
}

/** Pays like Stripe.js does and waits for the webhook to confirm the booking. */
async function pay(api: APIRequestContext, booking: { bookingId: string; clientSecret: string }) {
  const card = { type: 'card', 'card[number]': '4242424242424242', 'card[exp_month]': '12', 'card[exp_year]': '2035', 'card[cvc]': '123' };
  const pm = await emulatorPost<{ id: string }>(emulatorUrl, '/v1/payment_methods', card, 'pk_test_e2e');
  const piId = booking.clientSecret.split('_secret_')[0]!;
  await emulatorPost(
    emulatorUrl,
    `/v1/payment_intents/${piId}/confirm`,
    { client_secret: booking.clientSecret, payment_method: pm.id },
    'pk_test_e2e',
  );
  await expect.poll(() => bookingStatus(api, booking.bookingId), { timeout: 20_000 }).toBe('CONFIRMED');
}

async function bookingStatus(api: APIRequestContext, bookingId: string): Promise<string> {
  return (await callApi<{ booking: { status: string } }>(api, 'booking-processor', { action: 'GET_BOOKING', bookingId })).booking.status;
}

const focusInDialog = (p: Page) => p.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]')));

describe('customer cancel', () => {
  it('cancels an unpaid booking from My bookings: nothing charged, and Escape gives the focus back', async () => {
    const p = session.page;
    await callApi(p.request, 'auth/login', { email: customer.email, password: customer.password });
    const created = await unpaidBooking(p.request, 'svc_demo_cleaning', (slots) => [...slots].reverse().slice(0, 20));

    await p.goto('/bookings');
    const item = p.locator('article', { has: p.locator(`a[href="/bookings/${encodeURIComponent(created.bookingId)}"]`) }).first();
    const trigger = item.getByRole('button', { name: /^Cancel booking/ });
    await trigger.click();
    const dialog = p.getByRole('dialog');
    await dialog.getByText('Nothing was charged; the time is released.').waitFor();
    expect(await focusInDialog(p)).toBe(true);
    await p.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await p.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Cancel booking: /);

    await trigger.click();
    await dialog.getByRole('button', { name: 'Cancel booking (nothing is charged)' }).click();
    await expect.poll(() => bookingStatus(p.request, created.bookingId)).toBe('CANCELLED');
    // The list was read again: the booking is no longer upcoming, and has nothing to cancel.
    await expect.poll(() => item.getByRole('button', { name: /^Cancel booking/ }).count()).toBe(0);
  });

  it('cancels a paid booking with the server’s preview, shows the refund on the timeline, and follows a contest to its resolution', async () => {
    const p = session.page;
    await callApi(p.request, 'auth/login', { email: customer.email, password: customer.password });
    // Yoga is STRICT: half back a week or more before the start, so there is a refund, and something left to contest.
    const created = await unpaidBooking(p.request, 'svc_demo_yoga', (slots) => [...slots].reverse().slice(0, 20));
    await pay(p.request, created);
    const calc = await callApi<RefundCalculation>(p.request, 'refund-processor', {
      action: 'CALCULATE_REFUND',
      bookingId: created.bookingId,
    });
    expect(calc.refundCents).toBeGreaterThan(0);
    expect(calc.refundCents).toBeLessThan(calc.paidCents);

    await p.goto(`/bookings/${encodeURIComponent(created.bookingId)}`);
    await p.getByRole('button', { name: 'Cancel booking' }).click();
    const dialog = p.getByRole('dialog');
    const preview = dialog.getByTestId('refund-preview');
    await preview.waitFor();
    expect(await preview.innerText()).toBe(
      `You get back ${usd(calc.refundCents)} of ${usd(calc.paidCents)} (policy: Strict, no free cancellation).`,
    );
    expect(await focusInDialog(p)).toBe(true);
    await p.screenshot({ path: path.join(SHOTS, 'customer-cancel-preview.png') });
    await dialog.getByRole('button', { name: `Cancel and get back ${usd(calc.refundCents)}` }).click();

    const timeline = p.getByRole('region', { name: 'Status' });
    await timeline.getByText('Refund succeeded').waitFor();
    expect(await timeline.innerText()).toContain(`${usd(calc.refundCents)} refunded on`);
    expect(await bookingStatus(p.request, created.bookingId)).toBe('CANCELLED');

    // Contest the rest of it.
    const contest = p.getByRole('form', { name: 'Contest the refund' });
    await contest.getByLabel('Why you disagree').fill('The class was cancelled by the studio, not by me.');
    await contest.getByRole('button', { name: 'Contest the refund' }).click();
    await timeline.getByText('Contest under review').waitFor();

    // The demo admin resolves it through the API; the page follows without a reload.
    const adminContext = await session.browser.newContext({ baseURL });
    try {
      await callApi(adminContext.request, 'auth/login', { email: admin.email, password: admin.password });
      await callApi(adminContext.request, 'refund-processor', {
        action: 'ADMIN_RESOLVE_REFUND_DISPUTE',
        bookingId: created.bookingId,
        resolution: 'The policy applies: the refund stands.',
      });
    } finally {
      await adminContext.close();
    }
    await timeline.getByText('Contest resolved').waitFor({ timeout: 20_000 });
    expect(await timeline.innerText()).toContain('The policy applies: the refund stands.');
    await p.getByText('Our team’s decision').waitFor();
    await p.screenshot({ path: path.join(SHOTS, 'customer-cancel-resolved.png'), fullPage: true });
  });
});
