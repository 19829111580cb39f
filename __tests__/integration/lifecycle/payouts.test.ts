/**
 * payout-manager against the emulator: transfers once per booking however runs overlap, the ledger agrees with
 * Stripe's charge and transfer to the cent, payouts (scheduled, instant), a failed payout returns the money, and
 * duplicate webhook deliveries change nothing.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingMoneyFlow } from '../../../lib/domain/ledger';
import type {
  CalculateEarningsResponse,
  InstantPayoutResponse,
  PayoutHistoryResponse,
  SchedulePayoutResponse,
} from '../../../lib/http/payout-manager';
import { completeDueBookings } from '../../../lib/services/booking-lifecycle';
import { paidBooking, PORTRAIT, PROVIDER, startLifecycleStack, YOGA, type CreatedBooking, type LifecycleStack } from '../support/lifecycle';

let stack: LifecycleStack;
let accountId: string;
const bookings: CreatedBooking[] = [];

beforeAll(async () => {
  stack = await startLifecycleStack('payouts');
  accountId = stack.seed.providerAccountId;
  for (let i = 0; i < 3; i++) bookings.push(await paidBooking(stack, i === 2 ? YOGA : PORTRAIT, i));
  const lastEnd = Math.max(...bookings.map((b) => Date.parse(b.slot.endDateTime)));
  stack.setClockOffset(lastEnd + 3 * 3_600_000 - Date.now());
  await completeDueBookings(stack.deps);
});
afterAll(async () => stack?.close());

const transfersOf = async (bookingId: string) => (await stack.deps.stripe.transfers.list({ transfer_group: bookingId, limit: 100 })).data;

describe('CALCULATE_EARNINGS', () => {
  it('answers the spec shape in minor units; providers see only their own, admins anyone’s', async () => {
    const res = await stack.payouts<CalculateEarningsResponse>('CALCULATE_EARNINGS', {}, stack.providerToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      providerId: PROVIDER.userId,
      currency: 'usd',
      bookingCount: 3,
      pendingCents: 0,
      paidOutCents: 0,
      minimumPayoutCents: 1_000,
    });
    // 11 040 + 11 040 + yoga 4 550 → 4 186
    expect(res.body.totalEarningsCents).toBe(11_040 + 11_040 + 4_186);
    expect(res.body.eligibleBookings.map((e) => e.bookingId).sort()).toEqual(bookings.map((b) => b.bookingId).sort());
    expect(res.body.availableCents).toBe(0);

    const forbidden = await stack.payouts('CALCULATE_EARNINGS', { providerId: 'user_demo_customer' }, stack.providerToken);
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const customer = await stack.payouts('CALCULATE_EARNINGS', {}, stack.customerToken);
    expect(customer).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const admin = await stack.payouts<CalculateEarningsResponse>('CALCULATE_EARNINGS', { providerId: PROVIDER.userId }, stack.adminToken);
    expect(admin.body.totalEarningsCents).toBe(res.body.totalEarningsCents);
    expect((await stack.payouts('CALCULATE_EARNINGS', {})).status).toBe(401);
  });
});

describe('SCHEDULE_PAYOUT', () => {
  it('run twice at the same time, moves each booking’s share once; the ledger agrees with Stripe to the cent', async () => {
    const [a, b] = await Promise.all([
      stack.payouts<SchedulePayoutResponse>('SCHEDULE_PAYOUT', {}, stack.providerToken),
      stack.payouts<SchedulePayoutResponse>('SCHEDULE_PAYOUT', { providerId: PROVIDER.userId }, stack.adminToken),
    ]);
    expect([a, b].map((r) => (r.status === 200 ? 200 : JSON.stringify(r.body)))).toEqual([200, 200]);
    const transferred = [...a.body.transfers, ...b.body.transfers].filter((t) => t.outcome === 'transferred');
    expect(transferred.map((t) => t.bookingId).sort()).toEqual(bookings.map((x) => x.bookingId).sort());
    await stack.emulator.flushWebhooks();

    for (const { bookingId } of bookings) {
      const booking = await stack.storedBooking(bookingId);
      expect(booking.status).toBe('PAID_OUT');
      expect(booking.payoutClaimId).toBeUndefined();
      const transfers = await transfersOf(bookingId);
      expect(transfers).toHaveLength(1);
      const transfer = transfers[0]!;
      expect(transfer).toMatchObject({
        amount: booking.providerEarningsCents,
        destination: accountId,
        source_transaction: booking.chargeId,
        transfer_group: bookingId,
      });
      expect(booking.transferId).toBe(transfer.id);

      const charge = await stack.deps.stripe.charges.retrieve(booking.chargeId!);
      const lines = await stack.ledger(bookingId);
      expect(lines.map((l) => l.type).sort()).toEqual(['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING', 'TRANSFER']);
      const r = bookingMoneyFlow(lines);
      expect(r).toMatchObject({
        balanced: true,
        transfersBalanced: true,
        chargedCents: charge.amount_captured,
        transferredCents: transfer.amount,
      });
      expect(r.platformNetCents + r.transferredCents).toBe(charge.amount);
      expect(lines.find((l) => l.type === 'TRANSFER')?.stripeObjectId).toBe(transfer.id);
      expect(lines.find((l) => l.type === 'CHARGE')?.stripeObjectId).toBe(charge.id);
    }

    // A third run finds nothing left to transfer; funds are still pending (2 days), so no payout yet.
    const third = await stack.payouts<SchedulePayoutResponse>('SCHEDULE_PAYOUT', {}, stack.providerToken);
    expect(third.body.transfers).toEqual([]);
    expect(third.body.payouts).toEqual([]);
    expect(third.body.skipped).toContainEqual(expect.objectContaining({ reason: 'FUNDS_PENDING', pendingCents: 26_266 }));
    for (const { bookingId } of bookings) expect(await transfersOf(bookingId)).toHaveLength(1);
  });

  it('the scheduled event (no token) pays out once funds are available; the payout is recorded once and listed', async () => {
    await stack.emulator.advanceClock(2 * 86_400 + 60);
    const scheduled = {
      version: '0',
      id: 'exec-1',
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      time: new Date().toISOString(),
      resources: [],
      detail: {},
    };
    const [r1, r2] = await Promise.all([stack.payoutManager(scheduled as never), stack.payoutManager(scheduled as never)]);
    expect([r1.statusCode, r2.statusCode]).toEqual([200, 200]);
    await stack.emulator.flushWebhooks();
    const payouts = await stack.deps.stripe.payouts.list({ limit: 100 }, { stripeAccount: accountId });
    expect(payouts.data).toHaveLength(1);
    const po = payouts.data[0]!;
    expect(po.amount).toBe(26_266);
    const record = await stack.storedPayout(po.id);
    expect(record).toMatchObject({ providerId: PROVIDER.userId, amountCents: 26_266, status: 'pending', method: 'standard' });
    const account = await stack.ledger(`provider:${PROVIDER.userId}`);
    expect(account.filter((l) => l.type === 'PAYOUT')).toMatchObject([{ amountCents: 26_266, stripeObjectId: po.id }]);

    const history = await stack.payouts<PayoutHistoryResponse>('GET_PAYOUT_HISTORY', {}, stack.providerToken);
    expect(history.body.payouts.map((p) => p.id)).toEqual([po.id]);

    // Paid a day later (payout.paid webhook).
    await stack.emulator.advanceClock(86_400 + 60);
    await stack.emulator.flushWebhooks();
    expect((await stack.storedPayout(po.id))?.status).toBe('paid');
  });
});

describe('payout failures and webhooks', () => {
  let failedPayoutId: string;

  it('a failed payout returns the money to the available earnings and shows the reason', async () => {
    const extra = await paidBooking(stack, PORTRAIT, 5, '4000000000000077'); // funds available at once
    stack.setClockOffset(Date.parse(extra.slot.endDateTime) + 3 * 3_600_000 - Date.now());
    await completeDueBookings(stack.deps);
    await stack.helper(`accounts/${accountId}/payout_failure`, { failure_code: 'account_closed' });
    const run = await stack.payouts<SchedulePayoutResponse>('SCHEDULE_PAYOUT', {}, stack.providerToken);
    expect(run.body.payouts).toHaveLength(1);
    failedPayoutId = run.body.payouts[0]!.id;
    await stack.emulator.advanceClock(86_400 + 60);
    await stack.emulator.flushWebhooks();
    await stack.helper(`accounts/${accountId}/payout_failure`, { failure_code: '' });

    const record = await stack.storedPayout(failedPayoutId);
    expect(record).toMatchObject({ status: 'failed', failureCode: 'account_closed' });
    expect(record?.failureMessage).toMatch(/closed/);
    const earnings = await stack.payouts<CalculateEarningsResponse>('CALCULATE_EARNINGS', {}, stack.providerToken);
    expect(earnings.body.availableCents).toBe(11_040);
    const account = await stack.ledger(`provider:${PROVIDER.userId}`);
    const returned = account.filter((l) => l.type === 'PAYOUT_FAILED');
    expect(returned).toMatchObject([
      { id: `provider:${PROVIDER.userId}#PAYOUT_FAILED#${failedPayoutId}`, amountCents: 11_040, stripeObjectId: failedPayoutId },
    ]);
    const history = await stack.payouts<PayoutHistoryResponse>('GET_PAYOUT_HISTORY', { limit: 1 }, stack.providerToken);
    expect(history.body.payouts[0]).toMatchObject({ id: failedPayoutId, status: 'failed', failureCode: 'account_closed' });
    expect(history.body.nextCursor).toBeTruthy();
    const older = await stack.payouts<PayoutHistoryResponse>(
      'GET_PAYOUT_HISTORY',
      { limit: 1, cursor: history.body.nextCursor },
      stack.providerToken,
    );
    expect(older.body.payouts).toHaveLength(1);
    expect(older.body.payouts[0]!.id).not.toBe(failedPayoutId);
  });

  it('duplicate (and re-sent) transfer and payout events change nothing', async () => {
    const events = await stack.deps.stripe.events.list({ limit: 100 });
    const connected = await stack.deps.stripe.events.list({ limit: 100 }, { stripeAccount: accountId });
    const picked = [
      ...events.data.filter((e) => e.type === 'transfer.created'),
      ...connected.data.filter((e) => e.type.startsWith('payout.')),
    ] as Stripe.Event[];
    expect(picked.length).toBeGreaterThanOrEqual(5);
    const snapshot = async () => ({
      bookings: await Promise.all(bookings.map((b) => stack.storedBooking(b.bookingId))),
      payout: await stack.storedPayout(failedPayoutId),
      account: (await stack.ledger(`provider:${PROVIDER.userId}`)).map((l) => l.id).sort(),
      lines: (await Promise.all(bookings.map((b) => stack.ledger(b.bookingId)))).map((ls) => ls.map((l) => l.id).sort()),
    });
    const before = await snapshot();
    for (const event of picked) {
      expect((await stack.deliver(event)).body.outcome).toBe('duplicate');
      const resent = await stack.deliver({ ...event, id: `${event.id}_resent` });
      expect(resent.status).toBe(200);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('INSTANT_PAYOUT', () => {
  it('shows eligibility and the fee before confirming, then pays out the net once', async () => {
    const preview = await stack.payouts<InstantPayoutResponse>('INSTANT_PAYOUT', { preview: true }, stack.providerToken);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      preview: true,
      method: 'instant',
      quote: { eligible: true, availableCents: 11_040, feeCents: 166, netCents: 10_874 },
    });
    const stale = await stack.payouts('INSTANT_PAYOUT', { requestId: 'instant-req-0001', acceptedFeeCents: 99 }, stack.providerToken);
    expect(stale).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    const [a, b] = await Promise.all([
      stack.payouts<InstantPayoutResponse>('INSTANT_PAYOUT', { requestId: 'instant-req-0002', acceptedFeeCents: 166 }, stack.providerToken),
      stack.payouts<InstantPayoutResponse>('INSTANT_PAYOUT', { requestId: 'instant-req-0002', acceptedFeeCents: 166 }, stack.providerToken),
    ]);
    expect([a, b].map((r) => (r.status === 200 ? 200 : JSON.stringify(r.body)))).toEqual([200, 200]);
    if (a.body.preview || b.body.preview) throw new Error('expected payouts');
    expect(a.body.payout.id).toBe(b.body.payout.id);
    expect(a.body.payout).toMatchObject({ amountCents: 10_874, method: 'instant', feeCents: 166 });
    await stack.emulator.flushWebhooks();
    expect(await stack.storedPayout(a.body.payout.id)).toMatchObject({ method: 'instant', feeCents: 166, amountCents: 10_874 });
    const after = await stack.payouts<InstantPayoutResponse>('INSTANT_PAYOUT', { preview: true }, stack.providerToken);
    expect(after.body.quote).toMatchObject({ eligible: false, reason: 'BELOW_MINIMUM', availableCents: 166 });
    const refused = await stack.payouts('INSTANT_PAYOUT', { requestId: 'instant-req-0003' }, stack.providerToken);
    expect(refused).toMatchObject({ status: 400, body: { code: 'INSUFFICIENT_EARNINGS' } });
  });
});
