import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { repo } from '../../lib/data/repository';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingMoneyFlow } from '../../lib/domain/ledger';
import type { BookingRecord } from '../../lib/data/records';
import type { BookingResponses } from '../../lib/http/booking-processor';
import { confirmLikeStripeJs, firstFreeSlot, startTestStack, TEST_WEBHOOK_SECRET, type TestStack } from './support/local-stack';

let stack: TestStack;
const PORTRAIT = 'svc_demo_portrait'; // $120.00 per booking
const YOGA = 'svc_demo_yoga'; // $45.50 per person

beforeAll(async () => {
  stack = await startTestStack('booking');
});
afterAll(async () => stack?.close());

async function createBooking(serviceId: string, slotIndex = 0, groupSize = 1) {
  const slot = await firstFreeSlot(stack, serviceId, slotIndex);
  return stack.booking<BookingResponses['CREATE_BOOKING']>(
    'CREATE_BOOKING',
    { serviceId, startDateTime: slot.startDateTime, endDateTime: slot.endDateTime, groupSize },
    stack.customerToken,
  );
}
const storedBooking = async (id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;
const ledger = (bookingId: string) => repo.ledgerOfBooking(stack.deps, bookingId);
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const offGrid = (slot: { startDateTime: string; endDateTime: string }) => ({
  startDateTime: new Date(Date.parse(slot.startDateTime) + 7 * 60_000).toISOString(),
  endDateTime: new Date(Date.parse(slot.endDateTime) + 7 * 60_000).toISOString(),
});

describe('a customer books and pays', () => {
  it('create → pay with 4242 → webhook → CONFIRMED, with a balanced ledger', async () => {
    const created = await createBooking(YOGA, 0, 3);
    expect(created.status).toBe(200);
    const { booking, clientSecret, bookingId } = created.body;
    expect(booking.status).toBe('PENDING_PAYMENT');
    // Priced on the server: 3 × $45.50 = $136.50; 8% = 1092 cents; the provider gets the rest.
    expect(booking.pricing).toEqual({
      totalAmountCents: 13_650,
      platformFeeCents: 1_092,
      providerEarningsCents: 12_558,
      platformFeeRate: 0.08,
      currency: 'usd',
    });
    expect(booking.qrCode).toMatch(/^ci_\w{16,}$/);
    expect(booking.qrCode).not.toContain(bookingId.replace(/^bk_/, ''));
    expect(clientSecret).toMatch(/^pi_.+_secret_/);

    const pi = await stack.deps.stripe.paymentIntents.retrieve(clientSecret.split('_secret_')[0]!);
    expect(pi.amount).toBe(13_650);
    expect(pi.transfer_group).toBe(bookingId);
    expect(pi.metadata.bookingId).toBe(bookingId);

    const paid = await confirmLikeStripeJs(stack.emulator.url, clientSecret, '4242424242424242');
    expect(paid.body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();

    const stored = await storedBooking(bookingId);
    expect(stored.status).toBe('CONFIRMED');
    expect(stored.chargeId).toMatch(/^ch_/);
    const lines = await ledger(bookingId);
    expect(lines.map((l) => l.type).sort()).toEqual(['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING']);
    expect(bookingMoneyFlow(lines)).toMatchObject({
      chargedCents: 13_650,
      cardChargedCents: 13_650,
      platformFeeCents: 1_092,
      providerNetCents: 12_558,
      balanced: true,
    });
    const delivered = stack.deliveries.filter((d) => d.eventType === 'payment_intent.succeeded');
    expect(delivered.at(-1)?.response.statusCode).toBe(200);

    const mine = await stack.booking<BookingResponses['LIST_MY_BOOKINGS']>('LIST_MY_BOOKINGS', {}, stack.customerToken);
    expect(mine.body.bookings.find((b) => b.id === bookingId)?.status).toBe('CONFIRMED');
  });

  it('a declined card leaves the booking unconfirmed with the reason in words, and a retry can pay', async () => {
    const { body } = await createBooking(PORTRAIT, 1);
    const declined = await confirmLikeStripeJs(stack.emulator.url, body.clientSecret, '4000000000000002');
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
    await stack.emulator.flushWebhooks();

    const failed = await stack.booking<BookingResponses['GET_BOOKING']>('GET_BOOKING', { bookingId: body.bookingId }, stack.customerToken);
    expect(failed.body.booking.status).toBe('PAYMENT_FAILED');
    expect(failed.body.booking.paymentFailureMessage).toMatch(/declined/i);
    expect(failed.body.booking.clientSecret).toBe(body.clientSecret);
    expect(await ledger(body.bookingId)).toEqual([]);

    const retried = await confirmLikeStripeJs(stack.emulator.url, body.clientSecret, '4242424242424242');
    expect(retried.body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    expect((await storedBooking(body.bookingId)).status).toBe('CONFIRMED');
    expect(await ledger(body.bookingId)).toHaveLength(3);
  });

  it('CONFIRM_BOOKING right after paying and the later webhook converge on one confirmation', async () => {
    const { body } = await createBooking(PORTRAIT, 2);
    await confirmLikeStripeJs(stack.emulator.url, body.clientSecret, '4242424242424242');
    const confirmed = await stack.booking<BookingResponses['CONFIRM_BOOKING']>(
      'CONFIRM_BOOKING',
      { bookingId: body.bookingId },
      stack.customerToken,
    );
    expect(confirmed.body.booking.status).toBe('CONFIRMED');
    await stack.emulator.flushWebhooks();
    expect((await storedBooking(body.bookingId)).status).toBe('CONFIRMED');
    expect(bookingMoneyFlow(await ledger(body.bookingId))).toMatchObject({ chargedCents: 12_000, balanced: true });
    expect(await ledger(body.bookingId)).toHaveLength(3);
  });
});

describe('webhook delivery', () => {
  async function paidBookingEvent(slotIndex: number) {
    const { body } = await createBooking(PORTRAIT, slotIndex);
    await confirmLikeStripeJs(stack.emulator.url, body.clientSecret, '4242424242424242');
    await stack.emulator.flushWebhooks();
    const events = await stack.deps.stripe.events.list({ limit: 100, type: 'payment_intent.succeeded' });
    const event = events.data.find((e) => (e.data.object as Stripe.PaymentIntent).metadata.bookingId === body.bookingId);
    if (!event) throw new Error('no payment_intent.succeeded event');
    return { bookingId: body.bookingId, event };
  }
  const deliver = (payload: string, signature: string) =>
    stack.functions['stripe-webhook']({ headers: { 'Stripe-Signature': signature }, body: payload });
  const sign = (payload: string) => stack.deps.stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET });

  it('a duplicate delivery of the same event changes nothing', async () => {
    const { bookingId, event } = await paidBookingEvent(3);
    const before = await storedBooking(bookingId);
    const payload = JSON.stringify(event);
    const [a, b] = await Promise.all([deliver(payload, sign(payload)), deliver(payload, sign(payload))]);
    for (const res of [a, b]) {
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body).outcome).toBe('duplicate');
    }
    expect(await storedBooking(bookingId)).toEqual(before);
    expect(await ledger(bookingId)).toHaveLength(3);
  });

  it('two concurrent first deliveries of one event: one processes it, the other is a duplicate', async () => {
    const { bookingId, event } = await paidBookingEvent(5);
    const payload = JSON.stringify({ ...event, id: `evt_redelivered_${bookingId}` });
    const outcomes = await Promise.all([deliver(payload, sign(payload)), deliver(payload, sign(payload))]);
    expect(outcomes.map((o) => o.statusCode)).toEqual([200, 200]);
    expect(outcomes.map((o) => JSON.parse(o.body).outcome).sort()).toEqual(['duplicate', 'processed']);
    expect(await ledger(bookingId)).toHaveLength(3);
  });

  it('a bad signature is rejected with 400 and nothing is written', async () => {
    const { event } = await paidBookingEvent(4);
    const forged = JSON.stringify({ ...event, id: 'evt_forged_1' });
    const res = await deliver(forged, stack.deps.stripe.webhooks.generateTestHeaderString({ payload: forged, secret: 'whsec_wrong' }));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'INVALID_SIGNATURE' });
    const marker = await stack.deps.db.send(new GetCommand({ TableName: stack.tables.ProcessedEvent, Key: { id: 'evt_forged_1' } }));
    expect(marker.Item).toBeUndefined();
    expect((await deliver(forged, '')).statusCode).toBe(400);
  });

  it('an event type the app does not handle gets 200', async () => {
    const payload = JSON.stringify({
      id: 'evt_unknown_type_1',
      object: 'event',
      type: 'customer.tax_id.created',
      created: 1,
      data: { object: {} },
    });
    const res = await deliver(payload, sign(payload));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).outcome).toBe('ignored');
  });
});

