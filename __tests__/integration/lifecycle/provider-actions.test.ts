/**
 * The provider's actions on a paid booking: cancelling it (the customer refunded in full, shown in advance by
 * CALCULATE_REFUND) and marking a no-show (MARK_NO_SHOW: the policy's refund, the booking COMPLETED, the rest paid out
 * by the normal payout run), with the production handlers against DynamoDB Local and the Stripe emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { bookingMoneyFlow } from '../../../lib/domain/ledger';
import { createRefundProcessorHandler } from '../../../lib/functions/refund-processor';
import { unbalancedLedgers } from '../../setup/ledger-check';
import { testDynamoClients } from '../../setup/dynamo';
import { eventsOfAggregate } from '../support/events';
import { freeSlots, paidBooking, PORTRAIT, PROVIDER, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';

const CLEANING = 'svc_demo_cleaning'; // $89.99, FLEXIBLE: a no-show gets 25% back; fee 720, provider share 8 279

let stack: LifecycleStack;
let refundProcessor: ReturnType<typeof createRefundProcessorHandler>;
beforeAll(async () => {
  stack = await startLifecycleStack('provider-actions');
  refundProcessor = createRefundProcessorHandler(stack.runtime);
});
afterAll(async () => stack?.close());

/** Milliseconds to add to real time so the app's clock reads `iso` + `deltaMs`. */
const offsetTo = (iso: string, deltaMs: number) => Date.parse(iso) + deltaMs - Date.now();
const minutes = (n: number) => n * 60_000;

type Answer = { code?: string; error?: string; details?: Record<string, unknown> };
const markNoShow = (bookingId: string, token = stack.providerToken) =>
  stack.booking<{ status: string; noShowAt: string; refundCents: number } & Answer>('MARK_NO_SHOW', { bookingId }, token);
const previewNoShow = (bookingId: string, token = stack.providerToken) =>
  stack.booking<{ refundCents: number; providerKeepsCents: number; policy: string; policyWords: string } & Answer>(
    'PREVIEW_NO_SHOW',
    { bookingId },
    token,
  );
async function refundsOf(bookingId: string) {
  const booking = await stack.storedBooking(bookingId);
  return (await stack.deps.stripe.refunds.list({ payment_intent: booking.paymentIntentId!, limit: 100 })).data;
}
const eventTypes = async (bookingId: string) => (await eventsOfAggregate(stack.deps, 'Booking', bookingId)).map((e) => e.type);

describe('provider cancels a paid booking', () => {
  it('previews the full refund, then refunds it in full, releases the slot and records BookingCancelled', async () => {
    const { bookingId, slot } = await paidBooking(stack, PORTRAIT, 0);
    const holds = (await stack.storedBooking(bookingId)).slotHoldIds;
    expect(holds.length).toBeGreaterThan(0);

    const res = await refundProcessor({ action: 'CALCULATE_REFUND', payload: { bookingId }, token: stack.providerToken });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ refundCents: 12_000, providerRetainedCents: 0, refundBps: 10_000 });

    const cancelled = await stack.booking<{ refund: { refundCents: number }; booking: { status: string } }>(
      'CANCEL_PAID_BOOKING',
      { bookingId, reason: 'The studio is flooded' },
      stack.providerToken,
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ refund: { refundCents: 12_000 }, booking: { status: 'CANCELLED' } });
    const stored = await stack.storedBooking(bookingId);
    expect(stored).toMatchObject({ status: 'CANCELLED', refundedCents: 12_000, cancelledBy: PROVIDER.userId });
    expect((await refundsOf(bookingId)).map((r) => r.amount)).toEqual([12_000]);
    for (const hold of holds) expect(await stack.slotHold(hold)).toBeUndefined();
    expect((await freeSlots(stack, PORTRAIT)).map((s) => s.startDateTime)).toContain(slot.startDateTime);
    expect((await eventTypes(bookingId)).filter((t) => t === 'BookingCancelled')).toHaveLength(1);

    // the provider's list shows it cancelled with the refund
    const list = await stack.booking<{ bookings: { id: string; status: string; refundedCents: number }[] }>(
      'LIST_PROVIDER_BOOKINGS',
      { view: 'upcoming' },
      stack.providerToken,
    );
    expect(list.body.bookings.find((b) => b.id === bookingId)).toMatchObject({ status: 'CANCELLED', refundedCents: 12_000 });
  });
});

