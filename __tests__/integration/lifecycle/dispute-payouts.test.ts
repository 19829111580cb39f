/**
 * A chargeback in the booking lifecycle (lifecycle stack: movable clock, completion run, payout-manager): while the
 * dispute is open the booking is DISPUTED and neither completed nor paid out; won, it is back to CONFIRMED, then
 * completed and paid out as usual; the ledger balances throughout. A customer's refund dispute freezes nothing: the
 * booking is completed as usual and paid out all but the amount in dispute, the rest once an admin resolves the case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingMoneyFlow } from '../../../lib/domain/ledger';
import type { SchedulePayoutResponse } from '../../../lib/http/payout-manager';
import { createRefundProcessorHandler } from '../../../lib/functions/refund-processor';
import { completeDueBookings } from '../../../lib/services/booking-lifecycle';
import { paidBooking, PORTRAIT, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';

const DISPUTE_CARD = '4000000000000259';

let stack: LifecycleStack;
beforeAll(async () => {
  stack = await startLifecycleStack('dispute-payouts');
});
afterAll(async () => stack?.close());

const transfersOf = async (bookingId: string) => (await stack.deps.stripe.transfers.list({ transfer_group: bookingId, limit: 100 })).data;
const schedulePayout = async () => {
  const res = await stack.payouts<SchedulePayoutResponse>('SCHEDULE_PAYOUT', {}, stack.providerToken);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await stack.emulator.flushWebhooks();
  return res.body;
};

describe('a disputed booking in the completion and payout runs', () => {
  it('is skipped while the dispute is open; won, it is completed and paid out afterwards', async () => {
    const disputed = await paidBooking(stack, PORTRAIT, 0, DISPUTE_CARD);
    const normal = await paidBooking(stack, PORTRAIT, 1);
    expect(await stack.storedBooking(disputed.bookingId)).toMatchObject({
      status: 'DISPUTED',
      statusBeforeDispute: 'CONFIRMED',
      payoutHold: true,
    });

    // Both services are over: the completion run completes only the undisputed one, the payout run pays only it.
    const lastEnd = Math.max(...[disputed, normal].map((b) => Date.parse(b.slot.endDateTime)));
    stack.setClockOffset(lastEnd + 3 * 3_600_000 - Date.now());
    await completeDueBookings(stack.deps);
    expect((await stack.storedBooking(normal.bookingId)).status).toBe('COMPLETED');
    expect((await stack.storedBooking(disputed.bookingId)).status).toBe('DISPUTED');
    const first = await schedulePayout();
    expect(first.transfers.filter((t) => t.outcome === 'transferred').map((t) => t.bookingId)).toEqual([normal.bookingId]);
    expect((await stack.storedBooking(normal.bookingId)).status).toBe('PAID_OUT');
    expect(await transfersOf(disputed.bookingId)).toHaveLength(0);

    // Won: back to CONFIRMED (the status it had), the hold lifted; the next runs complete and pay it.
    const { paymentIntentId } = await stack.storedBooking(disputed.bookingId);
    const dispute = (await stack.deps.stripe.disputes.list({ payment_intent: paymentIntentId! })).data[0]!;
    await stack.deps.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true });
    await stack.emulator.flushWebhooks();
    expect(await stack.storedBooking(disputed.bookingId)).toMatchObject({
      status: 'CONFIRMED',
      chargebackStatus: 'won',
      payoutHold: false,
    });
    await completeDueBookings(stack.deps);
    expect((await stack.storedBooking(disputed.bookingId)).status).toBe('COMPLETED');
    const second = await schedulePayout();
    expect(second.transfers.find((t) => t.bookingId === disputed.bookingId)).toMatchObject({ outcome: 'transferred', amountCents: 11_040 });
    const paid = await stack.storedBooking(disputed.bookingId);
    expect(paid.status).toBe('PAID_OUT');
    const transfers = await transfersOf(disputed.bookingId);
    expect(transfers.map((t) => t.amount)).toEqual([11_040]);
    const flow = bookingMoneyFlow(await stack.ledger(disputed.bookingId));
    expect(flow).toMatchObject({
      balanced: true,
      disputedCents: 0,
      transferredCents: 11_040,
      providerNetCents: 11_040,
      platformNetCents: 960,
    });
  });
});

describe("a customer's refund dispute in the completion and payout runs", () => {
  const refunds = async <T>(action: string, payload: object, token: string) => {
    const res = await createRefundProcessorHandler(stack.runtime)({ action, payload, token });
    return { status: res.statusCode, body: JSON.parse(res.body) as T };
  };

  it('is completed as usual and paid out all but the amount in dispute; the rest once an admin resolves the case', async () => {
    const { bookingId, slot } = await paidBooking(stack, PORTRAIT, 2);
    const refunded = await refunds(
      'PROCESS_REFUND',
      { bookingId, refundAmount: 2_000, reason: 'late start', requestId: 'dp-late' },
      stack.adminToken,
    );
    expect(refunded.status).toBe(200);
    const opened = await refunds<{ dispute: { heldCents: number } }>(
      'DISPUTE_REFUND',
      { bookingId, reason: 'Half the session was missed', amountCents: 4_000 },
      stack.customerToken,
    );
    expect(opened).toMatchObject({ status: 200, body: { dispute: { heldCents: 4_000 } } });

    // The service is over: the completion run completes it (the case does not stop it), the payout run pays the rest.
    // (The app's clock only moves forward: the earlier scenario may have moved it past this one's end already.)
    stack.setClockOffset(Math.max(stack.now().getTime(), Date.parse(slot.endDateTime) + 3 * 3_600_000) - Date.now());
    await completeDueBookings(stack.deps);
    expect((await stack.storedBooking(bookingId)).status).toBe('COMPLETED');
    const first = await schedulePayout();
    // 11,040 − 1,840 (the provider's part of the refund) − 4,000 held = 5,200.
    expect(first.transfers.find((t) => t.bookingId === bookingId)).toMatchObject({
      outcome: 'transferred',
      amountCents: 5_200,
      heldCents: 4_000,
    });
    expect(await stack.storedBooking(bookingId)).toMatchObject({ status: 'COMPLETED', partialTransferCents: 5_200 });
    expect(bookingMoneyFlow(await stack.ledger(bookingId), false, true)).toMatchObject({ balanced: true, transferredCents: 5_200 });

    const resolved = await refunds(
      'ADMIN_RESOLVE_REFUND_DISPUTE',
      { bookingId, resolution: 'The session was delivered' },
      stack.adminToken,
    );
    expect(resolved.status).toBe(200);
    const second = await schedulePayout();
    expect(second.transfers.find((t) => t.bookingId === bookingId)).toMatchObject({ outcome: 'transferred', amountCents: 4_000 });
    expect((await stack.storedBooking(bookingId)).status).toBe('PAID_OUT');
    expect((await transfersOf(bookingId)).map((t) => t.amount).sort((a, b) => a - b)).toEqual([4_000, 5_200]);
    expect(bookingMoneyFlow(await stack.ledger(bookingId))).toMatchObject({
      balanced: true,
      transferredCents: 9_200,
      providerNetCents: 9_200,
    });
  });
});
