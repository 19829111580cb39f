/**
 * Promotion codes in the browser: the demo admin creates a code on /admin/promotions, the demo customer applies it at
 * a booking's checkout, sees the discounted total and pays it. No sign-up (the demo accounts of the setup).
 */
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { BookingView } from '../../lib/http/booking-processor';
import { E2E_SHOTS as SHOTS, callApi, logInAs, useBrowserSession } from '../setup/browser';
import { bookFirstFreeSlot, fillCardForm } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const admin = inject('demoLogins').find((l) => l.role === 'admin')!;
const customer = inject('demoLogins').find((l) => l.role === 'customer')!;
const session = useBrowserSession(baseURL);

const cents = (text: string) => Math.round(Number(text.replace(/[^0-9.]/g, '')) * 100);

describe('promotion codes', () => {
  it('the admin creates a code; the customer applies it at checkout, sees the discounted total and pays it', async () => {
    const p = session.page;
    const code = `E2E${Date.now().toString(36).toUpperCase()}`;

    await logInAs(p, admin.email, admin.password);
    await p.goto('/admin/promotions');
    await p.getByRole('heading', { name: 'Promotion codes' }).waitFor();
    await p.getByLabel('Code', { exact: true }).fill(code);
    await p.getByLabel('Percent').fill('5');
    await p.getByRole('button', { name: 'Create code' }).click();
    const row = p.getByRole('table', { name: 'Promotion codes' }).getByRole('row').filter({ hasText: code });
    await row.getByText('5% off').waitFor();
    await p.screenshot({ path: path.join(SHOTS, 'admin-promotion-codes.png'), fullPage: true });

    await p.context().clearCookies();
    await logInAs(p, customer.email, customer.password);
    const bookingId = await bookFirstFreeSlot(p);
    const listTotal = cents((await p.getByTestId('booking-total').textContent()) ?? '');
    await p.getByRole('textbox', { name: 'Promotion code' }).fill(code.toLowerCase());
    await p.getByRole('button', { name: 'Apply', exact: true }).click();
    await p.getByTestId('promotion-applied').waitFor();
    const discount = cents((await p.getByTestId('promotion-discount').locator('dd').textContent()) ?? '');
    expect(discount).toBeGreaterThan(0);
    const total = cents((await p.getByTestId('booking-total').textContent()) ?? '');
    expect(total).toBe(listTotal - discount);
    const payButton = p.getByRole('button', { name: /^Pay / });
    expect(cents((await payButton.textContent()) ?? '')).toBe(total);
    await p.screenshot({ path: path.join(SHOTS, 'checkout-promotion-code.png'), fullPage: true });

    await fillCardForm(p);
    await payButton.click();
    await p.waitForURL((url) => url.pathname === `/bookings/${encodeURIComponent(bookingId)}`);
    await p.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: 60_000 });
    await p.getByTestId('promotion-discount').waitFor();

    const { booking } = await callApi<{ booking: BookingView }>(p.request, 'booking-processor', { action: 'GET_BOOKING', bookingId });
    expect(booking.status).toBe('CONFIRMED');
    expect(booking.pricing).toMatchObject({
      promotionCode: code,
      discountCents: discount,
      totalAmountCents: total,
      listPriceCents: listTotal,
    });
  });
});