describe('MARK_NO_SHOW', () => {
  it('is refused before the start and within the grace, and once the customer was checked in', async () => {
    const { bookingId, slot } = await paidBooking(stack, PORTRAIT, 1);
    for (const at of [minutes(-30), minutes(10)]) {
      stack.setClockOffset(offsetTo(slot.startDateTime, at));
      for (const res of [await markNoShow(bookingId), await previewNoShow(bookingId)]) {
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'CONFLICT', details: { reason: 'TOO_EARLY' } });
        expect(res.body.error).toMatch(/15 minutes after the start/);
      }
    }
    // checked in at the start: a customer who came is never a no-show
    stack.setClockOffset(offsetTo(slot.startDateTime, 0));
    const code = (await stack.booking<{ booking: { qrCode: string } }>('GET_BOOKING', { bookingId }, stack.customerToken)).body.booking
      .qrCode;
    expect((await stack.booking('CHECK_IN', { bookingId, code }, stack.providerToken)).status).toBe(200);
    stack.setClockOffset(offsetTo(slot.startDateTime, minutes(30)));
    const res = await markNoShow(bookingId);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CONFLICT', details: { reason: 'CHECKED_IN' } });
    expect(res.body.error).toMatch(/cannot be a no-show/);
    expect(await stack.storedBooking(bookingId)).toMatchObject({ status: 'CONFIRMED' });
    expect(await refundsOf(bookingId)).toEqual([]);
    stack.setClockOffset(0);
  });

  it('refuses the customer, an admin and another provider; nothing changes', async () => {
    const { bookingId, slot } = await paidBooking(stack, PORTRAIT, 2);
    stack.setClockOffset(offsetTo(slot.startDateTime, minutes(20)));
    const otherProvider = stack.tokenFor('user_other_provider', 'other-provider@example.com', ['PROVIDER']);
    expect((await markNoShow(bookingId, stack.customerToken)).status).toBe(403);
    expect((await markNoShow(bookingId, stack.adminToken)).status).toBe(403);
    expect((await markNoShow(bookingId, otherProvider)).status).toBe(404);
    expect((await previewNoShow(bookingId, otherProvider)).status).toBe(404);
    expect(await stack.storedBooking(bookingId)).toMatchObject({ status: 'CONFIRMED' });
    expect((await stack.storedBooking(bookingId)).noShowAt).toBeUndefined();
    stack.setClockOffset(0);
  });

  it('refunds per the policy (flexible: 25%), balanced; once only; the rest is paid out by the payout run', async () => {
    const flexible = await paidBooking(stack, CLEANING, 0);
    const moderate = await paidBooking(stack, PORTRAIT, 3);
    stack.setClockOffset(offsetTo(flexible.slot.startDateTime, minutes(20)));

    const preview = await previewNoShow(flexible.bookingId);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ refundCents: 2_250, providerKeepsCents: 6_209, policy: 'FLEXIBLE' });
    expect(preview.body.policyWords).toBe('Flexible policy: a no-show gets 25% back.');

    const marked = await markNoShow(flexible.bookingId);
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ status: 'COMPLETED', refundCents: 2_250 });
    const stored = await stack.storedBooking(flexible.bookingId);
    expect(stored).toMatchObject({ status: 'COMPLETED', noShowAt: marked.body.noShowAt, noShowBy: PROVIDER.userId, refundedCents: 2_250 });
    expect((await refundsOf(flexible.bookingId)).map((r) => r.amount)).toEqual([2_250]);
    const lines = await stack.ledger(flexible.bookingId);
    expect(lines.filter((l) => l.type === 'REFUND').map((l) => l.amountCents)).toEqual([2_250]);
    expect(bookingMoneyFlow(lines, false, true).balanced).toBe(true);
    const types = await eventTypes(flexible.bookingId);
    expect(types.filter((t) => t === 'BookingNoShow')).toHaveLength(1);
    expect(types.filter((t) => t === 'RefundRecorded')).toHaveLength(1);

    // the second click: 409 saying when, and nothing moves again
    const again = await markNoShow(flexible.bookingId);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', details: { reason: 'ALREADY_NO_SHOW', noShowAt: marked.body.noShowAt } });
    expect(again.body.error).toMatch(/already marked a no-show/);
    expect((await refundsOf(flexible.bookingId)).map((r) => r.amount)).toEqual([2_250]);

    // the refund's webhooks delivered twice more: ignored, nothing written
    await stack.emulator.flushWebhooks();
    const linesBefore = (await stack.ledger(flexible.bookingId)).length;
    const eventsBefore = (await eventTypes(flexible.bookingId)).length;
    const refunded = (await stack.deps.stripe.events.list({ type: 'charge.refunded', limit: 100 })).data.find(
      (e) => (e.data.object as Stripe.Charge).payment_intent === stored.paymentIntentId,
    );
    expect(refunded).toBeDefined();
    for (let i = 0; i < 2; i++) expect((await stack.deliver(refunded!)).status).toBe(200);
    expect((await stack.ledger(flexible.bookingId)).length).toBe(linesBefore);
    expect((await eventTypes(flexible.bookingId)).length).toBe(eventsBefore);
    expect(await stack.storedBooking(flexible.bookingId)).toMatchObject({ status: 'COMPLETED', refundedCents: 2_250 });

    // moderate: a no-show gets nothing back; no Stripe refund, no refund lines; still COMPLETED with its event
    stack.setClockOffset(offsetTo(moderate.slot.startDateTime, minutes(16)));
    expect((await previewNoShow(moderate.bookingId)).body).toMatchObject({
      refundCents: 0,
      providerKeepsCents: 11_040,
      policy: 'MODERATE',
    });
    expect((await markNoShow(moderate.bookingId)).body).toMatchObject({ status: 'COMPLETED', refundCents: 0 });
    expect(await refundsOf(moderate.bookingId)).toEqual([]);
    expect((await stack.ledger(moderate.bookingId)).filter((l) => l.type === 'REFUND')).toEqual([]);
    expect(await eventTypes(moderate.bookingId)).toContain('BookingNoShow');

    // the normal payout path transfers what each provider keeps
    const run = await stack.payouts<{ transfers: { bookingId: string; outcome: string; amountCents?: number }[] }>(
      'SCHEDULE_PAYOUT',
      {},
      stack.providerToken,
    );
    expect(run.status).toBe(200);
    expect(run.body.transfers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ bookingId: flexible.bookingId, outcome: 'transferred', amountCents: 6_209 }),
        expect.objectContaining({ bookingId: moderate.bookingId, outcome: 'transferred', amountCents: 11_040 }),
      ]),
    );
    await stack.emulator.flushWebhooks();
    for (const { bookingId } of [flexible, moderate]) expect(await stack.storedBooking(bookingId)).toMatchObject({ status: 'PAID_OUT' });
    const flow = bookingMoneyFlow(await stack.ledger(flexible.bookingId));
    expect(flow).toMatchObject({ balanced: true, transfersBalanced: true, transferredCents: 6_209 });
    expect(await unbalancedLedgers(testDynamoClients(), stack.tables)).toEqual([]);
    stack.setClockOffset(0);
  });

  it('two clicks at once: one marks it, the other hears 409; one refund at Stripe', async () => {
    const { bookingId, slot } = await paidBooking(stack, CLEANING, 1);
    stack.setClockOffset(offsetTo(slot.startDateTime, minutes(20)));
    const results = await Promise.all([markNoShow(bookingId), markNoShow(bookingId)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await refundsOf(bookingId)).map((r) => r.amount)).toEqual([2_250]);
    expect((await eventTypes(bookingId)).filter((t) => t === 'BookingNoShow')).toHaveLength(1);
    stack.setClockOffset(0);
  });
});

