/**
 * The metrics service over seeded data (the demo catalogue, DynamoDB Local, the Stripe emulator): ADMIN_METRICS's key
 * metrics for a range agree to the cent with the bookings, charges and refunds made here; a range is validated (4xx,
 * never a 500); asking again answers the same; the report read from the rollups (kept by the event consumers, so the
 * stream is drained before asking) equals the one computed from the ledger lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminMetricsReport } from '../../../lib/http/refund-processor';
import type { CalculateEarningsResponse } from '../../../lib/http/payout-manager';
import { adminMetricsReport, ledgerMetricsReport, rollupMetricsSource, type MetricsSource } from '../../../lib/services/metrics';
import { startTestStack, type TestStack } from '../support/local-stack';
import { CLEANING, paidBooking, payoutCall, refundCall, tokens } from '../refunds/support';

let stack: TestStack;
let t: ReturnType<typeof tokens>;
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startTestStack('metrics-service');
  t = tokens(stack);
  // Two paid bookings of two categories ($120.00 portrait, and the cleaning service); $25.00 of the first refunded.
  const portrait = await paidBooking(stack);
  await paidBooking(stack, CLEANING);
  const refunded = await refundCall(
    stack,
    'PROCESS_REFUND',
    { bookingId: portrait.id, refundAmount: 2_500, reason: 'partial', requestId: 'req-metrics' },
    t.admin,
  );
  expect(refunded.status).toBe(200);
  // the dashboard reads the rollups, which the domain events' consumers keep
  await stack.events.drained();
});
afterAll(async () => stack?.close());

const metrics = (payload: object, token = t.admin) =>
  refundCall<AdminMetricsReport & { code?: string }>(stack, 'ADMIN_METRICS', payload, token);

describe('ADMIN_METRICS over the seeded data', () => {
  it('the key metrics of today agree with the charges and refunds made, to the cent', async () => {
    const res = await metrics({ from: today(), to: today() });
    expect(res.status).toBe(200);
    const { summary } = res.body;
    const cleaningCharge = summary.chargedCents - 12_000;
    expect(cleaningCharge).toBeGreaterThan(0);
    expect(summary).toMatchObject({
      currency: 'usd',
      range: { from: today(), to: today() },
      charges: 2,
      paymentsSucceeded: 2,
      paymentsFailed: 0,
      paymentSuccessRateBps: 10_000,
      averageTransactionCents: Math.round((12_000 + cleaningCharge) / 2),
      refundedCents: 2_500,
      refundRateBps: Math.round((2_500 * 10_000) / (12_000 + cleaningCharge)),
      // 8% of each charge, less the fee part of the refund (8% of 25.00).
      commissionCents: 960 + Math.round(cleaningCharge * 0.08) - 200,
      bookings: 2,
    });
    const portraitRow = summary.refundRateByCategory.find((r) => r.chargedCents === 12_000);
    expect(portraitRow).toMatchObject({ refundedCents: 2_500, refundRateBps: 2_083 });
    expect(summary.refundRateByCategory).toHaveLength(2);
    // The demo provider finished onboarding.
    expect(summary.onboarding).toMatchObject({ completed: 1, started: 1, completionRateBps: 10_000 });
    // The existing per-day series stays as it was.
    expect(res.body.days).toHaveLength(1);
    expect(res.body.days[0]).toMatchObject({ day: today(), refundedCents: 2_500, bookings: 2, commissionCents: summary.commissionCents });
  });

  it('asked again (a reload), the same answer; `days` still works', async () => {
    const [a, b] = await Promise.all([metrics({ from: today(), to: today() }), metrics({ from: today(), to: today() })]);
    expect(a.body).toEqual(b.body);
    const week = await metrics({ days: 7 });
    expect(week.body.days).toHaveLength(7);
    expect(week.body.summary.chargedCents).toBe(a.body.summary.chargedCents);
  });

  it('a range before anything happened is zeros, another currency is empty; bad ranges are 400s', async () => {
    const before = await metrics({ from: '2020-01-01', to: '2020-01-31' });
    expect(before.body.summary).toMatchObject({ charges: 0, averageTransactionCents: 0, refundRateBps: 0, bookings: 0 });
    expect(before.body.days).toHaveLength(31);
    expect((await metrics({ from: today(), to: today(), currency: 'eur' })).body.summary.chargedCents).toBe(0);
    expect(await metrics({ from: '2026-12-10', to: '2026-12-01' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await metrics({ from: '2020-01-01', to: '2022-01-01' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await metrics({ from: 'yesterday' })).status).toBe(400);
    expect((await metrics({}, t.customer)).status).toBe(403);
  });

  it('the rollups give the report the ledger lines give; the storage is a port', async () => {
    const range = { from: today(), to: today() };
    const fromRollups = await adminMetricsReport(stack.deps, range);
    expect(fromRollups.summary.charges).toBe(2);
    expect(fromRollups).toEqual(await ledgerMetricsReport(stack.deps, range));
    const real = rollupMetricsSource(stack.deps);
    const [platform, categories, providers] = await Promise.all([
      real.dailyRollups(range),
      real.categoryRollups(range),
      real.providerOnboarding(),
    ]);
    const snapshot: MetricsSource = {
      dailyRollups: async () => platform,
      categoryRollups: async () => categories,
      providerOnboarding: async () => providers,
    };
    expect(await adminMetricsReport(stack.deps, range, 'usd', snapshot)).toEqual(fromRollups);
  });
});

describe("the provider's earnings chart (CALCULATE_EARNINGS with a range)", () => {
  it('answers the series per day of the range asked for, and 400 for a bad one', async () => {
    const res = await payoutCall<CalculateEarningsResponse>(
      stack,
      'CALCULATE_EARNINGS',
      { from: '2026-01-01', to: '2026-01-10' },
      t.provider,
    );
    expect(res.status).toBe(200);
    expect(res.body.earningsRange).toEqual({ from: '2026-01-01', to: '2026-01-10' });
    expect(res.body.earningsByDay).toHaveLength(10);
    const byDefault = await payoutCall<CalculateEarningsResponse>(stack, 'CALCULATE_EARNINGS', {}, t.provider);
    expect(byDefault.body.earningsByDay).toHaveLength(30);
    expect(byDefault.body.earningsByDay.at(-1)?.day).toBe(today());
    expect((await payoutCall(stack, 'CALCULATE_EARNINGS', { from: '2026-02-01', to: '2026-01-01' }, t.provider)).status).toBe(400);
  });
});
