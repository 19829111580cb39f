/**
 * Admin operations in the browser with the demo accounts (no sign-ups): the demo customer contests two partial refunds;
 * the demo admin approves one on the dispute desk (the amount is refunded) and denies the other; the dashboard's charts
 * show the day's values (a data label with the number ADMIN_METRICS gives); the booking's money trail lists its charge
 * and refunds with their ledger lines. With UPDATE_README_SHOTS=1 the dashboard's screenshot also goes to docs/images.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { AdminMetricsReport } from '../../lib/http/refund-processor';
import { formatMoney } from '../../lib/domain/money';
import { E2E_SHOTS as SHOTS, callApi, emulatorPost, logInAs, useBrowserSession } from '../setup/browser';
import '../setup/provided';

const baseURL = inject('baseURL');
const emulatorUrl = inject('stripeEmulatorUrl');
const logins = inject('demoLogins');
const admin = logins.find((l) => l.role === 'admin')!;
const customer = logins.find((l) => l.role === 'customer')!;
const session = useBrowserSession(baseURL);
const usd = (amountCents: number) => formatMoney({ amountCents, currency: 'usd' });
type Slot = { startDateTime: string; endDateTime: string };

/** A portrait booking of the demo customer paid by card; resolves with its id once CONFIRMED. */
async function paidBooking(api: APIRequestContext, skip: number): Promise<string> {
  const from = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  const { slots } = await callApi<{ slots: Slot[] }>(api, 'booking-processor', {
    action: 'CHECK_AVAILABILITY',
    serviceId: 'svc_demo_portrait',
    from,
    to,
  });
  for (const slot of [...slots].reverse().slice(skip)) {
    const res = await api.post('/api/booking-processor', {
      data: { action: 'CREATE_BOOKING', serviceId: 'svc_demo_portrait', ...slot, groupSize: 1 },
    });
    if (!res.ok()) continue;
    const created = (await res.json()) as { bookingId: string; clientSecret: string };
    const card = {
      type: 'card',
      'card[number]': '4242424242424242',
      'card[exp_month]': '12',
      'card[exp_year]': '2035',
      'card[cvc]': '123',
    };
    const pm = await emulatorPost<{ id: string }>(emulatorUrl, '/v1/payment_methods', card, 'pk_test_e2e');
    const piId = created.clientSecret.split('_secret_')[0]!;
    await emulatorPost(
      emulatorUrl,
      `/v1/payment_intents/${piId}/confirm`,
      { client_secret: created.clientSecret, payment_method: pm.id },
      'pk_test_e2e',
    );
    await expect
      .poll(
        async () =>
          (
            await callApi<{ booking: { status: string } }>(api, 'booking-processor', {
              action: 'GET_BOOKING',
              bookingId: created.bookingId,
            })
          ).booking.status,
        { timeout: 20_000 },
      )
      .toBe('CONFIRMED');
    return created.bookingId;
  }
  throw new Error('no free slot');
}

async function decideOnDesk(a: Page, bookingId: string, note: string, button: RegExp) {
  const row = a.locator(`tr[data-refund-case="${bookingId}"]`);
  await row.getByRole('button', { name: 'Decide' }).click();
  const form = a.getByRole('form', { name: `Decide the contested refund of booking ${bookingId}` });
  await form.getByLabel('Note').fill(note);
  await form.getByRole('button', { name: button }).click();
  await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(0);
}

