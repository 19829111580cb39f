/**
 * Check-in with the customer's secret code: only the booking's provider, only the right code (never one derived from
 * the booking id), once, near the booking's time; the code is shown to the customer and to nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooking, paidBooking, PORTRAIT, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';

let stack: LifecycleStack;
beforeAll(async () => {
  stack = await startLifecycleStack('check-in');
});
afterAll(async () => stack?.close());

/** Milliseconds to add to real time so the app's clock reads `iso` + `deltaMs`. */
const offsetTo = (iso: string, deltaMs: number) => Date.parse(iso) + deltaMs - Date.now();
const checkIn = (bookingId: string, code: string, token = stack.providerToken) =>
  stack.booking<{ checkedInAt?: string; code?: string; details?: Record<string, unknown> }>('CHECK_IN', { bookingId, code }, token);

async function customerCode(bookingId: string): Promise<string> {
  const res = await stack.booking<{ booking: { qrCode?: string } }>('GET_BOOKING', { bookingId }, stack.customerToken);
  expect(res.status).toBe(200);
  return res.body.booking.qrCode!;
}

describe('check-in', () => {
  it('the customer sees the secret code, the provider does not; the provider checks in once, a second scan says when', async () => {
    const { bookingId, slot } = await paidBooking(stack, PORTRAIT, 0);
    const code = await customerCode(bookingId);
    expect(code).toMatch(/^ci_\w{16,}$/);
    const asProvider = await stack.booking<{ booking: { qrCode?: string } }>('GET_BOOKING', { bookingId }, stack.providerToken);
    expect(asProvider.body.booking.qrCode).toBeUndefined();
    // the page's confirm call after paying, answered after the webhook already confirmed: the code is there too
    const confirmed = await stack.booking<{ booking: { status: string; qrCode?: string } }>(
      'CONFIRM_BOOKING',
      { bookingId },
      stack.customerToken,
    );
    expect(confirmed.body.booking).toMatchObject({ status: 'CONFIRMED', qrCode: code });

    stack.setClockOffset(offsetTo(slot.startDateTime, -10 * 60_000));
    const first = await checkIn(bookingId, code);
    expect(first.status).toBe(200);
    expect(first.body.checkedInAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await stack.storedBooking(bookingId)).checkedInAt).toBe(first.body.checkedInAt);

    // the same scan again (a double tap, a retried request): refused, saying when it was used; nothing changes
    const again = await checkIn(bookingId, code);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', details: { reason: 'ALREADY_CHECKED_IN', checkedInAt: first.body.checkedInAt } });
    expect((await stack.storedBooking(bookingId)).checkedInAt).toBe(first.body.checkedInAt);
    stack.setClockOffset(0);
  });

  it('refuses a forged code: the old id-derived form, another booking’s code, and garbage', async () => {
    const { bookingId, slot } = await paidBooking(stack, PORTRAIT, 1);
    const other = await paidBooking(stack, PORTRAIT, 2);
    stack.setClockOffset(offsetTo(slot.startDateTime, 0));
    for (const forged of [`qr_${bookingId}`, await customerCode(other.bookingId), 'ci_00000000000000000000000000000000']) {
      const res = await checkIn(bookingId, forged);
      expect(res.status).toBe(400);
      expect(res.body.details).toMatchObject({ reason: 'WRONG_CODE' });
    }
    expect((await stack.storedBooking(bookingId)).checkedInAt).toBeUndefined();
    stack.setClockOffset(0);
  });

  it('only the booking’s provider: the customer and an admin are refused even with the right code', async () => {
    const { bookingId, slot } = await paidBooking(stack, PORTRAIT, 3);
    const code = await customerCode(bookingId);
    stack.setClockOffset(offsetTo(slot.startDateTime, 0));
    expect((await checkIn(bookingId, code, stack.customerToken)).status).toBe(403);
    expect((await checkIn(bookingId, code, stack.adminToken)).status).toBe(403);
    expect((await stack.storedBooking(bookingId)).checkedInAt).toBeUndefined();
    stack.setClockOffset(0);
  });

  it('only near the booking’s time, and only once it is paid', async () => {
    const { bookingId, slot } = await paidBooking(stack, PORTRAIT, 4);
    const code = await customerCode(bookingId);
    stack.setClockOffset(offsetTo(slot.startDateTime, -3 * 3600_000));
    expect((await checkIn(bookingId, code)).body).toMatchObject({ code: 'BAD_REQUEST', details: { reason: 'TOO_EARLY' } });
    stack.setClockOffset(offsetTo(slot.endDateTime, 2 * 3600_000));
    expect((await checkIn(bookingId, code)).body).toMatchObject({ code: 'BAD_REQUEST', details: { reason: 'TOO_LATE' } });
    stack.setClockOffset(0);

    const unpaid = await createBooking(stack, PORTRAIT, 5);
    const unpaidCode = await customerCode(unpaid.bookingId);
    stack.setClockOffset(offsetTo(unpaid.slot.startDateTime, 0));
    expect((await checkIn(unpaid.bookingId, unpaidCode)).body).toMatchObject({ code: 'CONFLICT', details: { reason: 'NOT_CONFIRMED' } });
    stack.setClockOffset(0);
  });

  it('two scans at once: exactly one records the check-in', async () => {
    const { bookingId, slot } = await paidBooking(stack, PORTRAIT, 6);
    const code = await customerCode(bookingId);
    stack.setClockOffset(offsetTo(slot.startDateTime, 0));
    const results = await Promise.all([checkIn(bookingId, code), checkIn(bookingId, code), checkIn(bookingId, code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    stack.setClockOffset(0);
  });
});
