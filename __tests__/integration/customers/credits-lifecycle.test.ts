import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionBooking } from '../../../lib/data/booking-writer';
import type { BookingRecord } from '../../../lib/data/records';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import { transferBooking } from '../../../lib/services/payout-transfers';
import { firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';
import { balanceOf, buyPackage, newUser, payCheckout } from './support';

/** Where credits meet the booking lifecycle: released holds give credits back; payouts of credit-paid bookings. */
let stack: TestStack;
let customer: ReturnType<typeof newUser>;

beforeAll(async () => {
  stack = await startTestStack('credit-life');
  customer = newUser(stack, 'credit-life');
  const bought = await buyPackage(stack, customer.token, 'pkg_value'); // 20,000 credits
  await payCheckout(bought.checkoutUrl);
  await stack.emulator.flushWebhooks();
});
afterAll(async () => stack?.close());

const storedBooking = async (id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;

async function book(serviceId: string, slot: number, credits: number | 'max') {
  const s = await firstFreeSlot(stack, serviceId, slot);
  const res = await stack.booking<BookingResponses['CREATE_BOOKING']>(
    'CREATE_BOOKING',
    { serviceId, startDateTime: s.startDateTime, endDateTime: s.endDateTime, groupSize: 1, credits },
    customer.token,
  );
  expect(res.status).toBe(200);
  return res.body;
}

describe('credits and the booking lifecycle', () => {
  it('cancelling an unpaid booking with credits applied gives the credits back, once', async () => {
    const before = await balanceOf(stack, customer.userId);
    const created = await book('svc_demo_portrait', 0, 5_000);
    expect(await balanceOf(stack, customer.userId)).toBe(before - 5_000);
    const cancelled = await stack.booking('CANCEL_BOOKING', { bookingId: created.bookingId }, customer.token);
    expect(cancelled.status).toBe(200);
    expect(await balanceOf(stack, customer.userId)).toBe(before);
    // Cancelling again changes nothing.
    await stack.booking('CANCEL_BOOKING', { bookingId: created.bookingId }, customer.token);
    expect(await balanceOf(stack, customer.userId)).toBe(before);
  });

  it('a booking paid fully with credits is transferred from the platform balance, not from a charge', async () => {
    const created = await book('svc_demo_yoga', 1, 'max'); // $45.50 → provider 4,186
    expect(created.booking.status).toBe('CONFIRMED');
    const now = new Date();
    expect(
      await transitionBooking(stack.deps, created.bookingId, {
        transition: 'COMPLETE',
        actor: 'SYSTEM',
        from: 'CONFIRMED',
        change: { set: { completedAt: now.toISOString() } },
        now,
      }),
    ).toBeDefined();
    await stack.emulator.advanceClock(3 * 86_400); // the credit purchase's funds become available
    const result = await transferBooking(stack.deps, stack.seed.providerAccountId, created.bookingId, 'run_credit_test');
    expect(result).toMatchObject({ outcome: 'transferred', amountCents: 4_186 });
    const transfers = await stack.deps.stripe.transfers.list({ transfer_group: created.bookingId });
    expect(transfers.data).toHaveLength(1);
    expect(transfers.data[0]).toMatchObject({ amount: 4_186, source_transaction: null });
    expect((await storedBooking(created.bookingId)).status).toBe('PAID_OUT');
  });
});
