/**
 * A move to a higher price on DynamoDB Local and the Stripe emulator: the new slot held while the top-up is paid (the
 * booking unchanged), the move completed once by the webhook or the page's replay in any order with its ledger
 * balanced; an unpaid hold dropped by the scheduled run (intent cancelled, slot freed); a late payment refunded once;
 * a cancellation after a top-up refunding the total across both payments; a reschedule refund Stripe refused retried
 * by the scheduled run.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotHoldKeys } from '../../../lib/domain/availability';
import type { RescheduleResult } from '../../../lib/http/booking-processor';
import { runScheduledWork } from '../../../lib/services/payouts';
import { testDynamoClients } from '../../setup/dynamo';
import { ledgerProblemMessages } from '../../setup/ledger-check';
import { eventsOfAggregate } from '../support/events';
import { payLikeStripeJs, PROVIDER, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';

const CLEANING = 'svc_demo_cleaning'; // $89.99, FLEXIBLE, 120 minutes
const H = 3_600_000;
const HOLD_MS = 15 * 60_000;
type Slot = { startDateTime: string; endDateTime: string };
type Answer = RescheduleResult & { code?: string; details?: Record<string, unknown> };

let stack: LifecycleStack;
beforeAll(async () => {
  stack = await startLifecycleStack('reschedule-topup');
});
afterAll(async () => {
  await stack?.close();
});

async function slotsAhead(): Promise<Slot[]> {
  const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  const res = await stack.booking<{ slots: Slot[] }>('CHECK_AVAILABILITY', { serviceId: CLEANING, from, to });
  return res.body.slots.filter((s) => Date.parse(s.startDateTime) > Date.now() + 60 * H);
}

async function book(slot: Slot): Promise<string> {
  const res = await stack.booking<{ bookingId: string; clientSecret: string }>(
    'CREATE_BOOKING',
    { serviceId: CLEANING, ...slot, groupSize: 1 },
    stack.customerToken,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect((await payLikeStripeJs(stack, res.body.clientSecret)).body.status).toBe('succeeded');
  await stack.emulator.flushWebhooks();
  return res.body.bookingId;
}

const reschedule = (bookingId: string, startTime: string, requestId?: string) =>
  stack.booking<Answer>('RESCHEDULE_BOOKING', { bookingId, startTime, ...(requestId ? { requestId } : {}) }, stack.customerToken);
const setPrice = async (priceCents: number) =>
  expect((await stack.booking('UPDATE_SERVICE', { serviceId: CLEANING, priceCents }, stack.providerToken)).status).toBe(200);
const holdsOf = (slot: Slot) => slotHoldKeys(PROVIDER.userId, new Date(slot.startDateTime), new Date(slot.endDateTime));
const holders = (slot: Slot) => Promise.all(holdsOf(slot).map(async (id) => (await stack.slotHold(id))?.bookingId));
const ledgerBalanced = async () => expect(await ledgerProblemMessages(testDynamoClients(), stack.tables)).toEqual([]);
const eventsOfIntent = async (piId: string, type: string) =>
  (await stack.deps.stripe.events.list({ limit: 100 })).data.filter(
    (e) => e.type === type && (e.data.object as { id?: string }).id === piId,
  ) as Stripe.Event[];

/** Books at 89.99, raises the price to 95.00 and asks for a move: the top-up of 5.01 is awaiting payment. */
async function pendingTopUp(requestId: string) {
  const [oldSlot, newSlot] = await slotsAhead();
  const bookingId = await book(oldSlot!);
  await setPrice(9_500);
  const res = await reschedule(bookingId, newSlot!.startDateTime, requestId);
  await setPrice(8_999);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const pending = (await stack.storedBooking(bookingId)).pendingMove!;
  return { bookingId, oldSlot: oldSlot!, newSlot: newSlot!, res: res.body, pending };
}