describe('a check-in and a no-show at once', () => {
  it('exactly one wins, and nothing is left half-done', async () => {
    for (const skip of [2, 3, 4]) {
      stack.setClockOffset(0);
      const { bookingId, slot } = await paidBooking(stack, CLEANING, skip);
      const code = (await stack.booking<{ booking: { qrCode: string } }>('GET_BOOKING', { bookingId }, stack.customerToken)).body.booking
        .qrCode;
      stack.setClockOffset(offsetTo(slot.startDateTime, minutes(20)));
      const [checkIn, noShow] = await Promise.all([
        stack.booking('CHECK_IN', { bookingId, code }, stack.providerToken),
        markNoShow(bookingId),
      ]);
      expect([checkIn.status, noShow.status].sort()).toEqual([200, 409]);
      const stored = await stack.storedBooking(bookingId);
      expect(stored.refundClaimId).toBeUndefined();
      if (checkIn.status === 200) {
        expect(stored).toMatchObject({ status: 'CONFIRMED' });
        expect(stored.noShowAt).toBeUndefined();
        expect(await refundsOf(bookingId)).toEqual([]);
      } else {
        expect(stored).toMatchObject({ status: 'COMPLETED', refundedCents: 2_250 });
        expect(stored.checkedInAt).toBeUndefined();
      }
    }
    stack.setClockOffset(0);
  });
});

describe('LIST_PROVIDER_BOOKINGS views', () => {
  it('upcoming, past and needs action, each booking once, with why it needs action', async () => {
    const started = await paidBooking(stack, PORTRAIT, 4);
    const later = await paidBooking(stack, PORTRAIT, 5);
    // between the two: the first has started (and is past its grace), the second is still to come
    stack.setClockOffset(offsetTo(started.slot.startDateTime, minutes(20)));
    expect(Date.parse(later.slot.startDateTime)).toBeGreaterThan(stack.now().getTime());
    type Row = { id: string; specialRequests?: string; needsAction?: { reason: string; words: string } };
    const view = async (v: string) =>
      (await stack.booking<{ bookings: Row[] }>('LIST_PROVIDER_BOOKINGS', { view: v }, stack.providerToken)).body.bookings;
    const [upcoming, past, needs] = [await view('upcoming'), await view('past'), await view('needsAction')];
    const ids = (rows: Row[]) => rows.map((r) => r.id);
    expect(ids(upcoming)).toContain(later.bookingId);
    expect(ids(upcoming)).not.toContain(started.bookingId);
    expect(ids(past)).toContain(started.bookingId);
    expect(ids(past)).not.toContain(later.bookingId);
    const waiting = needs.find((r) => r.id === started.bookingId);
    expect(waiting?.needsAction).toMatchObject({ reason: 'ATTENDANCE_UNDECIDED' });
    expect(waiting?.needsAction?.words).toMatch(/no-show/);
    expect(ids(needs)).not.toContain(later.bookingId);
    expect((await stack.booking('LIST_PROVIDER_BOOKINGS', { view: 'soon' }, stack.providerToken)).status).toBe(400);
    stack.setClockOffset(0);
  });
});
