/**
 * The admin disputes queue in the browser (global setup __tests__/setup/e2e.ts): a customer's payment is disputed
 * (card 4000000000000259); an admin opens the queue, opens the dispute's evidence form (prefilled from the booking),
 * completes it, confirms the submission and sees the dispute "Under review".
 */
import path from 'node:path';
import type { APIRequestContext } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { E2E_SHOTS as SHOTS, callApi, emulatorPost, logInAs, useBrowserSession } from '../setup/browser';
import '../setup/provided';

const baseURL = inject('baseURL');
const emulatorUrl = inject('stripeEmulatorUrl');
const admin = inject('demoLogins').find((l) => l.role === 'admin')!;

const session = useBrowserSession(baseURL);
type Slot = { startDateTime: string; endDateTime: string };

/** A portrait booking paid with the dispute card; resolves once the chargeback has made it DISPUTED. */
async function disputedBooking(api: APIRequestContext): Promise<string> {
  const today = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const { slots } = await callApi<{ slots: Slot[] }>(api, 'booking-processor', {
    action: 'CHECK_AVAILABILITY',
    serviceId: 'svc_demo_portrait',
    from: today,
    to,
  });
  for (const slot of [...slots].reverse()) {
    const res = await api.post('/api/booking-processor', {
      data: { action: 'CREATE_BOOKING', serviceId: 'svc_demo_portrait', ...slot, groupSize: 1 },
    });
    if (!res.ok()) continue;
    const created = (await res.json()) as { bookingId: string; clientSecret: string };
    const card = {
      type: 'card',
      'card[number]': '4000000000000259',
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
      .toBe('DISPUTED');
    return created.bookingId;
  }
  throw new Error('no free slot');
}

describe('admin disputes queue', () => {
  it('an admin fills the evidence form from the booking, confirms, and sees the dispute under review', async () => {
    const email = `disputed-${Date.now()}@example.com`;
    await callApi(session.page.request, 'auth/signup', { email, password: 'correct-horse-battery', displayName: 'Disputing Customer' });
    const bookingId = await disputedBooking(session.page.request);

    await session.page.context().clearCookies();
    const a = session.page;
    await logInAs(a, admin.email, admin.password);
    const { booking } = await callApi<{ booking: { disputeId: string } }>(a.request, 'refund-processor', {
      action: 'ADMIN_GET_BOOKING',
      bookingId,
    });

    await a.goto('/admin/disputes');
    await a.getByRole('heading', { name: 'Disputes' }).waitFor();
    const row = a.locator(`tr[data-dispute-id="${booking.disputeId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Needs response/);
    expect(await row.innerText()).toMatch(/\d+ days? left/);
    expect(await row.getByRole('link', { name: 'View booking' }).getAttribute('href')).toBe(`/admin/bookings/${bookingId}`);
    await row.getByRole('button', { name: 'Respond with evidence' }).click();

    const form = a.getByRole('form', { name: `Evidence for dispute ${booking.disputeId}` });
    // Prefilled from the booking.
    await expect
      .poll(() =>
        form
          .getByLabel('Customer email')
          .inputValue()
          .catch(() => ''),
      )
      .toBe(email);
    expect(await form.getByLabel('What was sold').inputValue()).toContain('Portrait');
    expect(await form.getByLabel('Service date').inputValue()).toMatch(/\d{4}$/);
    await form.getByLabel('Customer name').fill('Disputing Customer');
    await form
      .getByLabel('Your statement and communication with the customer')
      .fill('The customer attended the session and received the photos.');

    await form.getByRole('button', { name: 'Review and submit' }).click();
    const confirm = form.getByRole('group', { name: 'Confirm evidence submission' });
    expect(await confirm.innerText()).toContain('cannot be changed afterwards');
    await confirm.getByRole('button', { name: 'Confirm and submit' }).click();

    await expect.poll(() => a.getByRole('status').filter({ hasText: 'Evidence submitted' }).count()).toBe(1);
    await expect.poll(() => row.innerText()).toMatch(/Under review/);
    expect(await row.innerText()).toMatch(/Submitted/);
    expect(await row.getByRole('button', { name: 'Respond with evidence' }).count()).toBe(0);
    await a.screenshot({ path: path.join(SHOTS, 'admin-dispute-submitted.png'), fullPage: true });

    // Still so after a reload (the record, and the webhook that followed, say under review).
    await a.reload();
    await expect
      .poll(() =>
        a
          .locator(`tr[data-dispute-id="${booking.disputeId}"]`)
          .innerText()
          .catch(() => ''),
      )
      .toMatch(/Under review/);
  });
});
