/**
 * Refund disputes (DISPUTE_REFUND) are not a weapon: a case contests a refund decision that exists, holds only the
 * amount in dispute (a customer's case: that much of the provider's share not yet transferred, the rest of the
 * transfer goes ahead; a provider's case: nothing), never blocks the other party's cancellation or refunds, is
 * escalated once by the scheduled run when it stays open too long, and a duplicate open is refused cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingMoneyFlow } from '../../../lib/domain/ledger';
import type { BookingRecord, RefundDisputeCase } from '../../../lib/data/records';
import { repo } from '../../../lib/data/repository';
import type { SchedulePayoutResponse } from '../../../lib/http/payout-manager';
import type { ProcessRefundResult, RefundCaseRow, RefundStatus } from '../../../lib/http/refund-processor';
import { claimBookingForPayout, fixPayoutPart, releasePayoutClaim } from '../../../lib/data/payout-writes';
import type { Deps } from '../../../lib/ports';
import { transferBooking } from '../../../lib/services/payout-transfers';
import { runScheduledWork } from '../../../lib/services/payouts';
import { eventsOfAggregate } from '../support/events';
import { startTestStack, type TestStack } from '../support/local-stack';
import {
  completeBooking,
  expectLedgerAgreesWithStripe,
  paidBooking,
  payoutCall,
  providerAccount,
  refundCall,
  storedBooking,
  tokens,
} from './support';

let stack: TestStack;
let t: ReturnType<typeof tokens>;
beforeAll(async () => {
  stack = await startTestStack('refund-disputes');
  t = tokens(stack);
});
afterAll(async () => stack?.close());

type Contested = { dispute: RefundDisputeCase };
const contest = (token: string, bookingId: string, fields: { reason?: string; amountCents?: number } = {}) =>
  refundCall<Contested & { code?: string; error?: string; details?: Record<string, unknown> }>(
    stack,
    'DISPUTE_REFUND',
    { bookingId, reason: fields.reason ?? 'I disagree with this refund', ...fields },
    token,
  );
const adminRefund = async (bookingId: string, refundAmount: number, requestId: string) => {
  const res = await refundCall<ProcessRefundResult>(
    stack,
    'PROCESS_REFUND',
    { bookingId, refundAmount, reason: 'partial', requestId },
    t.admin,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};
const caseEvents = async (bookingId: string, type: string) =>
  (await eventsOfAggregate(stack.deps, 'Booking', bookingId)).filter((e) => e.type === type);
const transfersOf = async (bookingId: string) => (await stack.deps.stripe.transfers.list({ transfer_group: bookingId, limit: 100 })).data;
const schedulePayout = async () => {
  const res = await payoutCall<SchedulePayoutResponse>(stack, 'SCHEDULE_PAYOUT', {}, t.provider);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await stack.emulator.flushWebhooks();
  return res.body;
};
/** The same deps with the app's clock `hours` ahead of real time. */
const hoursAhead = (hours: number): Deps => ({ ...stack.deps, clock: { now: () => new Date(Date.now() + hours * 3_600_000) } });

/** A paid booking ($120.00: fee 960, provider 11,040) of which an admin refunded $20.00 (the provider's part: 1,840). */
async function partlyRefunded(requestId: string): Promise<BookingRecord> {
  const booking = await paidBooking(stack);
  await adminRefund(booking.id, 2_000, requestId);
  const stored = await storedBooking(stack, booking.id);
  expect(stored).toMatchObject({ refundedCents: 2_000, providerRefundedCents: 1_840 });
  return stored;
}

/** Nothing of the case was written: no case, no index keys, no event. */
async function expectNoCase(bookingId: string) {
  const stored = await storedBooking(stack, bookingId);
  expect(stored.refundDispute).toBeUndefined();
  expect(stored.refundCaseState).toBeUndefined();
  expect(stored.payoutHold ?? false).toBe(false);
  expect(await caseEvents(bookingId, 'RefundCaseOpened')).toHaveLength(0);
}

