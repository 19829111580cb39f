/**
 * An admin's CSV export in the browser (global setup __tests__/setup/e2e.ts): after a booking is paid, the demo admin
 * requests today's ledger lines on /admin/exports, waits for "Ready", downloads the file through its short-lived link,
 * and every line of it agrees to the cent with the admin's ledger of its booking (ADMIN_GET_BOOKING).
 */
import { readFile } from 'node:fs/promises';
import type { APIRequestContext } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { AdminBookingDetail } from '../../lib/http/refund-processor';
import type { ExportResponses } from '../../lib/http/exports';
import { expectNoSeriousA11yViolations } from '../setup/a11y';
import { callApi, emulatorPost, logInAs, useBrowserSession } from '../setup/browser';
import { csvObjects } from '../setup/csv';
import '../setup/provided';

const baseURL = inject('baseURL');
const emulatorUrl = inject('stripeEmulatorUrl');
const logins = inject('demoLogins');
const customer = logins.find((l) => l.role === 'customer')!;
const admin = logins.find((l) => l.role === 'admin')!;
const session = useBrowserSession(baseURL);
const today = () => new Date().toISOString().slice(0, 10);

/** A paid booking of the demo customer, paid the browser's way (publishable key + client secret). */
async function paidBooking(): Promise<string> {
  // the customer's own context: the page's stays free for the admin's sign-in
  const context = await session.browser.newContext({ baseURL });
  try {
    return await payAs(context.request);
  } finally {
    await context.close();
  }
}

async function payAs(api: APIRequestContext): Promise<string> {
  await callApi(api, 'auth/login', { email: customer.email, password: customer.password });
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const { slots } = await callApi<{ slots: { startDateTime: string; endDateTime: string }[] }>(api, 'booking-processor', {
    action: 'CHECK_AVAILABILITY',
    serviceId: 'svc_demo_yoga',
    from: today(),
    to,
  });
  for (let attempt = 0; attempt < 10; attempt++) {
    const slot = slots[Math.floor(Math.random() * Math.min(slots.length, 30))]!;
    const res = await api.post('/api/booking-processor', {
      data: { action: 'CREATE_BOOKING', serviceId: 'svc_demo_yoga', ...slot, groupSize: 1 },
    });
    if (!res.ok()) continue;
    const created = (await res.json()) as { bookingId: string; clientSecret: string };
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
    await expect
      .poll(
        async () =>
          (
            await callApi<{ booking: { status: string } }>(api, 'booking-processor', {
              action: 'GET_BOOKING',
              bookingId: created.bookingId,
            })
          ).booking.status,
        { timeout: 15_000 },
      )
      .toBe('CONFIRMED');
    return created.bookingId;
  }
  throw new Error('could not book a slot');
}

describe('admin exports', () => {
  it('requests a ledger export, waits for Ready, downloads it and finds every line in the ledger to the cent', async () => {
    const bookingId = await paidBooking();
    const p = session.page;
    await logInAs(p, admin.email, admin.password);
    await p.goto('/admin/exports');
    await p.getByLabel('What').selectOption('ledger');
    await p.getByLabel('First day (UTC)').fill(today());
    await p.getByLabel('Last day (UTC)').fill(today());
    await p.getByRole('button', { name: 'Request export' }).click();
    await p.getByRole('status').filter({ hasText: 'requested' }).waitFor();
    const table = p.getByRole('region', { name: 'Exports' });
    const row = table.getByRole('row').filter({ hasText: 'Ledger lines' }).first();
    await row.getByText(/^Ready: \d+ rows?$/).waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([p.waitForEvent('download'), row.getByRole('button', { name: /^Download/ }).click()]);
    expect(download.suggestedFilename()).toBe(`ledger-${today()}-to-${today()}.csv`);
    const lines = csvObjects(await readFile((await download.path())!, 'utf8'));
    await expectNoSeriousA11yViolations(p, '/admin/exports');
    const rowCount = Number(/Ready: (\d+)/.exec((await row.textContent()) ?? '')?.[1]);
    expect(lines).toHaveLength(rowCount);

    // the admin's ledger of each booking in the file: every line there, to the cent, with its currency
    const api = p.request;
    const { exports } = await callApi<ExportResponses['ADMIN_LIST_EXPORTS']>(api, 'refund-processor', {
      action: 'ADMIN_LIST_EXPORTS',
      limit: 1,
    });
    const requestedAt = exports[0]!.createdAt;
    const accounts = [...new Set(lines.map((l) => l.account))].filter((a): a is string => a?.startsWith('bk_') === true);
    expect(accounts).toContain(bookingId);
    for (const account of accounts) {
      const { ledger } = await callApi<AdminBookingDetail>(api, 'refund-processor', { action: 'ADMIN_GET_BOOKING', bookingId: account });
      const inFile = lines.filter((l) => l.account === account);
      for (const line of inFile) {
        const stored = ledger.find((s) => s.id === line.line_id);
        expect(stored, line.line_id).toBeDefined();
        expect(line).toMatchObject({ type: stored!.type, amount_minor: String(stored!.amountCents), currency: stored!.currency });
        expect(line.amount).toBe(
          `${stored!.amountCents < 0 ? '-' : ''}${Math.floor(Math.abs(stored!.amountCents) / 100)}.${String(Math.abs(stored!.amountCents) % 100).padStart(2, '0')}`,
        );
      }
      // every line of today written before the request is in the file, so the totals agree
      const expected = ledger.filter((s) => s.createdAt.startsWith(today()) && s.createdAt < requestedAt);
      const total = (xs: { amountCents: number }[]) => xs.reduce((s, x) => s + x.amountCents, 0);
      expect(inFile.length).toBeGreaterThanOrEqual(expected.length);
      expect(total(inFile.map((l) => ({ amountCents: Number(l.amount_minor) })))).toBe(
        total(ledger.filter((s) => inFile.some((l) => l.line_id === s.id))),
      );
      for (const s of expected)
        expect(
          inFile.map((l) => l.line_id),
          `${account} ${s.type}`,
        ).toContain(s.id);
    }
    const charge = lines.find((l) => l.account === bookingId && l.type === 'CHARGE');
    expect(charge?.currency).toBe('usd');
  }, 45_000);
});