describe('slot holds', () => {
  it('of concurrent bookings of one slot exactly one wins; the others get a clear 409', async () => {
    const slot = await firstFreeSlot(stack, PORTRAIT, 6);
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        stack.booking(
          'CREATE_BOOKING',
          { serviceId: PORTRAIT, ...slot, groupSize: 1 },
          stack.tokenFor(`user_racer_${i}`, `racer${i}@example.com`),
        ),
      ),
    );
    expect(attempts.filter((a) => a.status === 200)).toHaveLength(1);
    const losers = attempts.filter((a) => a.status !== 200);
    expect(losers).toHaveLength(7);
    for (const l of losers) expect(l).toMatchObject({ status: 409, body: { code: 'SLOT_UNAVAILABLE' } });
    const stored = await stack.deps.db.send(
      new QueryCommand({
        TableName: stack.tables.Booking,
        IndexName: 'byService',
        KeyConditionExpression: 'serviceId = :s AND startDateTime = :t',
        ExpressionAttributeValues: { ':s': PORTRAIT, ':t': slot.startDateTime },
      }),
    );
    expect(stored.Items).toHaveLength(1);
    // The held slot is no longer offered to anyone.
    const after = await firstFreeSlot(stack, PORTRAIT, 0);
    expect(after.startDateTime).not.toBe(slot.startDateTime);
  });
});

