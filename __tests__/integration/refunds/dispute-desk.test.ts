/**
 * The dispute desk (ADMIN_RESOLVE_REFUND_DISPUTE with a decision): approve refunds the amount in dispute through the
 * refund processing (its request id derived from the case: a double approve refunds once), deny closes the case with
 * the note; both release what the case held, are RefundCaseResolved events with the decision and are in the audit log.
 * An approve racing a deny: exactly one wins, and money moves only if the approve did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingRecord, RefundDisputeCase } from '../../../lib/data/records';
import type { AdminBookingDetail, ProcessRefundResult } from '../../../lib/http/refund-processor';
import { approvalRequestId } from '../../../lib/services/refund-case-decisions';
import { eventsOfAggregate } from '../support/events';
import { startTestStack, type TestStack } from '../support/local-stack';
import { expectLedgerAgreesWithStripe, paidBooking, refundCall, storedBooking, tokens } from './support';

let stack: TestStack;
let t: ReturnType<typeof tokens>;
beforeAll(async () => {
  stack = await startTestStack('dispute-desk');
  t = tokens(stack);
});
afterAll(async () => stack?.close());

type Decided = { dispute: RefundDisputeCase; refund?: ProcessRefundResult; code?: string; details?: Record<string, unknown> };
const decide = (bookingId: string, decision: 'APPROVE' | 'DENY', resolution = 'Decided on the desk', token = t.admin) =>
  refundCall<Decided>(stack, 'ADMIN_RESOLVE_REFUND_DISPUTE', { bookingId, resolution, decision }, token);
const eventsOf = async (bookingId: string, type: string) =>
  (await eventsOfAggregate(stack.deps, 'Booking', bookingId)).filter((e) => e.type === type);
const stripeRefunds = async (booking: BookingRecord) =>
  (await stack.deps.stripe.refunds.list({ payment_intent: booking.paymentIntentId!, limit: 100 })).data;

/** A paid $120.00 booking, $20.00 refunded by an admin, the customer contesting $30.00 more (held of the provider's share). */
async function contested(tag: string, by: 'customer' | 'provider' = 'customer'): Promise<BookingRecord> {
  const booking = await paidBooking(stack);
  const refunded = await refundCall(
    stack,
    'PROCESS_REFUND',
    { bookingId: booking.id, refundAmount: 2_000, reason: 'partial', requestId: `req-${tag}` },
    t.admin,
  );
  expect(refunded.status).toBe(200);
  const opened = await refundCall(
    stack,
    'DISPUTE_REFUND',
    { bookingId: booking.id, reason: 'I want more back', ...(by === 'customer' ? { amountCents: 3_000 } : {}) },
    by === 'customer' ? t.customer : t.provider,
  );
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  return storedBooking(stack, booking.id);
}

