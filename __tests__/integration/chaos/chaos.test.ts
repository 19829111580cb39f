/**
 * The small, fast version of each `npm run chaos` scenario (scripts/chaos.ts), on the file's own tables: the same
 * drivers and figures with a handful of bookings and a few hundred fuzzed requests. Every defect figure must be 0,
 * and the run must have moved real money (charges, refunds, transfers, payouts, disputes) through the
 * faults. After the file, the tables' ledgers must balance and every change have its event (the after-file checks).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { moneyFigures } from '../../../scripts/chaos/figures';
import { accessMatrix, ACTIONS, fuzzActions } from '../../../scripts/chaos/fuzz';
import { runMoneyScenario, settle } from '../../../scripts/chaos/money';
import { startChaosStack, type ChaosStack } from '../../../scripts/chaos/stack';
import { createIsolatedTables, dynamoEndpoint, testDynamoClients } from '../../setup/dynamo';

const stacks: ChaosStack[] = [];
async function stack(label: string, seed: number) {
  const s = await startChaosStack({
    dynamoEndpoint: dynamoEndpoint(),
    tables: await createIsolatedTables(testDynamoClients(), label),
    seed,
  });
  stacks.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(stacks.map((s) => s.close()));
});

const NO_DEFECTS = {
  reconciliationMismatches: [],
  doubleCharges: [],
  doubleRefunds: [],
  doubleTransfers: [],
  doublePayouts: [],
  stuckBookings: [],
};

describe.concurrent('chaos, small', { timeout: 120_000 }, () => {
  it('bookings through pay, refunds, cancel, completion, transfer, payout, refund after payout and dispute, with 20% of Stripe calls failing', async () => {
    const s = await stack('chaos-faults', 1);
    s.emulator.faults.setRate({ rate: 0.2, kinds: ['http_500', 'http_429', 'reset', 'timeout'], phase: 'either', seed: 3 });
    const run = await runMoneyScenario(s, { bookings: 5, confirmByRequest: true });
    const injected = s.emulator.faults.stats;
    expect(injected.http_500 + injected.http_429 + injected.reset + injected.timeout).toBeGreaterThan(0);
    await settle(s);
    const { figures, activity } = await moneyFigures(
      s,
      run.planned.map((p) => p.bookingId),
    );
    expect(figures).toEqual(NO_DEFECTS);
    expect(run.stats.bookings).toBe(5);
    // (a refund after the payout finds the provider's balance paid out: a debt, rarely a reversal)
    for (const moved of ['charges', 'refunds', 'transfers', 'payouts', 'disputes'] as const)
      expect(activity[moved], moved).toBeGreaterThan(0);

    // bad input through the production handlers, and the access matrix, on the same stack (back in the present, where
    // the sessions signed at the start are valid)
    s.setClockOffset(0);
    const fuzz = await fuzzActions(s, 300, 5);
    expect(fuzz.cases).toBeGreaterThanOrEqual(300);
    expect(fuzz.serverErrors).toEqual([]);
    const access = await accessMatrix(s, run.planned.find((p) => p.plan === 'payout')!.bookingId);
    expect(access.checks).toBe(ACTIONS.length * 4 * 3);
    expect(access.violations).toEqual([]);
  });

  it('bookings confirmed by webhooks alone: duplicated, shuffled, delayed, and answers lost after the commit (redelivered)', async () => {
    const s = await stack('chaos-webhooks', 2);
    s.emulator.emulator.queue.setFaults({ duplicateRate: 0.3, shuffleRate: 0.3, maxDelayMs: 30, seed: 4 });
    s.setKillRate(0.2);
    const run = await runMoneyScenario(s, { bookings: 5, confirmByRequest: false });
    const w = s.emulator.emulator.queue.faultStats;
    expect(w.duplicated).toBeGreaterThan(0);
    expect(w.shuffled).toBeGreaterThan(0);
    expect(s.kills).toBeGreaterThan(0);
    await settle(s);
    const { figures, activity } = await moneyFigures(
      s,
      run.planned.map((p) => p.bookingId),
    );
    expect(figures).toEqual(NO_DEFECTS);
    expect(activity.charges).toBe(5);
    expect(activity.disputes).toBeGreaterThan(0);
  });
});
