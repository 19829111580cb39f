/**
 * The admin's webhook events log in the browser (global setup __tests__/setup/e2e.ts). A payment_intent.succeeded
 * event fails for real: while it is delivered, Stripe answers 500 to the handler's re-fetch of the PaymentIntent
 * (an emulator fault covering the SDK's retries), so the app answers 500 and logs the event FAILED. The admin sees it
 * among the failed events and reprocesses it: it is marked processed and the booking is confirmed.
 */
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createStripeClient } from '../../lib/stripe/client';
import { E2E_SHOTS as SHOTS, callApi, emulatorPost, logInAs, useBrowserSession } from '../setup/browser';
import '../setup/provided';

const baseURL = inject('baseURL');
const emulatorUrl = inject('stripeEmulatorUrl');
const logins = inject('demoLogins');
const customer = logins.find((l) => l.role === 'customer')!;
const admin = logins.find((l) => l.role === 'admin')!;
// The app's environment (the e2e global setup copies it to process.env).
const secretKey = process.env.STRIPE_SECRET_KEY ?? '';
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET ?? '';

const session = useBrowserSession(baseURL);
// Deliveries are paused during the test (so the emulator's own delivery cannot process the event first).
afterEach(async () => {
  await emulatorPost(emulatorUrl, '/_emulator/webhooks/resume');
  await fetch(`${emulatorUrl}/_emulator/faults`, { method: 'DELETE' });
});

describe('admin webhook events log', () => {
  it('shows a failed event with its error, and reprocessing it marks it processed', async () => {
    await emulatorPost(emulatorUrl, '/_emulator/webhooks/pause');
    const api = session.page.request;
    await callApi(api, 'auth/login', { email: customer.email, password: customer.password });
    const today = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const { slots } = await callApi<{ slots: { startDateTime: string; endDateTime: string }[] }>(api, 'booking-processor', {
      action: 'CHECK_AVAILABILITY',
      serviceId: 'svc_demo_yoga',
      from: today,
      to,
    });
    let created: { bookingId: string; clientSecret: string } | undefined;
    for (let attempt = 0; attempt < 10 && !created; attempt++) {
      const slot = slots[Math.floor(Math.random() * Math.min(slots.length, 30))]!;
      const res = await api.post('/api/booking-processor', {
        data: { action: 'CREATE_BOOKING', serviceId: 'svc_demo_yoga', ...slot, groupSize: 1 },
      });
      if (res.ok()) created = (await res.json()) as { bookingId: string; clientSecret: string };
    }
    if (!created) throw new Error('could not book a slot');

    // Paid in the browser's way (publishable key + client secret); the event waits in the paused queue.
    const pm = await emulatorPost<{ id: string }>(
      emulatorUrl,
      '/v1/payment_methods',
      { type: 'card', 'card[number]': '4242424242424242', 'card[exp_month]': '12', 'card[exp_year]': '2035', 'card[cvc]': '123' },
      'pk_test_e2e',
    );
    const piId = created.clientSecret.split('_secret_')[0]!;
    const paid = await emulatorPost<{ status: string }>(
      emulatorUrl,
      `/v1/payment_intents/${piId}/confirm`,
      { client_secret: created.clientSecret, payment_method: pm.id },
      'pk_test_e2e',
    );
    expect(paid.status).toBe('succeeded');
    const stripe = createStripeClient({ secretKey, apiBase: emulatorUrl });
    const events = await stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 });
    const event = events.data.find((e) => (e.data.object as { id?: string }).id === piId);
    if (!event) throw new Error(`no payment_intent.succeeded event for ${piId}`);

    // Stripe delivers it while its API fails the handler's GET of the PaymentIntent (3 = the SDK's attempt + 2 retries).
    await emulatorPost(emulatorUrl, '/_emulator/faults', {
      kind: 'http_500',
      path: `/v1/payment_intents/${piId}`,
      method: 'GET',
      count: '3',
    });
    const payload = JSON.stringify(event);
    const delivered = await fetch(`${baseURL}/api/stripe-webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }),
      },
      body: payload,
    });
    expect(delivered.status).toBe(500);
    await fetch(`${emulatorUrl}/_emulator/faults`, { method: 'DELETE' });

    // The admin finds it among the failed events, with the error, and reprocesses it.
    await session.page.context().clearCookies();
    const a = session.page;
    await logInAs(a, admin.email, admin.password);
    await a.goto('/admin');
    await a.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Webhook events' }).click();
    await a.getByRole('heading', { name: 'Webhook events' }).waitFor();
    await a.getByLabel('Status').selectOption('FAILED');
    const row = a.getByRole('row').filter({ hasText: event.id });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells.slice(1, 3)).toEqual(['payment_intent.succeeded', 'FAILED']);
    expect(cells[5]).not.toBe('');
    await a.screenshot({ path: path.join(SHOTS, 'admin-events-failed.png'), fullPage: true });

    await row.getByRole('button', { name: 'Reprocess' }).click();
    await a
      .getByRole('status')
      .filter({ hasText: `${event.id}: processed` })
      .waitFor();
    // Gone from the failed list; processed in the full one.
    await expect.poll(() => row.count()).toBe(0);
    await a.getByLabel('Status').selectOption('');
    await expect
      .poll(async () => (await a.getByRole('row').filter({ hasText: event.id }).getByRole('cell').allInnerTexts())[2])
      .toBe('PROCESSED');
    await a.screenshot({ path: path.join(SHOTS, 'admin-events-reprocessed.png'), fullPage: true });

    // The reprocessed event confirmed the booking.
    await a.goto(`/admin/bookings/${encodeURIComponent(created.bookingId)}`);
    await a.getByText(/status CONFIRMED/).waitFor();
  });
});