describe('a move to a higher price', () => {
  it('holds the new slot while the difference is paid, then moves once, its ledger balanced; replays and redeliveries change nothing', async () => {
    const { bookingId, oldSlot, newSlot, res, pending } = await pendingTopUp('topup-move-1');
    // 8 999 → 9 500: 501 due; the fee goes from 720 to 760, so 40 of the top-up is the platform's, 461 the provider's
    expect(res.reschedule.topUp).toMatchObject({ status: 'AWAITING_PAYMENT', amountDueCents: 501 });
    expect(res.reschedule.topUp?.clientSecret).toBeTruthy();
    expect(res.booking.dateTime.start).toBe(oldSlot.startDateTime);
    expect(pending).toMatchObject({ sequence: 1, amountDueCents: 501, platformFeeCents: 40, providerEarningsCents: 461 });
    const pi = await stack.deps.stripe.paymentIntents.retrieve(pending.paymentIntentId);
    expect(pi).toMatchObject({ amount: 501, transfer_group: bookingId, metadata: { kind: 'reschedule_topup', bookingId, seq: '1' } });
    // both slots held by the booking meanwhile, the booking unchanged
    expect(await holders(oldSlot)).toEqual(holdsOf(oldSlot).map(() => bookingId));
    expect(await holders(newSlot)).toEqual(holdsOf(newSlot).map(() => bookingId));
    expect(await stack.storedBooking(bookingId)).toMatchObject({ startDateTime: oldSlot.startDateTime, totalAmountCents: 8_999 });

    // a new booking cannot take the slot being paid for; another move of this booking waits too
    const rival = await stack.booking<{ code?: string }>(
      'CREATE_BOOKING',
      { serviceId: CLEANING, ...newSlot, groupSize: 1 },
      stack.customerToken,
    );
    expect(rival.status).toBe(409);
    expect(rival.body.code).toBe('SLOT_UNAVAILABLE');
    const [, , third] = await slotsAhead();
    expect((await reschedule(bookingId, third!.startDateTime)).body.details).toMatchObject({ reason: 'MOVE_PENDING' });

    expect((await payLikeStripeJs(stack, res.reschedule.topUp!.clientSecret!)).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    const moved = await stack.storedBooking(bookingId);
    expect(moved).toMatchObject({
      status: 'CONFIRMED',
      startDateTime: newSlot.startDateTime,
      totalAmountCents: 9_500,
      platformFeeCents: 760,
      providerEarningsCents: 8_740,
      currentPriceCents: 9_500,
      rescheduleCount: 1,
      slotHoldIds: holdsOf(newSlot),
    });
    expect(moved.pendingMove).toBeUndefined();
    expect(moved.rescheduleWork).toBeUndefined();
    expect(await holders(oldSlot)).toEqual(holdsOf(oldSlot).map(() => undefined));
    const lines = await stack.ledger(bookingId);
    expect(
      lines
        .filter((l) => l.id.includes('reschedule-topup-1'))
        .map((l) => [l.id, l.amountCents])
        .sort(),
    ).toEqual([
      [`${bookingId}#CHARGE#reschedule-topup-1`, 501],
      [`${bookingId}#PLATFORM_FEE#reschedule-topup-1`, 40],
      [`${bookingId}#PROVIDER_EARNING#reschedule-topup-1`, 461],
    ]);
    const events = (await eventsOfAggregate(stack.deps, 'Booking', bookingId)).filter((e) => e.type === 'BookingRescheduled');
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ details: { sequence: 1, amountChargedCents: 501, toStart: newSlot.startDateTime } });
    await ledgerBalanced();

    // the page's replay answers the paid move; the webhook again (same id, and a new id) changes nothing
    const replay = await reschedule(bookingId, newSlot.startDateTime, 'topup-move-1');
    expect(replay.body).toMatchObject({ replayed: true, reschedule: { sequence: 1, topUp: { status: 'PAID', amountDueCents: 501 } } });
    const [succeeded] = await eventsOfIntent(pending.paymentIntentId, 'payment_intent.succeeded');
    expect((await stack.deliver(succeeded!)).body.outcome).toBe('duplicate');
    expect((await stack.deliver({ ...succeeded!, id: `${succeeded!.id}_again` })).status).toBe(200);
    expect((await stack.ledger(bookingId)).length).toBe(lines.length);
    expect(await stack.storedBooking(bookingId)).toMatchObject({ totalAmountCents: 9_500, rescheduleCount: 1 });
    expect((await eventsOfAggregate(stack.deps, 'Booking', bookingId)).filter((e) => e.type === 'BookingRescheduled')).toHaveLength(1);
  });

  it('out of order: the page reconciles before the webhook, which then finds nothing to do', async () => {
    const { bookingId, newSlot, res, pending } = await pendingTopUp('topup-move-2');
    expect((await payLikeStripeJs(stack, res.reschedule.topUp!.clientSecret!)).body.status).toBe('succeeded');
    // the page's replay first (the webhook not delivered yet)
    const reconciled = await reschedule(bookingId, newSlot.startDateTime, 'topup-move-2');
    expect(reconciled.status, JSON.stringify(reconciled.body)).toBe(200);
    expect(reconciled.body.reschedule.topUp).toMatchObject({ status: 'PAID' });
    expect(reconciled.body.booking.dateTime.start).toBe(newSlot.startDateTime);
    const lines = (await stack.ledger(bookingId)).length;
    await stack.emulator.flushWebhooks();
    // created after succeeded, delivered again: still one move
    const [created] = await eventsOfIntent(pending.paymentIntentId, 'payment_intent.created');
    expect((await stack.deliver({ ...created!, id: `${created!.id}_late` })).status).toBe(200);
    expect((await stack.ledger(bookingId)).length).toBe(lines);
    expect(await stack.storedBooking(bookingId)).toMatchObject({ totalAmountCents: 9_500, rescheduleCount: 1 });
    await ledgerBalanced();
  });

  it('an unpaid top-up hold ends: the scheduled run drops the move, frees the new slot and cancels the intent', async () => {
    const { bookingId, oldSlot, newSlot, pending } = await pendingTopUp('topup-move-3');
    stack.setClockOffset(HOLD_MS + 1_000);
    try {
      const run = await runScheduledWork(stack.deps, { steps: ['reschedules'] });
      expect(run.reschedules.pendingMoves).toMatchObject({ dropped: 1, failed: 0 });
      expect((await runScheduledWork(stack.deps, { steps: ['reschedules'] })).reschedules.pendingMoves.dropped).toBe(0);
    } finally {
      stack.setClockOffset(0);
    }
    expect((await stack.deps.stripe.paymentIntents.retrieve(pending.paymentIntentId)).status).toBe('canceled');
    const after = await stack.storedBooking(bookingId);
    expect(after.pendingMove).toBeUndefined();
    expect(after).toMatchObject({ startDateTime: oldSlot.startDateTime, totalAmountCents: 8_999, slotHoldIds: holdsOf(oldSlot) });
    expect(await holders(newSlot)).toEqual(holdsOf(newSlot).map(() => undefined));
  });

  it('a top-up paid after its move was dropped is refunded in full, once, and the ledger records both', async () => {
    const { bookingId, oldSlot, res, pending } = await pendingTopUp('topup-move-4');
    // Stripe refuses the cancel: the move is dropped all the same
    await stack.helper('faults', {
      kind: 'http_500',
      path: `/v1/payment_intents/${pending.paymentIntentId}/cancel`,
      method: 'POST',
      count: '50',
    });
    stack.setClockOffset(HOLD_MS + 1_000);
    try {
      expect((await runScheduledWork(stack.deps, { steps: ['reschedules'] })).reschedules.pendingMoves.dropped).toBe(1);
    } finally {
      stack.setClockOffset(0);
      await fetch(`${stack.emulator.url}/_emulator/faults`, { method: 'DELETE' });
    }
    expect((await payLikeStripeJs(stack, res.reschedule.topUp!.clientSecret!)).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    const refunds = await stack.deps.stripe.refunds.list({ payment_intent: pending.paymentIntentId });
    expect(refunds.data.map((r) => r.amount)).toEqual([501]);
    const after = await stack.storedBooking(bookingId);
    expect(after).toMatchObject({ startDateTime: oldSlot.startDateTime, totalAmountCents: 8_999, lateTopUpRefunds: [1] });
    const [succeeded] = await eventsOfIntent(pending.paymentIntentId, 'payment_intent.succeeded');
    expect((await stack.deliver({ ...succeeded!, id: `${succeeded!.id}_again` })).status).toBe(200);
    expect((await stack.deps.stripe.refunds.list({ payment_intent: pending.paymentIntentId })).data).toHaveLength(1);
    expect(
      (await stack.ledger(bookingId))
        .filter((l) => l.id.includes('reschedule-topup-1:late'))
        .map((l) => l.type)
        .sort(),
    ).toEqual(['CHARGE', 'FEE_REFUND', 'PLATFORM_FEE', 'PROVIDER_EARNING', 'REFUND']);
    await ledgerBalanced();
  });

  it('cancelling after a top-up refunds the policy amount of the total paid, drawn from both payments to the cent', async () => {
    const { bookingId, res, pending } = await pendingTopUp('topup-move-5');
    expect((await payLikeStripeJs(stack, res.reschedule.topUp!.clientSecret!)).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    const paid = await stack.storedBooking(bookingId);
    const cancelled = await stack.booking<{ refund?: { amountCents?: number } }>('CANCEL_PAID_BOOKING', { bookingId }, stack.customerToken);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    // FLEXIBLE, days ahead: 100% of 9 500 — 8 999 from the first payment, 501 from the top-up
    expect((await stack.deps.stripe.refunds.list({ payment_intent: paid.paymentIntentId! })).data.map((r) => r.amount)).toEqual([8_999]);
    expect((await stack.deps.stripe.refunds.list({ payment_intent: pending.paymentIntentId })).data.map((r) => r.amount)).toEqual([501]);
    expect(await stack.storedBooking(bookingId)).toMatchObject({ status: 'CANCELLED', refundedCents: 9_500, feeRefundedCents: 760 });
    await ledgerBalanced();
  });

  it('cancelling while a move is pending drops the move first: its intent cancelled, its slot freed, the first payment refunded', async () => {
    const { bookingId, newSlot, pending } = await pendingTopUp('topup-move-6');
    const cancelled = await stack.booking('CANCEL_PAID_BOOKING', { bookingId }, stack.customerToken);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect((await stack.deps.stripe.paymentIntents.retrieve(pending.paymentIntentId)).status).toBe('canceled');
    expect(await holders(newSlot)).toEqual(holdsOf(newSlot).map(() => undefined));
    expect(await stack.storedBooking(bookingId)).toMatchObject({ status: 'CANCELLED', refundedCents: 8_999 });
    expect((await stack.storedBooking(bookingId)).pendingMove).toBeUndefined();
  });
});

describe('a reschedule refund Stripe did not take', () => {
  it('is retried by the scheduled run with the same key, once', async () => {
    const [slot, cheaper] = await slotsAhead();
    const bookingId = await book(slot!);
    await setPrice(7_013);
    await stack.helper('faults', { kind: 'http_500', path: '/v1/refunds', method: 'POST', count: '50' });
    let res;
    try {
      res = await reschedule(bookingId, cheaper!.startDateTime, 'cheaper-refund-later');
    } finally {
      await fetch(`${stack.emulator.url}/_emulator/faults`, { method: 'DELETE' });
      await setPrice(8_999);
    }
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.reschedule).toMatchObject({ refundCents: 1_986, refundStatus: 'PENDING' });
    const stored = await stack.storedBooking(bookingId);
    expect(stored).toMatchObject({ rescheduleWork: 'REFUND_PENDING', startDateTime: cheaper!.startDateTime });
    expect((await stack.deps.stripe.refunds.list({ payment_intent: stored.paymentIntentId! })).data).toHaveLength(0);

    expect((await runScheduledWork(stack.deps, { steps: ['reschedules'] })).reschedules.refunds).toEqual({ refunded: 1, failed: 0 });
    expect((await runScheduledWork(stack.deps, { steps: ['reschedules'] })).reschedules.refunds).toEqual({ refunded: 0, failed: 0 });
    expect((await stack.deps.stripe.refunds.list({ payment_intent: stored.paymentIntentId! })).data.map((r) => r.amount)).toEqual([1_986]);
    const after = await stack.storedBooking(bookingId);
    expect(after).toMatchObject({ refundedCents: 1_986, feeRefundedCents: 159 });
    expect(after.rescheduleWork).toBeUndefined();
    await stack.emulator.flushWebhooks();
    await ledgerBalanced();
  });
});