describe('approve', () => {
  it('refunds the amount in dispute once (a double approve, at once and later), releases the hold, events + audit', async () => {
    const booking = await contested('approve');
    expect(booking.refundDispute).toMatchObject({ status: 'OPEN', amountCents: 3_000, heldCents: 3_000 });
    const [a, b] = await Promise.all([decide(booking.id, 'APPROVE'), decide(booking.id, 'APPROVE')]);
    expect([a.status, b.status], JSON.stringify([a.body, b.body])).toEqual([200, 200]);
    const again = await decide(booking.id, 'APPROVE');
    expect(again.status).toBe(200);
    expect(again.body.refund).toMatchObject({ replayed: true, refund: { refundCents: 3_000 } });

    const stored = await storedBooking(stack, booking.id);
    expect(stored).toMatchObject({ refundedCents: 5_000, refundDispute: { status: 'RESOLVED', decision: 'APPROVED' } });
    expect(stored.refundCaseState).toBeUndefined();
    expect(stored.refunds?.filter((r) => r.refundRequestId === approvalRequestId(booking.refundDispute!.openedAt))).toHaveLength(1);
    expect((await stripeRefunds(booking)).map((r) => r.amount).sort((x, y) => x - y)).toEqual([2_000, 3_000]);
    await expectLedgerAgreesWithStripe(stack, booking.id);

    const resolved = await eventsOf(booking.id, 'RefundCaseResolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]?.payload).toMatchObject({
      details: { decision: 'APPROVED', releasedCents: 3_000, refundCents: 3_000, currency: 'usd' },
    });
    const audits = (await eventsOf(booking.id, 'AdminActionTaken')).map(
      (e) => e.payload as { action: string; details?: Record<string, unknown> },
    );
    expect(audits.filter((p) => p.action === 'ADMIN_RESOLVE_REFUND_DISPUTE')).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ decision: 'APPROVED', amountCents: 3_000 }) }),
    ]);
    // The refund itself is audited with its amounts, once.
    expect(audits.filter((p) => p.action === 'PROCESS_REFUND' && p.details?.refundCents === 3_000)).toHaveLength(1);

    // The money trail: the charge of the PaymentIntent with its lines, each refund with its REFUND line.
    const detail = await refundCall<AdminBookingDetail>(stack, 'ADMIN_GET_BOOKING', { bookingId: booking.id }, t.admin);
    expect(detail.status).toBe(200);
    const trail = detail.body.trail;
    const charge = trail.find((e) => e.kind === 'CHARGE');
    expect(charge).toMatchObject({ stripeId: booking.chargeId, paymentIntentId: booking.paymentIntentId, stripeAmountCents: 12_000 });
    expect(charge?.lines.find((l) => l.type === 'CHARGE')?.amountCents).toBe(12_000);
    expect(charge?.lines.find((l) => l.type === 'PLATFORM_FEE')?.amountCents).toBe(960);
    const refundsInTrail = trail.filter((e) => e.kind === 'REFUND');
    expect(
      refundsInTrail.map((e) => [e.stripeAmountCents, e.lines.filter((l) => l.type === 'REFUND').map((l) => l.amountCents)]).sort(),
    ).toEqual([
      [2_000, [2_000]],
      [3_000, [3_000]],
    ]);
  });

  it("refuses a provider's case (nothing to refund) with a clear 409 and leaves the case open", async () => {
    const booking = await contested('provider-case', 'provider');
    const res = await decide(booking.id, 'APPROVE');
    expect(res).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { reason: 'NOT_A_REFUND_CLAIM' } } });
    expect((await storedBooking(stack, booking.id)).refundDispute?.status).toBe('OPEN');
    expect((await decide(booking.id, 'DENY', 'The refund stands')).status).toBe(200);
  });

  it('only an admin decides; bad input is a 400', async () => {
    const booking = await contested('access');
    expect((await decide(booking.id, 'APPROVE', 'mine', t.customer)).status).toBe(403);
    const bad = await refundCall(
      stack,
      'ADMIN_RESOLVE_REFUND_DISPUTE',
      { bookingId: booking.id, resolution: 'ok ok', decision: 'MAYBE' },
      t.admin,
    );
    expect(bad.status).toBe(400);
    expect((await storedBooking(stack, booking.id)).refundDispute?.status).toBe('OPEN');
  });
});

describe('deny', () => {
  it('closes with the note, refunds nothing, releases the hold; a repeat is a 409', async () => {
    const booking = await contested('deny');
    const res = await decide(booking.id, 'DENY', 'The policy was applied correctly');
    expect(res.status).toBe(200);
    expect(res.body.refund).toBeUndefined();
    expect(await storedBooking(stack, booking.id)).toMatchObject({
      refundedCents: 2_000,
      refundDispute: { status: 'RESOLVED', decision: 'DENIED', resolution: 'The policy was applied correctly' },
    });
    expect((await decide(booking.id, 'DENY')).status).toBe(409);
    expect((await decide(booking.id, 'APPROVE')).status).toBe(409);
    expect(await stripeRefunds(booking)).toHaveLength(1);
    const [resolved] = await eventsOf(booking.id, 'RefundCaseResolved');
    expect(resolved?.payload).toMatchObject({ details: { decision: 'DENIED', releasedCents: 3_000 } });
    const audits = (await eventsOf(booking.id, 'AdminActionTaken')).map((e) => e.payload as { action: string; reason?: string });
    expect(audits.filter((p) => p.action === 'ADMIN_RESOLVE_REFUND_DISPUTE')).toEqual([
      expect.objectContaining({ reason: 'The policy was applied correctly' }),
    ]);
  });
});

describe('approve and deny at the same time', () => {
  it.each([1, 2, 3])('exactly one wins; money moves only when the approve did (round %i)', async (round) => {
    const booking = await contested(`race-${round}`);
    const [approve, deny] = await Promise.all([decide(booking.id, 'APPROVE'), decide(booking.id, 'DENY')]);
    expect([approve.status, deny.status].sort()).toEqual([200, 409]);
    const stored = await storedBooking(stack, booking.id);
    const refunds = await stripeRefunds(booking);
    if (approve.status === 200) {
      expect(stored).toMatchObject({ refundedCents: 5_000, refundDispute: { decision: 'APPROVED' } });
      expect(refunds).toHaveLength(2);
    } else {
      expect(stored).toMatchObject({ refundedCents: 2_000, refundDispute: { decision: 'DENIED' } });
      expect(refunds).toHaveLength(1);
    }
    expect(await eventsOf(booking.id, 'RefundCaseResolved')).toHaveLength(1);
  });
});
