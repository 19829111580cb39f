import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingMoneyFlow } from '../../../lib/domain/ledger';
import { repo } from '../../../lib/data/repository';
import { disputeEventHandlers } from '../../../lib/services/dispute-webhooks';
import { listDisputes } from '../../../lib/services/disputes';
import { eventHandlers } from '../../../lib/services/webhooks';
import { startTestStack, type TestStack } from '../support/local-stack';
import { expectLedgerAgreesWithStripe, paidBooking, PROVIDER, refundCall, storedBooking, tokens, transferToProvider } from './support';

// WIRING STAND-IN until lib/services/webhooks.ts spreads ...disputeEventHandlers (module-level map; per test file).
Object.assign(eventHandlers, disputeEventHandlers);

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('disputes');
});
afterAll(async () => stack?.close());

async function openDispute() {
  const booking = await paidBooking(stack, 'svc_demo_portrait', '4000000000000259');
  await stack.emulator.flushWebhooks();
  const disputes = await stack.deps.stripe.disputes.list({ payment_intent: booking.paymentIntentId! });
  expect(disputes.data).toHaveLength(1);
  const dispute = disputes.data[0]!;
  const stored = await storedBooking(stack, booking.id);
  expect(stored).toMatchObject({ disputeId: dispute.id, chargebackStatus: 'needs_response', payoutHold: true });
  const lines = await repo.ledgerOfBooking(stack.deps, booking.id);
  expect(lines.filter((l) => l.type === 'DISPUTE').reduce((s, l) => s + l.amountCents, 0)).toBe(12_000);
  expect(bookingMoneyFlow(lines, 0, true), JSON.stringify(lines.map((l) => [l.type, l.amountCents]))).toMatchObject({ balanced: true });
  // refunds are held while the chargeback is open
  const t = tokens(stack);
  const held = await refundCall(stack, 'PROCESS_REFUND', { bookingId: booking.id, refundAmount: 100, reason: 'during dispute', requestId: 'req-during' }, t.admin);
  expect(held.status).toBe(409);
  expect(held.body).toMatchObject({ code: 'REFUND_ON_HOLD' });
  const queue = await listDisputes(stack.deps);
  expect(queue.find((d) => d.id === dispute.id)).toMatchObject({ bookingId: booking.id, status: 'needs_response', amountCents: 12_000 });
  return { booking, dispute };
}

describe('chargebacks', () => {
  it('won: funds are returned, the hold is lifted, the ledger nets to zero', async () => {
    const { booking, dispute } = await openDispute();
    await stack.deps.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true });
    await stack.emulator.flushWebhooks();
    const stored = await storedBooking(stack, booking.id);
    expect(stored).toMatchObject({ chargebackStatus: 'won', payoutHold: false });
    const { flow } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(flow).toMatchObject({ disputedCents: 0, platformNetCents: 960, providerNetCents: 11_040 });
    // events again (any order, repeats): nothing changes
    const events = await stack.deps.stripe.events.list({ types: ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed'], limit: 100 });
    const { processStripeEvent } = await import('../../../lib/services/webhooks');
    for (const e of events.data.filter((x) => (x.data.object as { id: string }).id === dispute.id).reverse()) {
      expect(await processStripeEvent(stack.deps, e)).toBe('duplicate');
    }
    expect((await repo.ledgerOfBooking(stack.deps, booking.id)).filter((l) => l.type === 'DISPUTE')).toHaveLength(2);
  });

  it('lost after the transfer: the platform gives up its fee share, the provider share becomes their debt', async () => {
    const { booking, dispute } = await openDispute();
    await transferToProvider(stack, booking);
    const debtBefore = (await repo.userProfile(stack.deps, PROVIDER.userId))?.providerDebtCents ?? 0;
    await stack.deps.stripe.disputes.close(dispute.id);
    await stack.emulator.flushWebhooks();
    const stored = await storedBooking(stack, booking.id);
    expect(stored).toMatchObject({ chargebackStatus: 'lost', payoutHold: false, providerDebtCents: 11_040 });
    expect((await repo.userProfile(stack.deps, PROVIDER.userId))?.providerDebtCents).toBe(debtBefore + 11_040);
    const { flow } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(flow).toMatchObject({ disputedCents: 12_000, platformNetCents: 0, providerNetCents: 0, transfersBalanced: true });
  });
});