describe('a case contests a refund decision that exists', () => {
  it('on a paid, unrefunded booking there is nothing to contest (409), for either party; the customer still cancels', async () => {
    const booking = await paidBooking(stack);
    for (const token of [t.provider, t.customer]) {
      const res = await contest(token, booking.id);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CONFLICT', details: { reason: 'NOTHING_TO_CONTEST', bookingId: booking.id } });
      expect(res.body.error).toMatch(/nothing to contest/i);
    }
    await expectNoCase(booking.id);
    // Nothing froze the booking: the customer's cancellation refunds by the policy as usual.
    const cancelled = await stack.booking<ProcessRefundResult>('CANCEL_PAID_BOOKING', { bookingId: booking.id }, t.customer);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect((await storedBooking(stack, booking.id)).status).toBe('CANCELLED');
    await expectLedgerAgreesWithStripe(stack, booking.id);
  });

  it('an amount beyond what is contestable (or not an amount) is a 400, and nothing is written', async () => {
    const booking = await partlyRefunded('req-beyond-1');
    const over = await contest(t.customer, booking.id, { amountCents: 10_001 });
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({
      code: 'BAD_REQUEST',
      details: { field: 'amountCents', reason: 'EXCEEDS_CONTESTABLE', requestedCents: 10_001, contestableCents: 10_000, currency: 'usd' },
    });
    expect(over.body.error).toContain('$100.00');
    const providerOver = await contest(t.provider, booking.id, { amountCents: 2_001 });
    expect(providerOver).toMatchObject({ status: 400, body: { details: { reason: 'EXCEEDS_CONTESTABLE', contestableCents: 2_000 } } });
    for (const amountCents of [0, -5, 1.5])
      expect((await contest(t.customer, booking.id, { amountCents })).status, `${amountCents}`).toBe(400);
    await expectNoCase(booking.id);
  });
});

