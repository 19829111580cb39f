/**
 * Provider debt end to end (DynamoDB Local + the emulator): a refund after the payout that the provider's balance
 * cannot cover becomes a PROVIDER_DEBT line; the next payout nets it (a shorter transfer, a PROVIDER_DEBT −line, the
 * profile's debt back to 0, in the PAID_OUT transaction); two payout runs at once net it once; a full refund of a
 * PAID_OUT booking makes it REFUNDED. The tests run in order on one provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingMoneyFlow } from '../../../lib/domain/ledger';
import { repo } from '../../../lib/data/repository';
import type { CalculateEarningsResponse, SchedulePayoutResponse } from '../../../lib/http/payout-manager';
import type { ProcessRefundResult } from '../../../lib/http/refund-processor';
import { startTestStack, type TestStack } from '../support/local-stack';
import {
  availableOf,
  completeBooking,
  expectLedgerAgreesWithStripe,
  paidBooking,
  payoutCall,
  PROVIDER,
  providerAccount,
  providerDebt,
  refundCall,
  storedBooking,
  tokens,
} from './support';

let stack: TestStack;
let t: ReturnType<typeof tokens>;
let account: string;

beforeAll(async () => {
  stack = await startTestStack('provider-debt');
  t = tokens(stack);
  account = await providerAccount(stack);
});
afterAll(async () => stack?.close());

/** SCHEDULE_PAYOUT as the provider: transfers the completed bookings, then pays the balance out to the bank. */
async function schedulePayout() {
  const res = await payoutCall<SchedulePayoutResponse>(stack, 'SCHEDULE_PAYOUT', {}, t.provider);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const transfersOf = async (bookingId: string) => (await stack.deps.stripe.transfers.list({ transfer_group: bookingId, limit: 100 })).data;
const lineTypes = async (bookingId: string) =>
  (await repo.ledgerOfBooking(stack.deps, bookingId)).map((l) => [l.type, l.amountCents] as const);

let first: string;

describe('a refund after the payout that the balance cannot cover', () => {
  it('records the shortfall as a PROVIDER_DEBT line, on the booking and the profile', async () => {
    const booking = await paidBooking(stack); // $120.00: fee 960, provider 11 040
    first = booking.id;
    await completeBooking(stack, booking.id);
    const run = await schedulePayout();
    expect(run.transfers).toEqual([expect.objectContaining({ bookingId: booking.id, outcome: 'transferred', amountCents: 11_040 })]);
    expect(run.payouts.map((p) => p.amountCents)).toEqual([11_040]); // the balance went to the bank
    expect(await availableOf(stack, account)).toBe(0);
    expect((await storedBooking(stack, booking.id)).status).toBe('PAID_OUT');

    const res = await refundCall<ProcessRefundResult>(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 6_000, reason: 'half the session', requestId: 'debt-half-1' },
      t.admin,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.refund).toMatchObject({
      refundCents: 6_000,
      platformFeeRefundCents: 480,
      providerReversalCents: 5_520,
      reverseCents: 0,
      debtCents: 5_520,
    });
    expect(res.body.booking.status).toBe('PAID_OUT'); // partly refunded
    const { booking: stored, flow } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(stored.providerDebtCents).toBe(5_520);
    expect(flow.providerDebtCents).toBe(5_520);
    expect(await lineTypes(booking.id)).toContainEqual(['PROVIDER_DEBT', 5_520]);
    expect(await providerDebt(stack)).toBe(5_520);

    const earnings = await payoutCall<CalculateEarningsResponse>(stack, 'CALCULATE_EARNINGS', {}, t.provider);
    expect(earnings.body.outstandingDebtCents).toBe(5_520);
  });
});

describe('the next payout nets the debt', () => {
  it('transfers the earnings less the debt, writes the PROVIDER_DEBT −line, and clears the profile debt', async () => {
    const next = await paidBooking(stack);
    await completeBooking(stack, next.id);
    const run = await schedulePayout();
    expect(run.transfers).toEqual([
      expect.objectContaining({ bookingId: next.id, outcome: 'transferred', amountCents: 11_040 - 5_520, debtRecoveredCents: 5_520 }),
    ]);
    const transfers = await transfersOf(next.id);
    expect(transfers.map((x) => x.amount)).toEqual([5_520]);
    expect(await providerDebt(stack)).toBe(0);
    const stored = await storedBooking(stack, next.id);
    expect(stored).toMatchObject({ status: 'PAID_OUT', providerDebtRecoveredCents: 5_520, transferId: transfers[0]!.id });
    expect(await lineTypes(next.id)).toEqual(
      expect.arrayContaining([
        ['TRANSFER', 5_520],
        ['PROVIDER_DEBT', -5_520],
      ]),
    );
    const { flow } = await expectLedgerAgreesWithStripe(stack, next.id);
    expect(flow).toMatchObject({ providerNetCents: 11_040, transferredCents: 5_520, providerDebtCents: -5_520 });
    const profile = await repo.userProfile(stack.deps, next.providerId);
    expect(profile?.providerDebtNettingBookingId).toBeUndefined();
    // The earlier booking still balances (its debt line stays: the −line is on the booking that recovered it).
    await expectLedgerAgreesWithStripe(stack, first);
    const earnings = await payoutCall<CalculateEarningsResponse>(stack, 'CALCULATE_EARNINGS', {}, t.provider);
    expect(earnings.body.outstandingDebtCents).toBe(0);
  });
});