describe('admin operations', () => {
  it('the desk approves one contested refund and denies another; the charts show values; the money trail lists the lines', async () => {
    // The demo customer books and pays twice; the admin refunds $20.00 of each; the customer contests $15.00 and $10.00.
    const customerContext = await session.browser.newContext({ baseURL });
    const c = await customerContext.newPage();
    await logInAs(c, customer.email, customer.password);
    const approveId = await paidBooking(c.request, 0);
    const denyId = await paidBooking(c.request, 1);
    const a = session.page;
    await logInAs(a, admin.email, admin.password);
    for (const [bookingId, contested] of [
      [approveId, 1_500],
      [denyId, 1_000],
    ] as const) {
      await callApi(a.request, 'refund-processor', {
        action: 'PROCESS_REFUND',
        bookingId,
        refundAmount: 2_000,
        reason: 'Partial refund',
        requestId: `e2e-desk-${bookingId.slice(-12)}`,
      });
      await callApi(c.request, 'refund-processor', {
        action: 'DISPUTE_REFUND',
        bookingId,
        reason: 'I want more back',
        amountCents: contested,
      });
    }
    await customerContext.close();

    await a.goto('/admin/disputes');
    await decideOnDesk(a, approveId, 'The photographer was late', /Approve: refund \$15\.00/);
    await decideOnDesk(a, denyId, 'The policy was applied correctly', /Deny and close/);
    const refundedOf = async (bookingId: string) =>
      (
        await callApi<{ booking: { refundedCents: number; refundDispute: { decision: string } } }>(a.request, 'refund-processor', {
          action: 'ADMIN_GET_BOOKING',
          bookingId,
        })
      ).booking;
    expect(await refundedOf(approveId)).toMatchObject({ refundedCents: 3_500, refundDispute: { decision: 'APPROVED' } });
    expect(await refundedOf(denyId)).toMatchObject({ refundedCents: 2_000, refundDispute: { decision: 'DENIED' } });

    // The dashboard for today: the commission chart's bar carries the day's commission as its label.
    const today = new Date().toISOString().slice(0, 10);
    // The metrics are the rollups the event consumers keep: wait until the stream has brought in the refunds just made.
    const metricsOfToday = () =>
      callApi<AdminMetricsReport>(a.request, 'refund-processor', { action: 'ADMIN_METRICS', from: today, to: today });
    await expect
      .poll(async () => (await metricsOfToday()).summary.refundedCents, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2_000 * 2 + 1_500);
    // Other e2e files book and pay today at the same time, so the figures can move between the API's answer and the
    // page's: read both again until the page shows the report read just before it.
    const commission = a.locator('[data-chart="Commission revenue per day"]');
    const pageShows = async (report: AdminMetricsReport) => {
      await a.goto(`/admin?from=${today}&to=${today}`);
      const bar = commission.getByText(usd(report.days[0]!.commissionCents), { exact: true });
      await bar
        .first()
        .waitFor({ timeout: 5_000 })
        .catch(() => undefined);
      const bookings = a.locator('[data-chart="Bookings per day"]').getByText(String(report.days[0]!.bookings), { exact: true });
      const refundRate = await a.locator('[data-metric="Refund rate"]').innerText();
      return (
        (await bar.count()) > 0 &&
        (await bookings.count()) > 0 &&
        refundRate.includes(`${(report.summary.refundRateBps / 100).toFixed(2)}%`)
      );
    };
    await expect.poll(async () => pageShows(await metricsOfToday()), { timeout: 45_000, interval: 100 }).toBe(true);
    await a.screenshot({ path: path.join(SHOTS, 'admin-dashboard.png'), fullPage: false });
    if (process.env.UPDATE_README_SHOTS === '1')
      copyFileSync(path.join(SHOTS, 'admin-dashboard.png'), path.resolve('docs', 'images', 'admin-dashboard.png'));

    // The approved booking's money trail: its charge (with the PaymentIntent) and both refunds, each with its line.
    await a.goto(`/admin/bookings/${approveId}`);
    const trail = a.getByRole('table', { name: 'Money trail' });
    await expect.poll(() => trail.locator('[data-ledger-line="CHARGE"]').count(), { timeout: 20_000 }).toBe(1);
    expect(await trail.locator('[data-ledger-line="REFUND"]').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('$20.00'), expect.stringContaining('$15.00')]),
    );
    expect(await trail.innerText()).toContain('PaymentIntent');
  });
});
