import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoursBeforeStart, policyRefundCents } from '../../../lib/domain/refunds';
import { repo } from '../../../lib/data/repository';
import type { ProcessRefundResult, RefundCalculation, RefundStatus } from '../../../lib/http/refund-processor';
import { cancellationActions } from '../../../lib/functions/actions/cancellation';
import { startTestStack, type TestStack } from '../support/local-stack';
import {
  availableOf,
  CLEANING,
  drainProviderBalance,
  expectLedgerAgreesWithStripe,
  paidBooking,
  PROVIDER,
  providerAccount,
  refundCall,
  storedBooking,
  tokens,
  transferToProvider,
} from './support';

let stack: TestStack;
let t: ReturnType<typeof tokens>;

beforeAll(async () => {
  stack = await startTestStack('refunds');
  t = tokens(stack);
});
afterAll(async () => stack?.close());

describe('refund before the transfer', () => {
  it('previews, refunds part of the charge with the fee in proportion, then settles the remainder exactly', async () => {
    const booking = await paidBooking(stack);
    const preview = await refundCall<RefundCalculation>(stack, 'CALCULATE_REFUND', { bookingId: booking.id, refundAmount: 5_001 }, t.admin);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      refundCents: 5_001,
      platformFeeRefundCents: 400,
      providerReversalCents: 0,
      providerRetainedCents: 11_040 - 4_601,
      currency: 'usd',
    });
    // no side effects
    expect((await storedBooking(stack, booking.id)).refundedCents).toBeUndefined();

    const first = await refundCall<ProcessRefundResult>(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 5_001, reason: 'customer_request', requestId: 'req-first-1' },
      t.admin,
    );
    expect(first.status).toBe(200);
    expect(first.body.refund).toMatchObject({ refundCents: 5_001, platformFeeRefundCents: 400, reverseCents: 0, debtCents: 0 });
    expect(first.body.refund.stripeRefundId).toMatch(/^re_/);
    await expectLedgerAgreesWithStripe(stack, booking.id);

    // a repeat of the same request refunds nothing more
    const repeat = await refundCall<ProcessRefundResult>(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 5_001, reason: 'customer_request', requestId: 'req-first-1' },
      t.admin,
    );
    expect(repeat.body.replayed).toBe(true);

    const tooMuch = await refundCall(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 7_000, reason: 'too much', requestId: 'req-too-much' },
      t.admin,
    );
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body).toMatchObject({ code: 'REFUND_EXCEEDS_REFUNDABLE', details: { requested: 7_000, refundable: 6_999 } });

    const last = await refundCall<ProcessRefundResult>(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 6_999, reason: 'rest', requestId: 'req-last-1' },
      t.admin,
    );
    expect(last.status).toBe(200);
    expect(last.body.refund.platformFeeRefundCents).toBe(960 - 400);
    const { flow } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(flow).toMatchObject({ refundedCents: 12_000, feeRefundedCents: 960, platformNetCents: 0, providerNetCents: 0 });

    const status = await refundCall<RefundStatus>(stack, 'GET_REFUND_STATUS', { bookingId: booking.id }, t.customer);
    expect(status.body).toMatchObject({ refundedCents: 12_000, refundableCents: 0 });
    expect(status.body.refunds).toHaveLength(2);
  });

  it('the customer cancels a paid booking: the policy amount is refunded and the booking is CANCELLED', async () => {
    const booking = await paidBooking(stack, CLEANING);
    const service = await repo.service(stack.deps, CLEANING);
    const expected = policyRefundCents(
      {
        currency: 'usd',
        paidCents: booking.totalAmountCents,
        platformFeeCents: booking.platformFeeCents,
        refundedCents: 0,
        feeRefundedCents: 0,
        transferredCents: 0,
        providerRefundedCents: 0,
        compensationCents: 0,
      },
      service!.cancellationPolicy,
      hoursBeforeStart(booking.startDateTime, new Date()),
    ).refundCents;
    const preview = await refundCall<RefundCalculation>(stack, 'CALCULATE_REFUND', { bookingId: booking.id }, t.customer);
    expect(preview.body).toMatchObject({ refundCents: expected, policy: service!.cancellationPolicy });
    const res = await refundCall<ProcessRefundResult>(stack, 'PROCESS_REFUND', { bookingId: booking.id }, t.customer);
    expect(res.status).toBe(200);
    expect(res.body.booking.status).toBe('CANCELLED');
    expect(res.body.refund.refundCents).toBe(expected);
    await expectLedgerAgreesWithStripe(stack, booking.id);
    const again = await refundCall(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 1, reason: 'again', requestId: 'req-after-cancel' },
      t.admin,
    );
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'Booking is not in a refundable state', currentStatus: 'CANCELLED', code: 'NOT_REFUNDABLE' });
  });

  it('refuses an unpaid booking with the spec error, and strangers and amounts chosen by non-admins', async () => {
    const created = await stack.booking<{ bookingId: string }>(
      'CREATE_BOOKING',
      { serviceId: CLEANING, ...(await import('../support/local-stack').then((m) => m.firstFreeSlot(stack, CLEANING, 3))), groupSize: 1 },
      stack.customerToken,
    );
    const unpaid = await refundCall(
      stack,
      'PROCESS_REFUND',
      { bookingId: created.body.bookingId, refundAmount: 100, reason: 'nope', requestId: 'req-unpaid' },
      t.admin,
    );
    expect(unpaid.status).toBe(400);
    expect(unpaid.body).toEqual({
      error: 'Booking is not in a refundable state',
      currentStatus: 'PENDING_PAYMENT',
      code: 'NOT_REFUNDABLE',
    });

    const booking = await paidBooking(stack);
    expect(
      (await refundCall(stack, 'PROCESS_REFUND', { bookingId: booking.id, refundAmount: 100, reason: 'mine' }, t.customer)).status,
    ).toBe(403);
    expect(
      (await refundCall(stack, 'PROCESS_REFUND', { bookingId: booking.id, refundAmount: 100, reason: 'mine' }, t.provider)).status,
    ).toBe(403);
    expect((await refundCall(stack, 'PROCESS_REFUND', { bookingId: booking.id }, t.stranger)).status).toBe(404);
    expect((await refundCall(stack, 'CALCULATE_REFUND', { bookingId: booking.id, refundAmount: 100 }, t.customer)).status).toBe(403);
    expect((await refundCall(stack, 'GET_REFUND_STATUS', { bookingId: booking.id }, t.stranger)).status).toBe(404);
    const noReason = await refundCall(stack, 'PROCESS_REFUND', { bookingId: booking.id, refundAmount: 100 }, t.admin);
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(
      (await refundCall(stack, 'PROCESS_REFUND', { bookingId: booking.id, refundAmount: 1.5, reason: 'floats' }, t.admin)).status,
    ).toBe(400);
  });
});

