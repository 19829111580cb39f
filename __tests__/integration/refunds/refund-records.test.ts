/**
 * What a refund leaves behind, by id, and the refund case's lifecycle: the ledger lines of a refund carry the ledger
 * writer's deterministic ids (reference refund:<request id>), a reversal's line is shared with the transfer.reversed
 * webhook whichever writes first, and a contested refund decision is one case at a time, resolved once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repo } from '../../../lib/data/repository';
import { transactWrite } from '../../../lib/data/transact';
import { transferChangedEffects } from '../../../lib/services/payout-webhooks';
import type { ProcessRefundResult } from '../../../lib/http/refund-processor';
import { processRefund } from '../../../lib/services/refunds';
import type { Deps } from '../../../lib/ports';
import { startTestStack, type TestStack } from '../support/local-stack';
import { ADMIN, expectLedgerAgreesWithStripe, paidBooking, refundCall, storedBooking, tokens, transferToProvider } from './support';

let stack: TestStack;
let t: ReturnType<typeof tokens>;

beforeAll(async () => {
  stack = await startTestStack('refund-records');
  t = tokens(stack);
});
afterAll(async () => stack?.close());

const lineIds = async (bookingId: string) => (await repo.ledgerOfBooking(stack.deps, bookingId)).map((l) => l.id).sort();

describe('ledger ids of a refund', () => {
  it('REFUND, FEE_REFUND and the compensation carry refund:<rid>; the reversal its Stripe id; a repeat writes nothing', async () => {
    const booking = await paidBooking(stack);
    await transferToProvider(stack, booking);
    const body = {
      bookingId: booking.id,
      refundAmount: 6_000,
      providerCompensation: 300,
      reason: 'half, compensated',
      requestId: 'req-ids',
    };
    const res = await refundCall<ProcessRefundResult>(stack, 'PROCESS_REFUND', body, t.admin);
    expect(res.status).toBe(200);
    const reversalId = res.body.refund.transferReversalId!;
    expect(reversalId).toMatch(/^trr_/);
    const refundLines = (await lineIds(booking.id)).filter((id) => !/#(CHARGE|PLATFORM_FEE|PROVIDER_EARNING|TRANSFER)$/.test(id));
    expect(refundLines).toEqual(
      [
        `${booking.id}#REFUND#refund:req-ids`,
        `${booking.id}#FEE_REFUND#refund:req-ids`,
        `${booking.id}#FEE_REFUND#refund:req-ids:compensation`,
        `${booking.id}#TRANSFER_REVERSAL#${reversalId}`,
      ].sort(),
    );
    const before = await lineIds(booking.id);
    const again = await refundCall<ProcessRefundResult>(stack, 'PROCESS_REFUND', body, t.admin);
    expect(again.body.replayed).toBe(true);
    expect(await lineIds(booking.id)).toEqual(before);
    await expectLedgerAgreesWithStripe(stack, booking.id);
  });

  it('the transfer.reversed webhook records the reversal first: the refund is still recorded, with one reversal line', async () => {
    const booking = await paidBooking(stack);
    const transfer = await transferToProvider(stack, booking);
    const real = stack.deps.stripe;
    // Stripe answers the reversal, and its webhook is processed before the refund's own transaction commits.
    const transfers = Object.create(real.transfers) as typeof real.transfers;
    transfers.createReversal = (async (...args: Parameters<typeof real.transfers.createReversal>) => {
      const reversal = await real.transfers.createReversal(...args);
      await transactWrite(stack.deps, await transferChangedEffects(stack.deps, transfer.id));
      return reversal;
    }) as typeof real.transfers.createReversal;
    const stripe = Object.create(real) as typeof real;
    Object.defineProperty(stripe, 'transfers', { value: transfers });
    const deps: Deps = { ...stack.deps, stripe };

    const result = await processRefund(deps, booking.id, {
      mode: { kind: 'AMOUNT', refundCents: 12_000 },
      reason: 'webhook first',
      requestedBy: ADMIN.userId,
      requestId: 'req-webhook-first',
    });
    expect(result).toMatchObject({ replayed: false, refund: { reverseCents: 11_040 } });
    const lines = await repo.ledgerOfBooking(stack.deps, booking.id);
    // One line, the webhook's (it wrote first; the refund's transaction left it alone).
    expect(lines.filter((l) => l.type === 'TRANSFER_REVERSAL').map((l) => [l.id, l.description])).toEqual([
      [`${booking.id}#TRANSFER_REVERSAL#${result.refund.transferReversalId}`, 'Part of the provider transfer reversed'],
    ]);
    expect(await storedBooking(stack, booking.id)).toMatchObject({ refundedCents: 12_000, providerReversedCents: 11_040 });
    expect((await storedBooking(stack, booking.id)).refundClaimId).toBeUndefined();
    await expectLedgerAgreesWithStripe(stack, booking.id);
  });
});

describe('the refund case (DISPUTE_REFUND → ADMIN_RESOLVE_REFUND_DISPUTE)', () => {
  it('one open case at a time (two at once: one wins), resolved once, and a resolved case can be contested again', async () => {
    const booking = await paidBooking(stack);
    // A refund decision to contest: 10.00 refunded (the provider's part 920).
    const refunded = await refundCall(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 1_000, reason: 'partial', requestId: 'req-case-1' },
      t.admin,
    );
    expect(refunded.status).toBe(200);
    const contest = (token: string, reason: string) =>
      refundCall<{ dispute: { status: string; openedByRole: string } }>(stack, 'DISPUTE_REFUND', { bookingId: booking.id, reason }, token);
    const [a, b] = await Promise.all([contest(t.customer, 'not enough'), contest(t.provider, 'too much')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const opened = [a, b].find((r) => r.status === 200)!;
    expect(opened.body.dispute.status).toBe('OPEN');
    // The customer's case holds its amount of the share not yet transferred; the provider's holds nothing.
    const byCustomer = opened.body.dispute.openedByRole === 'CUSTOMER';
    expect(await storedBooking(stack, booking.id)).toMatchObject({
      refundCaseState: 'OPEN',
      refundDispute: {
        status: 'OPEN',
        openedByRole: opened.body.dispute.openedByRole,
        amountCents: byCustomer ? 11_000 : 1_000,
        heldCents: byCustomer ? 10_120 : 0,
      },
    });
    expect((await storedBooking(stack, booking.id)).payoutHold ?? false).toBe(false);

    const resolve = () => refundCall(stack, 'ADMIN_RESOLVE_REFUND_DISPUTE', { bookingId: booking.id, resolution: 'as decided' }, t.admin);
    const [r1, r2] = await Promise.all([resolve(), resolve()]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    expect(await storedBooking(stack, booking.id)).toMatchObject({ refundDispute: { status: 'RESOLVED', resolution: 'as decided' } });
    expect((await storedBooking(stack, booking.id)).refundCaseState).toBeUndefined();
    expect((await resolve()).status).toBe(409);

    const reopened = await contest(t.customer, 'still not enough');
    expect(reopened.status).toBe(200);
    expect(await storedBooking(stack, booking.id)).toMatchObject({
      refundCaseState: 'OPEN',
      refundDispute: { status: 'OPEN', reason: 'still not enough', openedByRole: 'CUSTOMER', heldCents: 10_120 },
    });
    expect((await storedBooking(stack, booking.id)).refundDispute?.resolvedAt).toBeUndefined();
  });

  it('an admin may not contest (403), a stranger does not see the booking (404)', async () => {
    const booking = await paidBooking(stack);
    expect((await refundCall(stack, 'DISPUTE_REFUND', { bookingId: booking.id, reason: 'admin' }, t.admin)).status).toBe(403);
    expect((await refundCall(stack, 'DISPUTE_REFUND', { bookingId: booking.id, reason: 'nobody' }, t.stranger)).status).toBe(404);
    expect((await refundCall(stack, 'GET_REFUND_STATUS', { bookingId: booking.id }, t.admin)).status).toBe(200);
    expect((await storedBooking(stack, booking.id)).refundDispute).toBeUndefined();
  });
});
