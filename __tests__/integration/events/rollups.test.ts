/**
 * The rollups on DynamoDB Local: flows through the production functions (a paid booking with a partial refund, a
 * decline then a retry, a decline left alone), with Stripe's webhooks delivered twice and every stored event handed
 * to the rollups consumer again and replayed; the live rollups count each fact once, and a rebuild from the ledger,
 * the bookings and the stored events equals them; the dashboard read from them equals the one computed from the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasReceipt } from '../../../lib/data/consumer-writes';
import { eventsOfMonth, toDomainEvent } from '../../../lib/data/outbox';
import { readCategoryRollups, readDailyRollups, readProviderRollups, rollupIncrementItem } from '../../../lib/data/rollups';
import { transactWrite } from '../../../lib/data/transact';
import { consumeEvent, consumerNamed } from '../../../lib/services/event-consumers';
import { replayEvents } from '../../../lib/services/event-replay';
import { adminMetricsReport, ledgerMetricsReport } from '../../../lib/services/metrics';
import { rebuildRollups } from '../../../lib/services/rollup-rebuild';
import { PORTRAIT, PROVIDER, paidBooking, refundCall, tokens } from '../refunds/support';
import { confirmLikeStripeJs, firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';

const rollups = consumerNamed('rollups')!;
const today = () => new Date().toISOString().slice(0, 10);

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('rollups');
  stack.emulator.emulator.queue.setFaults({ duplicateRate: 1, shuffleRate: 0, maxDelayMs: 0, seed: 7 });
});
afterAll(async () => stack?.close());

async function declinedBooking(card: string, skip: number) {
  const slot = await firstFreeSlot(stack, PORTRAIT, skip);
  const created = await stack.booking<{ bookingId: string; clientSecret: string }>(
    'CREATE_BOOKING',
    { serviceId: PORTRAIT, startDateTime: slot.startDateTime, endDateTime: slot.endDateTime, groupSize: 1 },
    stack.customerToken,
  );
  expect(created.status).toBe(200);
  expect((await confirmLikeStripeJs(stack.emulator.url, created.body.clientSecret, card)).status).toBe(402);
  await stack.emulator.flushWebhooks();
  return created.body;
}

const live = async () => ({
  platform: await readDailyRollups(stack.deps, today(), today()),
  provider: await readProviderRollups(stack.deps, PROVIDER.userId, today(), today()),
  categories: await readCategoryRollups(stack.deps, today(), today()),
});

describe('rollups under duplicate deliveries, replays and a rebuild', () => {
  it('counts each fact once, and the rebuild equals the live rollups', async () => {
    const { admin } = tokens(stack);
    const paid = await paidBooking(stack);
    const refund = await refundCall(
      stack,
      'PROCESS_REFUND',
      { bookingId: paid.id, refundAmount: 2_500, reason: 'late arrival', requestId: 'req-rollups-1' },
      admin,
    );
    expect(refund.status).toBe(200);
    const retried = await declinedBooking('4000000000000002', 7);
    expect((await confirmLikeStripeJs(stack.emulator.url, retried.clientSecret, '4242424242424242')).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    await declinedBooking('4000000000009995', 9);
    await stack.events.drained();
    // every webhook was delivered twice (the emulator's fault), and the duplicates were answered as such
    expect(stack.deliveries.some((d) => d.response.body.includes('duplicate'))).toBe(true);

    const before = await live();
    const usd = before.platform.find((r) => r.currency === 'usd')!;
    // two paid bookings of $120.00 (8% fee), one refunded $25.00 (fee refund 8% of it); three requests; two declines
    expect(usd).toMatchObject({
      day: today(),
      bookings: 3,
      chargedCents: 24_000,
      charges: 2,
      feesCents: 1_920,
      feeRefundsCents: 200,
      refundedCents: 2_500,
      paymentAttempts: 4,
      paymentFailures: 2,
      disputes: 0,
    });
    expect(before.provider).toEqual(before.platform); // every booking here is the one provider's
    // every booking here is of the portrait service's category: its charges and its refund
    expect(before.categories).toHaveLength(1);
    expect(before.categories[0]).toMatchObject({ currency: 'usd', chargedCents: 24_000, refundedCents: 2_500, bookings: 0 });

    // every stored event handed to the consumer again: each that counted finds its receipt (an event that adds
    // nothing, such as a TRANSFER line, has no receipt and is applied as nothing again)
    const stored = (await eventsOfMonth(stack.deps, today().slice(0, 7))).map(toDomainEvent);
    const counted = await Promise.all(stored.map((event) => hasReceipt(stack.deps, 'rollups', event.id)));
    // 3 requests, 4 payment outcomes, 6 money lines (2 charges, 2 fees, a refund and its fee refund)
    expect(counted.filter(Boolean).length).toBe(13);
    const outcomes = await Promise.all(stored.map((event) => consumeEvent(stack.deps, rollups, event)));
    expect(outcomes.filter((_, i) => counted[i])).toEqual(counted.filter(Boolean).map(() => 'duplicate'));
    // and a replay of the whole day
    await replayEvents(stack.deps, { from: new Date(`${today()}T00:00:00Z`), consumers: [rollups] });
    expect(await live()).toEqual(before);

    // the rebuild recomputes the same numbers (into one shard per day), and running it again changes nothing
    const rebuilt = await rebuildRollups(stack.deps);
    expect(rebuilt.lines).toBeGreaterThan(0);
    expect(await live()).toEqual(before);
    await rebuildRollups(stack.deps);
    expect(await live()).toEqual(before);

    // the dashboard reads them, and agrees with the report computed from the range's ledger lines and bookings
    const metrics = await refundCall<{ days: { day: string; chargedCents: number; commissionCents: number; bookings: number }[] }>(
      stack,
      'ADMIN_METRICS',
      { days: 2 },
      admin,
    );
    expect(metrics.body.days.at(-1)).toMatchObject({ day: today(), chargedCents: 24_000, commissionCents: 1_720, bookings: 3 });
    const range = { from: today(), to: today() };
    const [fromRollups, fromLedger] = [await adminMetricsReport(stack.deps, range), await ledgerMetricsReport(stack.deps, range)];
    // payments differ by design: the rollups count outcomes (a decline, its paid retry, a paid booking, a decline left
    // alone), the ledger's report each booking's last status (2 paid, 1 failed)
    expect(fromRollups.summary).toMatchObject({ paymentsSucceeded: 2, paymentsFailed: 2, paymentSuccessRateBps: 5_000 });
    expect(fromLedger.summary).toMatchObject({ paymentsSucceeded: 2, paymentsFailed: 1 });
    const samePayments = (r: typeof fromRollups) => ({
      ...r,
      summary: { ...r.summary, paymentsSucceeded: 0, paymentsFailed: 0, paymentSuccessRateBps: 0 },
    });
    expect(samePayments(fromRollups)).toEqual(samePayments(fromLedger));
    expect(fromRollups.summary).toMatchObject({ charges: 2, averageTransactionCents: 12_000, refundRateBps: 1_042, bookings: 3 });
    expect(fromRollups.summary.refundRateByCategory).toEqual([
      expect.objectContaining({ chargedCents: 24_000, refundedCents: 2_500, refundRateBps: 1_042 }),
    ]);
  });

  it('a rebuild on an empty window leaves nothing, and a rebuild removes a stray rollup the facts do not support', async () => {
    const { admin } = tokens(stack);
    expect(await readDailyRollups(stack.deps, '2001-01-01', '2001-01-31')).toEqual([]);
    const stray = rollupIncrementItem(
      stack.deps,
      { scope: 'platform', day: '2001-01-05', currency: 'usd', shard: 2 },
      { bookings: 5 },
      new Date(),
    )!;
    await transactWrite(stack.deps, [stray]);
    expect(await readDailyRollups(stack.deps, '2001-01-01', '2001-01-31')).toHaveLength(1);
    await rebuildRollups(stack.deps);
    expect(await readDailyRollups(stack.deps, '2001-01-01', '2001-01-31')).toEqual([]);
    expect((await refundCall(stack, 'ADMIN_METRICS', { days: 1 }, admin)).status).toBe(200);
  });
});