describe('CANCEL_PAID_BOOKING (action definition for booking-processor)', () => {
  const cancel = (bookingId: string, caller: { userId: string; email: string; groups: ('ADMIN' | 'PROVIDER')[] }) =>
    cancellationActions.CANCEL_PAID_BOOKING.run({ deps: stack.deps, caller }, { bookingId });

  it('the provider cancels after the transfer: everything is refunded and reversed, the booking is CANCELLED, once', async () => {
    const booking = await paidBooking(stack);
    await transferToProvider(stack, booking);
    const provider = { userId: PROVIDER.userId, email: PROVIDER.email, groups: ['PROVIDER' as const] };
    const [a, b] = await Promise.all([cancel(booking.id, provider), cancel(booking.id, provider)]);
    expect(a.refund.stripeRefundId).toBe(b.refund.stripeRefundId);
    expect(a.refund).toMatchObject({ refundCents: 12_000, platformFeeRefundCents: 960, reverseCents: 11_040, debtCents: 0 });
    const stored = await storedBooking(stack, booking.id);
    expect(stored.status).toBe('CANCELLED');
    expect((await stack.deps.stripe.refunds.list({ payment_intent: booking.paymentIntentId! })).data).toHaveLength(1);
    await expectLedgerAgreesWithStripe(stack, booking.id);
  });

  it("a stranger cannot cancel someone else's booking", async () => {
    const booking = await paidBooking(stack);
    await expect(cancel(booking.id, { userId: 'user_x', email: 'x@example.com', groups: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('refund after the transfer', () => {
  it('refunds and reverses the provider part of the transfer', async () => {
    const booking = await paidBooking(stack);
    const transfer = await transferToProvider(stack, booking);
    const preview = await refundCall<RefundCalculation>(stack, 'CALCULATE_REFUND', { bookingId: booking.id, refundAmount: 6_000 }, t.admin);
    expect(preview.body).toMatchObject({
      refundCents: 6_000,
      platformFeeRefundCents: 480,
      providerReversalCents: 5_520,
      providerRetainedCents: 5_520,
    });
    const res = await refundCall<ProcessRefundResult>(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 6_000, reason: 'half', requestId: 'req-after-transfer' },
      t.admin,
    );
    expect(res.status).toBe(200);
    expect(res.body.refund).toMatchObject({ reverseCents: 5_520, debtCents: 0, transferId: transfer.id });
    const after = await stack.deps.stripe.transfers.retrieve(transfer.id);
    expect(after.amount_reversed).toBe(5_520);
    await expectLedgerAgreesWithStripe(stack, booking.id);

    // with compensation: the provider keeps 300 of their part
    const comp = await refundCall<ProcessRefundResult>(
      stack,
      'PROCESS_REFUND',
      {
        bookingId: booking.id,
        refundAmount: 6_000,
        providerCompensation: 300,
        reason: 'rest, provider compensated',
        requestId: 'req-comp',
      },
      t.admin,
    );
    expect(comp.status).toBe(200);
    expect(comp.body.refund).toMatchObject({ platformFeeRefundCents: 480, providerReversalCents: 5_220, reverseCents: 5_220 });
    const { flow } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(flow).toMatchObject({ refundedCents: 12_000, providerNetCents: 300, platformNetCents: -300 });
  });

  it('after a payout with too little balance: the customer is refunded in full, the shortfall is the provider debt', async () => {
    const booking = await paidBooking(stack);
    await transferToProvider(stack, booking);
    const left = await drainProviderBalance(stack, 1_000);
    expect(left).toBe(1_000);
    const debtBefore = (await repo.userProfile(stack.deps, PROVIDER.userId))?.providerDebtCents ?? 0;
    const res = await refundCall<ProcessRefundResult>(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 12_000, reason: 'service not delivered', requestId: 'req-debt' },
      t.admin,
    );
    expect(res.status).toBe(200);
    expect(res.body.refund).toMatchObject({
      refundCents: 12_000,
      platformFeeRefundCents: 960,
      providerReversalCents: 11_040,
      reverseCents: 1_000,
      debtCents: 10_040,
    });
    expect(await availableOf(stack, await providerAccount(stack))).toBe(0);
    const { booking: stored } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(stored.providerDebtCents).toBe(10_040);
    expect((await repo.userProfile(stack.deps, PROVIDER.userId))?.providerDebtCents).toBe(debtBefore + 10_040);
  });
});

describe('concurrent duplicates', () => {
  it('the same request sent five times at once refunds once', async () => {
    const booking = await paidBooking(stack);
    await transferToProvider(stack, booking);
    const calls = await Promise.all(
      Array.from({ length: 5 }, () =>
        refundCall<ProcessRefundResult>(
          stack,
          'PROCESS_REFUND',
          { bookingId: booking.id, refundAmount: 3_000, reason: 'double click', requestId: 'req-dup-1' },
          t.admin,
        ),
      ),
    );
    for (const c of calls) expect([200, 409]).toContain(c.status);
    expect(calls.some((c) => c.status === 200)).toBe(true);
    const refunds = await stack.deps.stripe.refunds.list({ payment_intent: booking.paymentIntentId! });
    expect(refunds.data).toHaveLength(1);
    const ids = new Set(calls.filter((c) => c.status === 200).map((c) => c.body.refund.stripeRefundId));
    expect(ids.size).toBe(1);
    const { booking: stored } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(stored.refundedCents).toBe(3_000);
    expect(stored.refunds).toHaveLength(1);
  });

  it('duplicates without a request id and competing different requests never over-refund', async () => {
    const booking = await paidBooking(stack);
    const same = await Promise.all(
      Array.from({ length: 4 }, () =>
        refundCall(stack, 'PROCESS_REFUND', { bookingId: booking.id, refundAmount: 8_000, reason: 'no request id' }, t.admin),
      ),
    );
    expect(same.filter((c) => c.status === 200).length).toBeGreaterThanOrEqual(1);
    expect((await stack.deps.stripe.refunds.list({ payment_intent: booking.paymentIntentId! })).data).toHaveLength(1);
    const different = await Promise.all(
      ['a', 'b', 'c'].map((k) =>
        refundCall(
          stack,
          'PROCESS_REFUND',
          { bookingId: booking.id, refundAmount: 4_000, reason: 'race', requestId: `req-race-${k}` },
          t.admin,
        ),
      ),
    );
    expect(different.filter((c) => c.status === 200)).toHaveLength(1);
    for (const c of different.filter((x) => x.status !== 200)) expect([400, 409]).toContain(c.status);
    const { booking: stored } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(stored.refundedCents).toBe(12_000);
  });
});

describe('DISPUTE_REFUND', () => {
  it('the customer contests: the case holds part of the payout, never the refunds; an admin resolves it', async () => {
    const booking = await paidBooking(stack);
    await refundCall(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 1_000, reason: 'partial', requestId: 'req-before-dispute' },
      t.admin,
    );
    const opened = await refundCall<{ dispute: { amountCents: number; heldCents: number } }>(
      stack,
      'DISPUTE_REFUND',
      { bookingId: booking.id, reason: 'I want the whole amount back' },
      t.customer,
    );
    expect(opened.status).toBe(200);
    // The whole rest is in dispute; what it holds is the provider's share not yet transferred (11,040 − 920).
    expect(opened.body.dispute).toMatchObject({ amountCents: 11_000, heldCents: 10_120 });
    expect((await storedBooking(stack, booking.id)).payoutHold ?? false).toBe(false);
    expect((await refundCall(stack, 'DISPUTE_REFUND', { bookingId: booking.id, reason: 'again please' }, t.provider)).status).toBe(409);
    // Refunds go on while the case is open (a refund case no longer holds them).
    const more = await refundCall(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 1_000, reason: 'more', requestId: 'req-during-case' },
      t.admin,
    );
    expect(more.status, JSON.stringify(more.body)).toBe(200);
    expect(
      (await refundCall(stack, 'ADMIN_RESOLVE_REFUND_DISPUTE', { bookingId: booking.id, resolution: 'refund the rest' }, t.customer))
        .status,
    ).toBe(403);
    const resolved = await refundCall(
      stack,
      'ADMIN_RESOLVE_REFUND_DISPUTE',
      { bookingId: booking.id, resolution: 'refund the rest' },
      t.admin,
    );
    expect(resolved.status).toBe(200);
    expect(await storedBooking(stack, booking.id)).toMatchObject({ refundDispute: { status: 'RESOLVED' } });
    const rest = await refundCall(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 10_000, reason: 'rest', requestId: 'req-after-resolve' },
      t.admin,
    );
    expect(rest.status).toBe(200);
    await expectLedgerAgreesWithStripe(stack, booking.id);
  });
});
