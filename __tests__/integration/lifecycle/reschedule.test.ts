/**
 * RESCHEDULE_BOOKING on DynamoDB Local and the Stripe emulator: one booking id throughout, the new slot held and the
 * old one released in one transaction with its event; refusals write nothing; of two moves (or a move and a new
 * booking) into one slot exactly one wins; a replay answers the same move; a lower price refunds the difference once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotHoldKeys } from '../../../lib/domain/availability';
import type { BookingView, RescheduleResult, ProviderBookingView } from '../../../lib/http/booking-processor';
import { testDynamoClients } from '../../setup/dynamo';
import { ledgerProblemMessages } from '../../setup/ledger-check';
import { startLocalEventStream, type EventStream } from '../../../lib/local/event-stream';
import { icsUtc, parseIcs } from '../../setup/ics';
import { eventsOfAggregate } from '../support/events';
import { CUSTOMER, payLikeStripeJs, PROVIDER, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';
import { attachmentText, emailsWithKey, waitForEmails } from '../support/maildev';

const CLEANING = 'svc_demo_cleaning'; // $89.99, FLEXIBLE (moves until 24 h before the start), 120 minutes
const H = 3_600_000;
type Slot = { startDateTime: string; endDateTime: string };
type Answer = RescheduleResult & { code?: string; error?: string; details?: Record<string, unknown> };

let stack: LifecycleStack;
let stream: EventStream;
beforeAll(async () => {
  stack = await startLifecycleStack('reschedule');
  // the production consumers (the notifier among them) on the DomainEvent stream
  stream = startLocalEventStream(stack.deps, { endpoint: process.env.DYNAMODB_ENDPOINT!, progress: false, log: () => {} });
});
afterAll(async () => {
  await stream?.stop();
  await stack?.close();
});

/** Every free slot of the cleaning service over the next three weeks. */
async function freeSlots(): Promise<Slot[]> {
  const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  const res = await stack.booking<{ slots: Slot[] }>('CHECK_AVAILABILITY', { serviceId: CLEANING, from, to });
  expect(res.status).toBe(200);
  return res.body.slots;
}

/** Free slots starting at least two and a half days from now (well past the 24 h notice), soonest first. */
async function slotsAhead(): Promise<Slot[]> {
  return (await freeSlots()).filter((s) => Date.parse(s.startDateTime) > Date.now() + 60 * H);
}

