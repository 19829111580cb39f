/**
 * `npm run chaos` (not part of `npm test`): the app under faults, on its own local stack (in-memory DynamoDB Local,
 * Stripe emulators with their fault knobs, the production handlers):
 * 1. CHAOS_BOOKINGS (200) bookings paid, partly and fully refunded, cancelled, completed, transferred, paid out,
 *    refunded after the payout and disputed, with CHAOS_FAULT_RATE (20%) of Stripe calls failing;
 * 2. CHAOS_WEBHOOK_BOOKINGS (60) more confirmed by webhooks alone, delivered with 30% duplicates, shuffled, delayed,
 *    and for CHAOS_KILL_RATE (10%) of deliveries the answer lost after the commit (Stripe's retry delivers again);
 * 3. fast-check fuzzing of every action's request (CHAOS_FUZZ_CASES, 10 000) and the access matrix.
 * Prints the defect figures and exits 1 unless all are 0.
 */
import os from 'node:os';
import { localTableNames } from '../lib/data/tables';
import { createDynamoClients, startDynamoDbLocal } from '../lib/local/dynamodb';
import { ensureTables } from '../lib/local/tables';
import { moneyFigures, type MoneyActivity, type MoneyFigures } from './chaos/figures';
import { accessMatrix, fuzzActions } from './chaos/fuzz';
import { runMoneyScenario, settle } from './chaos/money';
import { startChaosStack } from './chaos/stack';

const BOOKINGS = Number(process.env.CHAOS_BOOKINGS ?? 200);
const WEBHOOK_BOOKINGS = Number(process.env.CHAOS_WEBHOOK_BOOKINGS ?? 60);
const FAULT_RATE = Number(process.env.CHAOS_FAULT_RATE ?? 0.2);
const KILL_RATE = Number(process.env.CHAOS_KILL_RATE ?? 0.1);
const FUZZ_CASES = Number(process.env.CHAOS_FUZZ_CASES ?? 10_000);
const say = (line: string) => console.log(`[chaos] ${line}`);

async function main(): Promise<void> {
  const started = Date.now();
  say('starting DynamoDB Local (in memory)…');
  const dynamo = await startDynamoDbLocal({ inMemory: true });
  const { client } = createDynamoClients(dynamo.endpoint);
  const figures: Record<string, string[]> = {};
  const add = (prefix: string, { figures: f, activity }: { figures: MoneyFigures; activity: MoneyActivity }) => {
    say(
      `  at Stripe: ${Object.entries(activity)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    );
    for (const [k, v] of Object.entries(f) as [string, string[]][])
      figures[k] = [...(figures[k] ?? []), ...v.map((x) => `${prefix}: ${x}`)];
  };
  try {
    // 1. Stripe failing
    const tablesA = localTableNames('chaos-faults');
    await ensureTables(client, tablesA);
    const a = await startChaosStack({ dynamoEndpoint: dynamo.endpoint, tables: tablesA, seed: 1 });
    a.emulator.faults.setRate({ rate: FAULT_RATE, kinds: ['http_500', 'http_429', 'reset', 'timeout'], phase: 'either', seed: 1 });
    say(`scenario 1: ${BOOKINGS} bookings with ${FAULT_RATE * 100}% of Stripe calls failing…`);
    const one = await runMoneyScenario(a, { bookings: BOOKINGS, confirmByRequest: true, say });
    const injected = a.emulator.faults.stats;
    await settle(a);
    add(
      'Stripe failing',
      await moneyFigures(
        a,
        one.planned.map((p) => p.bookingId),
      ),
    );
    say(
      `  ${one.stats.bookings} bookings; Stripe calls ${injected.requests}, failed: 500 ${injected.http_500}, 429 ${injected.http_429}, reset ${injected.reset}, timeout ${injected.timeout}; 5xx/429 answers retried ${one.stats.providerErrors}, given up ${one.stats.gaveUp}`,
    );

    // 3. bad input and access (on the first stack, Stripe healthy again)
    // Back to the present: the sessions were signed at the start, and months on they would answer 401 to everything.
    a.setClockOffset(0);
    say(`fuzzing every action's request (${FUZZ_CASES} cases)…`);
    const fuzz = await fuzzActions(a, FUZZ_CASES);
    figures.serverErrorsOnBadInput = fuzz.serverErrors;
    say(`  ${fuzz.cases} cases`);
    const own = one.planned.find((p) => p.plan === 'payout') ?? one.planned[0];
    say('the access matrix…');
    const access = await accessMatrix(a, own?.bookingId ?? 'bk_none');
    figures.accessViolations = access.violations;
    say(`  ${access.checks} checks`);
    await a.close();

    // 2. webhooks duplicated, shuffled, delayed, answers lost
    const tablesB = localTableNames('chaos-webhooks');
    await ensureTables(client, tablesB);
    const b = await startChaosStack({ dynamoEndpoint: dynamo.endpoint, tables: tablesB, seed: 2 });
    b.emulator.emulator.queue.setFaults({ duplicateRate: 0.3, shuffleRate: 0.3, maxDelayMs: 50, seed: 2 });
    b.setKillRate(KILL_RATE);
    say(
      `scenario 2: ${WEBHOOK_BOOKINGS} bookings confirmed by webhooks (30% duplicates, shuffled, delayed; ${KILL_RATE * 100}% answers lost)…`,
    );
    const two = await runMoneyScenario(b, { bookings: WEBHOOK_BOOKINGS, confirmByRequest: false, say });
    const w = b.emulator.emulator.queue.faultStats;
    const kills = b.kills;
    await settle(b);
    add(
      'webhook faults',
      await moneyFigures(
        b,
        two.planned.map((p) => p.bookingId),
      ),
    );
    say(
      `  ${two.stats.bookings} bookings; deliveries duplicated ${w.duplicated}, shuffled ${w.shuffled}, delayed ${w.delayed}; answers lost after the commit ${kills}`,
    );
    await b.close();
  } finally {
    client.destroy();
    await dynamo.stop();
  }

  const order = [
    ['reconciliationMismatches', 'reconciliation mismatches'],
    ['doubleCharges', 'double charges'],
    ['doubleRefunds', 'double refunds'],
    ['doubleTransfers', 'double transfers'],
    ['doublePayouts', 'double payouts'],
    ['stuckBookings', 'bookings stuck past their deadline'],
    ['serverErrorsOnBadInput', '5xx answers to bad input'],
    ['accessViolations', 'access violations'],
  ] as const;
  console.log('');
  console.log(`| defect | count |\n|---|---|`);
  for (const [key, label] of order) console.log(`| ${label} | ${figures[key]?.length ?? 0} |`);
  console.log('');
  console.log(
    `${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${((Date.now() - started) / 60_000).toFixed(1)} min`,
  );
  const defects = order.flatMap(([key]) => figures[key] ?? []);
  for (const d of defects.slice(0, 40)) console.log(`  - ${d}`);
  if (defects.length > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`chaos failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