describe('bad requests', () => {
  it('answers 4xx with { error, code, details } and stores nothing', async () => {
    const slot = await firstFreeSlot(stack, PORTRAIT, 0);
    const cases: [string, object, string | undefined, number, string][] = [
      ['NO_SUCH_ACTION', {}, stack.customerToken, 400, 'UNKNOWN_ACTION'],
      ['CREATE_BOOKING', { serviceId: PORTRAIT, ...slot, groupSize: 1 }, undefined, 401, 'UNAUTHENTICATED'],
      ['CREATE_BOOKING', { serviceId: PORTRAIT, ...slot, groupSize: 1 }, 'forged.token', 401, 'UNAUTHENTICATED'],
      ['CREATE_BOOKING', { serviceId: PORTRAIT, ...slot, groupSize: 'two' }, stack.customerToken, 400, 'VALIDATION_FAILED'],
      ['CREATE_BOOKING', { serviceId: PORTRAIT, ...slot, groupSize: 1, customerId: 'someone_else' }, stack.customerToken, 403, 'FORBIDDEN'],
      ['CREATE_BOOKING', { serviceId: PORTRAIT, ...slot, groupSize: 9 }, stack.customerToken, 400, 'VALIDATION_FAILED'],
      // A made-up time inside the booking window: seven minutes off the slot grid.
      ['CREATE_BOOKING', { serviceId: PORTRAIT, ...offGrid(slot), groupSize: 1 }, stack.customerToken, 400, 'VALIDATION_FAILED'],
      ['CREATE_BOOKING', { serviceId: 'svc_missing', ...slot, groupSize: 1 }, stack.customerToken, 404, 'NOT_FOUND'],
      ['GET_BOOKING', { bookingId: 'bk_not_mine' }, stack.customerToken, 404, 'NOT_FOUND'],
      // More than 31 days, inside the booking window.
      ['CHECK_AVAILABILITY', { serviceId: PORTRAIT, from: daysFromNow(1), to: daysFromNow(61) }, undefined, 400, 'VALIDATION_FAILED'],
    ];
    const before = await stack.booking<BookingResponses['LIST_MY_BOOKINGS']>('LIST_MY_BOOKINGS', {}, stack.customerToken);
    for (const [action, payload, token, status, code] of cases) {
      const res = await stack.booking(action, payload, token);
      expect({ action, status: res.status, code: res.body.code }).toEqual({ action, status, code });
      expect(typeof res.body.error).toBe('string');
      expect(JSON.stringify(res.body)).not.toMatch(/at .+\.ts:\d+/);
    }
    const after = await stack.booking<BookingResponses['LIST_MY_BOOKINGS']>('LIST_MY_BOOKINGS', {}, stack.customerToken);
    expect(after.body.bookings).toHaveLength(before.body.bookings.length);
  });

  it('refuses bookings of a provider whose payments are not set up', async () => {
    const providerId = 'user_demo_provider';
    const setStatus = (status: string) =>
      stack.deps.db.send(
        new UpdateCommand({
          TableName: stack.tables.UserProfile,
          Key: { id: providerId },
          UpdateExpression: 'SET stripeAccountStatus = :s',
          ExpressionAttributeValues: { ':s': status },
        }),
      );
    // A slot offered while the provider was ready, booked after Stripe restricted the account.
    const slot = await firstFreeSlot(stack, PORTRAIT, 0);
    await setStatus('RESTRICTED');
    try {
      const res = await stack.booking(
        'CREATE_BOOKING',
        { serviceId: PORTRAIT, startDateTime: slot.startDateTime, endDateTime: slot.endDateTime, groupSize: 1 },
        stack.customerToken,
      );
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'Provider payment processing not set up', code: 'PROVIDER_NOT_READY' });
    } finally {
      await setStatus('ACTIVE');
    }
  });
});