async function book(slot: Slot, pay = true, token = stack.customerToken): Promise<string> {
  const res = await stack.booking<{ bookingId: string; clientSecret: string }>(
    'CREATE_BOOKING',
    { serviceId: CLEANING, ...slot, groupSize: 1 },
    token,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  if (pay) {
    expect((await payLikeStripeJs(stack, res.body.clientSecret)).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    expect((await stack.storedBooking(res.body.bookingId)).status).toBe('CONFIRMED');
  }
  return res.body.bookingId;
}

const reschedule = (bookingId: string, startTime: string, extra: { requestId?: string } = {}, token = stack.customerToken) =>
  stack.booking<Answer>('RESCHEDULE_BOOKING', { bookingId, startTime, ...extra }, token);

const holdsOf = (slot: Slot) => slotHoldKeys(PROVIDER.userId, new Date(slot.startDateTime), new Date(slot.endDateTime));
async function holders(slot: Slot): Promise<(string | undefined)[]> {
  return Promise.all(holdsOf(slot).map(async (id) => (await stack.slotHold(id))?.bookingId as string | undefined));
}
const rescheduledEvents = async (bookingId: string) =>
  (await eventsOfAggregate(stack.deps, 'Booking', bookingId)).filter((e) => e.type === 'BookingRescheduled');

/** What a refusal must leave untouched: the booking, its holds, its events. */
async function snapshot(bookingId: string) {
  const b = await stack.storedBooking(bookingId);
  return {
    booking: { start: b.startDateTime, end: b.endDateTime, holds: b.slotHoldIds, count: b.rescheduleCount, status: b.status },
    holds: await Promise.all(b.slotHoldIds.map(async (id) => (await stack.slotHold(id))?.bookingId)),
    events: (await eventsOfAggregate(stack.deps, 'Booking', bookingId)).length,
  };
}

describe('rescheduling a booking', () => {
  it('keeps the id and the price, frees the old slot, takes the new one, records the event; both parties see the new time', async () => {
    const [oldSlot, , newSlot] = await slotsAhead();
    const bookingId = await book(oldSlot!);
    const before = await stack.storedBooking(bookingId);

    const res = await reschedule(bookingId, newSlot!.startDateTime, { requestId: 'move-keeps-price-1' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.replayed).toBe(false);
    expect(res.body.reschedule).toMatchObject({ sequence: 1, fromStart: oldSlot!.startDateTime, toStart: newSlot!.startDateTime });
    expect(res.body.reschedule).toMatchObject({ priceCents: 8_999, refundCents: 0, refundStatus: 'NONE' });
    expect(res.body.booking).toMatchObject({
      id: bookingId,
      status: 'CONFIRMED',
      dateTime: { start: newSlot!.startDateTime, end: newSlot!.endDateTime },
      rescheduled: { count: 1, fromStart: oldSlot!.startDateTime, fromEnd: oldSlot!.endDateTime },
      pricing: { totalAmountCents: 8_999 },
    });
    expect(res.body.booking.currentPriceCents).toBeUndefined();

    const after = await stack.storedBooking(bookingId);
    expect(after).toMatchObject({ id: bookingId, paymentIntentId: before.paymentIntentId, totalAmountCents: 8_999, qrCode: before.qrCode });
    expect(after.slotHoldIds).toEqual(holdsOf(newSlot!));
    expect(await holders(oldSlot!)).toEqual(holdsOf(oldSlot!).map(() => undefined));
    expect(await holders(newSlot!)).toEqual(holdsOf(newSlot!).map(() => bookingId));
    // no money moved: only the charge's lines
    expect((await stack.ledger(bookingId)).map((l) => l.type).sort()).toEqual(['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING']);

    const events = await rescheduledEvents(bookingId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorRole: 'CUSTOMER',
      actorId: before.customerId,
      payload: {
        transition: 'RESCHEDULE',
        from: 'CONFIRMED',
        details: { sequence: 1, fromStart: oldSlot!.startDateTime, toStart: newSlot!.startDateTime, refundCents: 0 },
      },
    });

    // the old time is offered again, the new one no longer
    const free = (await freeSlots()).map((s) => s.startDateTime);
    expect(free).toContain(oldSlot!.startDateTime);
    expect(free).not.toContain(newSlot!.startDateTime);

    // the provider's list and view show the new time
    const list = await stack.booking<{ bookings: ProviderBookingView[] }>('LIST_PROVIDER_BOOKINGS', {}, stack.providerToken);
    expect(list.body.bookings.find((b) => b.id === bookingId)?.dateTime.start).toBe(newSlot!.startDateTime);
    const asProvider = await stack.booking<{ booking: BookingView }>('GET_BOOKING', { bookingId }, stack.providerToken);
    expect(asProvider.body.booking.rescheduled?.fromStart).toBe(oldSlot!.startDateTime);

    // both parties are told, once each, with an invite that moves the calendar event
    await stream.drained();
    const [toCustomer] = await waitForEmails(`booking:${bookingId}:rescheduled:1:customer`);
    const [toProvider] = await waitForEmails(`booking:${bookingId}:rescheduled:1:provider`);
    expect(toCustomer!.to[0]!.address).toBe(CUSTOMER.email);
    expect(toProvider!.to[0]!.address).toBe(PROVIDER.email);
    expect(toCustomer!.subject).toBe('Booking moved: Deep Home Cleaning');
    expect(toCustomer!.text).toContain('New time:');
    expect(toCustomer!.text).toContain('It was:');
    const invite = parseIcs(await attachmentText(toCustomer!, 'booking.ics'));
    expect(invite).toMatchObject({ method: 'REQUEST', uid: `${bookingId}@bookwell`, dtstart: icsUtc(newSlot!.startDateTime) });

    // the same request again (a double press, a retry after a lost answer): the same move, nothing more written
    const replay = await reschedule(bookingId, newSlot!.startDateTime, { requestId: 'move-keeps-price-1' });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ replayed: true, reschedule: { sequence: 1, toStart: newSlot!.startDateTime } });
    expect(await rescheduledEvents(bookingId)).toHaveLength(1);
    expect((await stack.storedBooking(bookingId)).rescheduleCount).toBe(1);
    await stream.drained();
    expect(await emailsWithKey(`booking:${bookingId}:rescheduled:1:customer`)).toHaveLength(1);
    // without the request id, the same target is no move at all: refused, nothing written
    const again = await reschedule(bookingId, newSlot!.startDateTime);
    expect(again.status).toBe(400);
    expect(again.body.details).toMatchObject({ reason: 'SAME_TIME' });
    expect(await rescheduledEvents(bookingId)).toHaveLength(1);
  });

  it('moves an unpaid hold too, which is then paid at its new time', async () => {
    const [oldSlot, newSlot] = await slotsAhead();
    const created = await stack.booking<{ bookingId: string; clientSecret: string }>(
      'CREATE_BOOKING',
      { serviceId: CLEANING, ...oldSlot!, groupSize: 1 },
      stack.customerToken,
    );
    const bookingId = created.body.bookingId;
    const res = await reschedule(bookingId, newSlot!.startDateTime);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.booking).toMatchObject({ status: 'PENDING_PAYMENT', dateTime: { start: newSlot!.startDateTime } });
    expect((await payLikeStripeJs(stack, created.body.clientSecret)).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    expect(await stack.storedBooking(bookingId)).toMatchObject({ status: 'CONFIRMED', startDateTime: newSlot!.startDateTime });
    expect(await holders(newSlot!)).toEqual(holdsOf(newSlot!).map(() => bookingId));
  });

  it('refuses with a 4xx and writes nothing: too late, taken, outside the window, not a slot, not the customer, wrong status', async () => {
    const [slot, takenSlot, freeSlot] = await slotsAhead();
    const bookingId = await book(slot!);
    const otherId = await book(takenSlot!);
    const before = await snapshot(bookingId);
    const expectRefused = async (res: Awaited<ReturnType<typeof reschedule>>, status: number, fields: Record<string, unknown>) => {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body).toMatchObject(fields);
      expect(typeof res.body.error).toBe('string');
      expect(await snapshot(bookingId)).toEqual(before);
    };

    await expectRefused(await reschedule(bookingId, takenSlot!.startDateTime), 409, { code: 'SLOT_UNAVAILABLE' });
    expect(await holders(takenSlot!)).toEqual(holdsOf(takenSlot!).map(() => otherId));
    const farAway = new Date(Date.now() + 400 * 86_400_000).toISOString();
    await expectRefused(await reschedule(bookingId, farAway), 400, { code: 'VALIDATION_FAILED', details: { reason: 'TOO_FAR' } });
    const halfPast = new Date(Date.parse(freeSlot!.startDateTime) + 30 * 60_000).toISOString();
    await expectRefused(await reschedule(bookingId, halfPast), 400, { code: 'VALIDATION_FAILED', details: { reason: 'NOT_A_SLOT' } });
    await expectRefused(await reschedule(bookingId, freeSlot!.startDateTime, {}, stack.providerToken), 403, { code: 'FORBIDDEN' });
    await expectRefused(await reschedule(bookingId, freeSlot!.startDateTime, {}, stack.adminToken), 403, { code: 'FORBIDDEN' });
    const stranger = stack.tokenFor('user_stranger', 'stranger@example.com');
    await expectRefused(await reschedule(bookingId, freeSlot!.startDateTime, {}, stranger), 404, { code: 'NOT_FOUND' });
    await expectRefused(await stack.booking<Answer>('RESCHEDULE_BOOKING', { bookingId, startTime: 'tomorrow' }, stack.customerToken), 400, {
      code: 'VALIDATION_FAILED',
    });

    // less than the policy's 24 hours before the old start: too late (the new slot would still be fine)
    stack.setClockOffset(Date.parse(slot!.startDateTime) - 23 * H - Date.now());
    try {
      await expectRefused(await reschedule(bookingId, freeSlot!.startDateTime), 409, { code: 'CONFLICT', details: { reason: 'TOO_LATE' } });
    } finally {
      stack.setClockOffset(0);
    }

    // a cancelled booking stays where it is
    expect((await stack.booking('CANCEL_PAID_BOOKING', { bookingId: otherId }, stack.customerToken)).status).toBe(200);
    const cancelledBefore = await snapshot(otherId);
    const cancelled = await reschedule(otherId, freeSlot!.startDateTime);
    expect(cancelled.status).toBe(409);
    expect(cancelled.body).toMatchObject({ code: 'INVALID_TRANSITION', details: { reason: 'WRONG_STATUS', currentStatus: 'CANCELLED' } });
    expect(await snapshot(otherId)).toEqual(cancelledBefore);
  });

  it('two moves into one slot at once: exactly one wins, the other is a 409 with its booking untouched', async () => {
    const [a, b, target] = await slotsAhead();
    const first = await book(a!);
    const second = await book(b!);
    const results = await Promise.all([reschedule(first, target!.startDateTime), reschedule(second, target!.startDateTime)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([200, 409]);
    const winner = results[0]!.status === 200 ? first : second;
    const loser = winner === first ? second : first;
    const loserSlot = loser === first ? a! : b!;
    expect(results.find((r) => r.status === 409)!.body.code).toBe('SLOT_UNAVAILABLE');
    expect(await holders(target!)).toEqual(holdsOf(target!).map(() => winner));
    expect(await stack.storedBooking(loser)).toMatchObject({ startDateTime: loserSlot.startDateTime, slotHoldIds: holdsOf(loserSlot) });
    expect(await holders(loserSlot)).toEqual(holdsOf(loserSlot).map(() => loser));
    expect(await rescheduledEvents(loser)).toHaveLength(0);
    expect(await rescheduledEvents(winner)).toHaveLength(1);
  });

  it('a move racing a new booking for the same slot: exactly one gets it', async () => {
    const [a, target] = await slotsAhead();
    const moving = await book(a!);
    const [moved, created] = await Promise.all([
      reschedule(moving, target!.startDateTime),
      stack.booking<{ bookingId?: string; code?: string }>(
        'CREATE_BOOKING',
        { serviceId: CLEANING, ...target!, groupSize: 1 },
        stack.customerToken,
      ),
    ]);
    expect([moved.status, created.status].sort()).toEqual([200, 409]);
    const owner = moved.status === 200 ? moving : created.body.bookingId;
    expect(await holders(target!)).toEqual(holdsOf(target!).map(() => owner));
    if (moved.status === 409) {
      expect(moved.body.code).toBe('SLOT_UNAVAILABLE');
      expect((await stack.storedBooking(moving)).startDateTime).toBe(a!.startDateTime);
    } else {
      expect(created.body.code).toBe('SLOT_UNAVAILABLE');
    }
  });

  it('a lower price refunds the difference once (8% of the new price kept), its ledger balancing (a higher one: reschedule-topup.test.ts)', async () => {
    const [slot, cheaper] = await slotsAhead();
    const bookingId = await book(slot!);
    const setPrice = async (priceCents: number) =>
      expect((await stack.booking('UPDATE_SERVICE', { serviceId: CLEANING, priceCents }, stack.providerToken)).status).toBe(200);
    try {
      await setPrice(7_013);
      const res = await reschedule(bookingId, cheaper!.startDateTime, { requestId: 'move-cheaper-1' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      // 8 999 → 7 013: 1 986 back; the fee goes from 720 to round-half-up(561.04) = 561, so 159 of it is refunded
      expect(res.body.reschedule).toMatchObject({ priceCents: 7_013, refundCents: 1_986, refundStatus: 'REFUNDED' });
      expect(res.body.booking).toMatchObject({ currentPriceCents: 7_013, pricing: { totalAmountCents: 8_999 } });
      const stored = await stack.storedBooking(bookingId);
      expect(stored).toMatchObject({ refundedCents: 1_986, feeRefundedCents: 159, currentPriceCents: 7_013, status: 'CONFIRMED' });
      expect(stored.platformFeeCents - stored.feeRefundedCents!).toBe(561);

      const lines = await stack.ledger(bookingId);
      const refundLines = lines.filter((l) => l.type === 'REFUND' || l.type === 'FEE_REFUND');
      expect(refundLines.map((l) => [l.id, l.amountCents]).sort()).toEqual([
        [`${bookingId}#FEE_REFUND#refund:reschedule-1`, 159],
        [`${bookingId}#REFUND#refund:reschedule-1`, 1_986],
      ]);
      const refunds = await stack.deps.stripe.refunds.list({ payment_intent: stored.paymentIntentId! });
      expect(refunds.data.map((r) => r.amount)).toEqual([1_986]);

      // replayed: the same answer, no second refund; the refund's webhooks delivered again (same id, and a new one) change nothing
      const replay = await reschedule(bookingId, cheaper!.startDateTime, { requestId: 'move-cheaper-1' });
      expect(replay.body).toMatchObject({ replayed: true, reschedule: { refundCents: 1_986, refundStatus: 'REFUNDED' } });
      await stack.emulator.flushWebhooks();
      const refundEvents = (await stack.deps.stripe.events.list({ limit: 100 })).data.filter(
        (e) =>
          (e.type.startsWith('refund.') || e.type === 'charge.refunded') &&
          (e.data.object as { payment_intent?: string }).payment_intent === stored.paymentIntentId,
      );
      expect(refundEvents.length).toBeGreaterThan(0);
      for (const event of refundEvents) {
        expect((await stack.deliver(event)).body.outcome).toBe('duplicate');
        expect((await stack.deliver({ ...event, id: `${event.id}_again` })).status).toBe(200);
      }
      expect(await stack.storedBooking(bookingId)).toMatchObject({ refundedCents: 1_986, feeRefundedCents: 159, status: 'CONFIRMED' });
      expect(
        (await stack.booking<{ booking: BookingView }>('GET_BOOKING', { bookingId }, stack.customerToken)).body.booking.currentPriceCents,
      ).toBe(7_013);
      expect((await stack.deps.stripe.refunds.list({ payment_intent: stored.paymentIntentId! })).data).toHaveLength(1);
      expect((await stack.ledger(bookingId)).length).toBe(lines.length);
      expect(await ledgerProblemMessages(testDynamoClients(), stack.tables)).toEqual([]);
    } finally {
      await setPrice(8_999);
    }
  });
});