describe("a customer's case holds only the amount in dispute", () => {
  it('after a partial refund the customer contests 30.00 more: 30.00 is kept back, the rest transfers; resolved, the rest goes', async () => {
    const booking = await partlyRefunded('req-hold-1');
    const status = await refundCall<RefundStatus>(stack, 'GET_REFUND_STATUS', { bookingId: booking.id }, t.customer);
    expect(status.body.contest).toEqual({ role: 'CUSTOMER', maxCents: 10_000, heldAtMaxCents: 9_200, currency: 'usd' });

    const opened = await contest(t.customer, booking.id, { amountCents: 3_000, reason: 'The session was cut short' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body.dispute).toMatchObject({
      status: 'OPEN',
      openedByRole: 'CUSTOMER',
      amountCents: 3_000,
      heldCents: 3_000,
      currency: 'usd',
    });
    expect(await storedBooking(stack, booking.id)).toMatchObject({ refundCaseState: 'OPEN', refundDispute: { heldCents: 3_000 } });
    expect((await storedBooking(stack, booking.id)).payoutHold ?? false).toBe(false);
    const [openedEvent] = await caseEvents(booking.id, 'RefundCaseOpened');
    expect(openedEvent?.payload).toMatchObject({
      transition: 'OPEN_CASE',
      from: 'NONE',
      to: 'OPEN',
      details: { amountCents: 3_000, heldCents: 3_000, currency: 'usd' },
    });

    // Delivered: the payout run transfers 9,200 − 3,000 = 6,200 and keeps the booking COMPLETED for the rest.
    await completeBooking(stack, booking.id);
    const first = await schedulePayout();
    expect(first.transfers.find((x) => x.bookingId === booking.id)).toMatchObject({
      outcome: 'transferred',
      amountCents: 6_200,
      heldCents: 3_000,
    });
    const [part] = await transfersOf(booking.id);
    expect(part).toMatchObject({ amount: 6_200, metadata: { part: 'held-back-part', heldCents: '3000' } });
    expect(await storedBooking(stack, booking.id)).toMatchObject({
      status: 'COMPLETED',
      partialTransferId: part!.id,
      partialTransferCents: 6_200,
    });
    expect((await storedBooking(stack, booking.id)).payoutPartCents).toBeUndefined();
    const lines = await repo.ledgerOfBooking(stack.deps, booking.id);
    expect(bookingMoneyFlow(lines, false, true)).toMatchObject({ balanced: true, transferredCents: 6_200, providerNetCents: 9_200 });

    // Run again while the case is open: nothing more moves (the same part is not made twice).
    const again = await schedulePayout();
    expect(again.transfers.find((x) => x.bookingId === booking.id)).toMatchObject({ outcome: 'held', heldCents: 3_000 });
    expect(await transfersOf(booking.id)).toHaveLength(1);

    // The case blocks no refund: the admin refunds 10.00 more while it is open (the provider's part, 920, comes off
    // what is still on the platform), then resolves it.
    await adminRefund(booking.id, 1_000, 'req-hold-during-case');
    const resolved = await refundCall<Contested>(
      stack,
      'ADMIN_RESOLVE_REFUND_DISPUTE',
      { bookingId: booking.id, resolution: 'Refunded 10.00 more' },
      t.admin,
    );
    expect(resolved.status).toBe(200);
    expect((await caseEvents(booking.id, 'RefundCaseResolved'))[0]?.payload).toMatchObject({
      details: { releasedCents: 3_000, resolution: 'Refunded 10.00 more' },
    });
    expect((await storedBooking(stack, booking.id)).refundCaseState).toBeUndefined();

    // The next run transfers what is still owed (11,040 − 1,840 − 920 − 6,200 = 2,080) and pays the booking out.
    const last = await schedulePayout();
    expect(last.transfers.find((x) => x.bookingId === booking.id)).toMatchObject({ outcome: 'transferred', amountCents: 2_080 });
    expect((await transfersOf(booking.id)).map((x) => x.amount).sort((a, b) => a - b)).toEqual([2_080, 6_200]);
    const { booking: paidOut, flow } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(paidOut.status).toBe('PAID_OUT');
    expect(flow).toMatchObject({ transferredCents: 8_280, providerNetCents: 8_280, refundedCents: 3_000 });
  });
});

describe('a case and a payout run at the same time', () => {
  const claim = async (bookingId: string, runId: string, at = new Date()) =>
    claimBookingForPayout(stack.deps, {
      bookingId,
      providerEarningsCents: 11_040,
      refundCase: (await storedBooking(stack, bookingId)).refundDispute,
      runId,
      now: at,
      staleBefore: new Date(at.getTime() - 10 * 60_000),
    });

  it('a run in flight: the customer’s case waits (409); a run that died with its part fixed: the next one makes that part, once', async () => {
    const booking = await partlyRefunded('req-inflight-1');
    await completeBooking(stack, booking.id);
    expect(await claim(booking.id, 'run-inflight')).toBeDefined();
    // What the case would hold may be leaving right now: the customer is asked to try again, nothing is written.
    const refused = await contest(t.customer, booking.id, { amountCents: 3_000 });
    expect(refused).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { reason: 'PAYOUT_IN_PROGRESS' } } });
    await expectNoCase(booking.id);
    await releasePayoutClaim(stack.deps, booking.id, 'run-inflight');
    expect((await contest(t.customer, booking.id, { amountCents: 3_000 })).status).toBe(200);

    // A run claims it, fixes its part (9,200 − 3,000 held), has Stripe make it, and dies before recording it.
    expect(await claim(booking.id, 'run-dead')).toBeDefined();
    expect(await fixPayoutPart(stack.deps, booking.id, 'run-dead', 6_200)).toBe(true);
    const made = await stack.deps.stripe.transfers.create({
      amount: 6_200,
      currency: 'usd',
      destination: await providerAccount(stack),
      source_transaction: booking.chargeId!,
      transfer_group: booking.id,
      metadata: { bookingId: booking.id, part: 'held-back-part' },
    });
    // Meanwhile the admin resolves the case: the part stays as it was fixed.
    expect(
      (await refundCall(stack, 'ADMIN_RESOLVE_REFUND_DISPUTE', { bookingId: booking.id, resolution: 'No more refund' }, t.admin)).status,
    ).toBe(200);

    // Eleven minutes on, two runs at once: one takes the stale claim over and records the same part; nothing new moves.
    const later: Deps = { ...stack.deps, clock: { now: () => new Date(Date.now() + 11 * 60_000) } };
    const account = await providerAccount(stack);
    const outcomes = await Promise.all(['run-b', 'run-c'].map((run) => transferBooking(later, account, booking.id, run)));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['claimed-elsewhere', 'transferred']);
    expect(outcomes.find((o) => o.outcome === 'transferred')).toMatchObject({ transferId: made.id, amountCents: 6_200 });
    expect((await transfersOf(booking.id)).map((x) => x.id)).toEqual([made.id]);
    expect(await storedBooking(stack, booking.id)).toMatchObject({
      status: 'COMPLETED',
      partialTransferId: made.id,
      partialTransferCents: 6_200,
    });

    // The case is resolved: the next run transfers the rest (3,000) and pays the booking out; a repeat moves nothing.
    expect(await transferBooking(later, account, booking.id, 'run-d')).toMatchObject({ outcome: 'transferred', amountCents: 3_000 });
    expect(await transferBooking(later, account, booking.id, 'run-e')).toMatchObject({ outcome: 'claimed-elsewhere' });
    await stack.emulator.flushWebhooks();
    const { booking: paidOut, flow } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(paidOut.status).toBe('PAID_OUT');
    expect(flow).toMatchObject({ transferredCents: 9_200, providerNetCents: 9_200 });
  });
});

