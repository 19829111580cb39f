/** COMPLETE_BOOKING by the provider (after the start), and the scheduled completion after the end + 2 h grace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeDueBookings } from '../../../lib/services/booking-lifecycle';
import { createBooking, paidBooking, PORTRAIT, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';

let stack: LifecycleStack;

beforeAll(async () => {
  stack = await startLifecycleStack('complete');
});
afterAll(async () => stack?.close());

const offsetTo = (iso: string, plusMs = 0) => Date.parse(iso) + plusMs - Date.now();

describe('COMPLETE_BOOKING', () => {
  it('only the provider (or an admin), only once started, only a confirmed booking; repeating is harmless', async () => {
    const { bookingId, slot } = await paidBooking(stack, PORTRAIT, 0);
    const early = await stack.booking('COMPLETE_BOOKING', { bookingId }, stack.providerToken);
    expect(early).toMatchObject({ status: 409, body: { code: 'INVALID_TRANSITION' } });

    stack.setClockOffset(offsetTo(slot.startDateTime, 60_000));
    try {
      const byCustomer = await stack.booking('COMPLETE_BOOKING', { bookingId }, stack.customerToken);
      expect(byCustomer).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      const byStranger = await stack.booking(
        'COMPLETE_BOOKING',
        { bookingId },
        stack.tokenFor('user_other_provider', 'p2@example.com', ['PROVIDER']),
      );
      expect(byStranger).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });

      const listed = await stack.booking<{ bookings: { id: string; canComplete: boolean; customerEmail: string }[] }>(
        'LIST_PROVIDER_BOOKINGS',
        {},
        stack.providerToken,
      );
      expect(listed.body.bookings.find((b) => b.id === bookingId)).toMatchObject({
        canComplete: true,
        customerEmail: 'customer@marketplace.local',
      });

      const done = await stack.booking<{ booking: { status: string } }>('COMPLETE_BOOKING', { bookingId }, stack.providerToken);
      expect(done).toMatchObject({ status: 200, body: { booking: { status: 'COMPLETED' } } });
      const stored = await stack.storedBooking(bookingId);
      expect(stored).toMatchObject({ status: 'COMPLETED', completedBy: 'user_demo_provider' });
      const again = await stack.booking('COMPLETE_BOOKING', { bookingId }, stack.providerToken);
      expect(again).toMatchObject({ status: 200, body: { booking: { status: 'COMPLETED' } } });
      expect((await stack.storedBooking(bookingId)).completedAt).toBe(stored.completedAt);
    } finally {
      stack.setClockOffset(0);
    }
  });

  it('an unpaid booking cannot be completed: 409', async () => {
    const { bookingId, slot } = await createBooking(stack, PORTRAIT, 1);
    stack.setClockOffset(offsetTo(slot.startDateTime, 60_000));
    try {
      const res = await stack.booking('COMPLETE_BOOKING', { bookingId }, stack.providerToken);
      expect(res).toMatchObject({ status: 409, body: { code: 'INVALID_TRANSITION', details: { currentStatus: 'PENDING_PAYMENT' } } });
    } finally {
      stack.setClockOffset(0);
    }
    await stack.booking('CANCEL_BOOKING', { bookingId }, stack.customerToken);
  });
});

describe('scheduled completion', () => {
  it('completes CONFIRMED bookings once their end passed by 2 h, not before', async () => {
    const { bookingId, slot } = await paidBooking(stack, PORTRAIT, 2);
    stack.setClockOffset(offsetTo(slot.endDateTime, 2 * 3_600_000 - 60_000));
    try {
      await completeDueBookings(stack.deps);
      expect((await stack.storedBooking(bookingId)).status).toBe('CONFIRMED');
      stack.setClockOffset(offsetTo(slot.endDateTime, 2 * 3_600_000 + 1));
      const r = await completeDueBookings(stack.deps);
      expect(r.completed).toBeGreaterThanOrEqual(1);
      expect(await stack.storedBooking(bookingId)).toMatchObject({ status: 'COMPLETED', completedBy: 'SYSTEM' });
      expect((await completeDueBookings(stack.deps)).completed).toBe(0);
    } finally {
      stack.setClockOffset(0);
    }
  });
});