describe('a full refund after the payout', () => {
  it('moves the PAID_OUT booking to REFUNDED; what the balance cannot cover is debt again', async () => {
    expect(await availableOf(stack, account)).toBe(0); // the last run paid the 5 520 out
    const res = await refundCall<ProcessRefundResult>(
      stack,
      'PROCESS_REFUND',
      { bookingId: first, refundAmount: 6_000, reason: 'the rest', requestId: 'debt-rest-1' },
      t.admin,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.refund).toMatchObject({ refundCents: 6_000, platformFeeRefundCents: 480, debtCents: 5_520 });
    expect(res.body.booking).toMatchObject({ status: 'REFUNDED', refundedCents: 12_000, refundableCents: 0 });
    const { flow } = await expectLedgerAgreesWithStripe(stack, first);
    expect(flow).toMatchObject({ refundedCents: 12_000, platformNetCents: 0, providerNetCents: 0, providerDebtCents: 11_040 });
    expect(await providerDebt(stack)).toBe(5_520);
    // Nothing more to refund on a REFUNDED booking.
    const again = await refundCall(
      stack,
      'PROCESS_REFUND',
      { bookingId: first, refundAmount: 1, reason: 'one more', requestId: 'debt-more-1' },
      t.admin,
    );
    expect(again).toMatchObject({ status: 400, body: { code: 'NOT_REFUNDABLE' } });
  });
});

describe('two payout runs at the same time', () => {
  it('net the debt once: one −line, the transfers short by exactly the debt, the profile debt 0', async () => {
    const a = await paidBooking(stack);
    const b = await paidBooking(stack);
    await completeBooking(stack, a.id);
    await completeBooking(stack, b.id);
    const debt = await providerDebt(stack);
    expect(debt).toBe(5_520);
    const runs = await Promise.all([
      payoutCall<SchedulePayoutResponse>(stack, 'SCHEDULE_PAYOUT', {}, t.provider),
      payoutCall<SchedulePayoutResponse>(stack, 'SCHEDULE_PAYOUT', { providerId: PROVIDER.userId }, t.admin),
    ]);
    for (const r of runs) expect(r.status, JSON.stringify(r.body)).toBe(200);
    const transferred = runs.flatMap((r) => r.body.transfers).filter((x) => x.outcome === 'transferred');
    expect(transferred.map((x) => x.bookingId).sort()).toEqual([a.id, b.id].sort());

    const made = [...(await transfersOf(a.id)), ...(await transfersOf(b.id))];
    expect(made).toHaveLength(2);
    expect(made.reduce((s, x) => s + x.amount, 0)).toBe(2 * 11_040 - debt);
    expect(await providerDebt(stack)).toBe(0);
    const lines = [...(await repo.ledgerOfBooking(stack.deps, a.id)), ...(await repo.ledgerOfBooking(stack.deps, b.id))];
    expect(lines.filter((l) => l.type === 'PROVIDER_DEBT').map((l) => l.amountCents)).toEqual([-debt]);
    for (const id of [a.id, b.id]) {
      expect((await storedBooking(stack, id)).status).toBe('PAID_OUT');
      await expectLedgerAgreesWithStripe(stack, id);
    }
  });

  it('over the provider’s whole ledger: transfers − reversals − debt = what the provider keeps, and agrees with the emulator', async () => {
    const ids = new Set<string>();
    const all = await stack.deps.stripe.transfers.list({ destination: account, limit: 100 });
    for (const tr of all.data) if (tr.transfer_group) ids.add(tr.transfer_group);
    let ledgerNet = 0;
    let debt = 0;
    let providerNet = 0;
    for (const id of ids) {
      const flow = bookingMoneyFlow(await repo.ledgerOfBooking(stack.deps, id));
      expect(flow.balanced).toBe(true);
      ledgerNet += flow.transferredCents - flow.transferReversedCents;
      debt += flow.providerDebtCents;
      providerNet += flow.providerNetCents;
    }
    const stripeNet = all.data.reduce((s, tr) => s + tr.amount - tr.amount_reversed, 0);
    expect(ledgerNet).toBe(stripeNet);
    expect(debt).toBe(await providerDebt(stack));
    expect(ledgerNet - debt).toBe(providerNet);
  });
});