describe("a provider's case holds nothing of the customer's", () => {
  it('the provider contests a refund given; the customer still cancels and is refunded by the policy', async () => {
    const booking = await partlyRefunded('req-provider-1');
    const status = await refundCall<RefundStatus>(stack, 'GET_REFUND_STATUS', { bookingId: booking.id }, t.provider);
    expect(status.body.contest).toEqual({ role: 'PROVIDER', maxCents: 2_000, heldAtMaxCents: 0, currency: 'usd' });
    const opened = await contest(t.provider, booking.id, { reason: 'The customer attended' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body.dispute).toMatchObject({ openedByRole: 'PROVIDER', amountCents: 2_000, heldCents: 0 });
    expect((await storedBooking(stack, booking.id)).payoutHold ?? false).toBe(false);

    const cancelled = await stack.booking<ProcessRefundResult>('CANCEL_PAID_BOOKING', { bookingId: booking.id }, t.customer);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const after = await storedBooking(stack, booking.id);
    expect(after.status).toBe('CANCELLED');
    expect(after.refunds).toHaveLength(2);
    // The case is still there for an admin; the customer could not contest while it is open, but nothing was held.
    expect(after.refundDispute).toMatchObject({ status: 'OPEN', openedByRole: 'PROVIDER' });
    await expectLedgerAgreesWithStripe(stack, booking.id);
  });
});

describe('duplicate and replayed opens', () => {
  it('two opens at once (and each party at once): one case, one event; a replay is a clean 409', async () => {
    const booking = await partlyRefunded('req-dup-1');
    const same = await Promise.all([
      contest(t.customer, booking.id, { amountCents: 500 }),
      contest(t.customer, booking.id, { amountCents: 500 }),
    ]);
    expect(same.map((r) => r.status).sort()).toEqual([200, 409]);
    const replay = await contest(t.customer, booking.id, { amountCents: 500 });
    expect(replay).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { bookingId: booking.id } } });
    expect(replay.body.error).toMatch(/already open/);
    expect(await caseEvents(booking.id, 'RefundCaseOpened')).toHaveLength(1);
    expect((await storedBooking(stack, booking.id)).refundDispute).toMatchObject({ amountCents: 500, heldCents: 500 });

    const other = await partlyRefunded('req-dup-2');
    const both = await Promise.all([contest(t.customer, other.id), contest(t.provider, other.id)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await caseEvents(other.id, 'RefundCaseOpened')).toHaveLength(1);
  });
});

describe('escalation', () => {
  it('a case open 72 hours is escalated once by the scheduled run (twice at once: one event); admins see it first', async () => {
    const booking = await partlyRefunded('req-escalate-1');
    expect((await contest(t.customer, booking.id, { amountCents: 4_000 })).status).toBe(200);

    await runScheduledWork(hoursAhead(71), { steps: ['escalation'] });
    expect((await storedBooking(stack, booking.id)).refundDispute?.escalatedAt).toBeUndefined();

    const runs = await Promise.all([
      runScheduledWork(hoursAhead(73), { steps: ['escalation'] }),
      runScheduledWork(hoursAhead(73), { steps: ['escalation'] }),
    ]);
    expect(runs.every((r) => r.escalation.failed === 0)).toBe(true);
    const escalated = await storedBooking(stack, booking.id);
    expect(escalated).toMatchObject({ refundCaseState: 'ESCALATED', refundDispute: { status: 'OPEN', heldCents: 4_000 } });
    const at = escalated.refundDispute!.escalatedAt!;
    expect(Date.parse(at) - Date.now()).toBeGreaterThan(72 * 3_600_000);

    await runScheduledWork(hoursAhead(80), { steps: ['escalation'] });
    expect((await storedBooking(stack, booking.id)).refundDispute?.escalatedAt).toBe(at);
    const events = await caseEvents(booking.id, 'RefundCaseEscalated');
    expect(events).toHaveLength(1);
    expect(events[0]?.actorId).toBeUndefined();
    expect(events[0]).toMatchObject({
      actorRole: 'SYSTEM',
      payload: { transition: 'ESCALATE_CASE', from: 'OPEN', details: { heldCents: 4_000, amountCents: 4_000, currency: 'usd' } },
    });

    // A newer case is not due: the admins' queue lists the escalated ones first, with what each holds.
    const fresh = await partlyRefunded('req-escalate-2');
    expect((await contest(t.customer, fresh.id, { amountCents: 1_000 })).status).toBe(200);
    const queue = await refundCall<{ refundCases: RefundCaseRow[] }>(stack, 'ADMIN_LIST_REFUND_CASES', {}, t.admin);
    expect(queue.status).toBe(200);
    const ids = queue.body.refundCases.map((c) => c.bookingId);
    const firstOpen = queue.body.refundCases.findIndex((c) => !c.escalatedAt);
    expect(queue.body.refundCases.slice(0, firstOpen).every((c) => c.escalatedAt)).toBe(true);
    expect(ids.indexOf(booking.id)).toBeLessThan(ids.indexOf(fresh.id));
    expect(queue.body.refundCases.find((c) => c.bookingId === booking.id)).toMatchObject({
      escalatedAt: at,
      heldCents: 4_000,
      amountCents: 4_000,
    });
    expect(queue.body.refundCases.find((c) => c.bookingId === fresh.id)).toMatchObject({ heldCents: 1_000 });
    expect(queue.body.refundCases.find((c) => c.bookingId === fresh.id)?.escalatedAt).toBeUndefined();

    // AWS's daily invocation of payout-manager runs the step too (nothing is due at real time).
    const scheduled = await stack.functions['payout-manager']({
      version: '0',
      id: 'schedule-refund-disputes',
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      time: new Date().toISOString(),
      resources: [],
      detail: {},
    } as never);
    expect(scheduled.statusCode).toBe(200);
    expect(JSON.parse(scheduled.body)).toMatchObject({ escalation: { escalated: 0, failed: 0 } });
    await stack.emulator.flushWebhooks();
  });
});
