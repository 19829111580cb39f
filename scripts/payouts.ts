/**
 * `npm run payouts`: the scheduled run once, against the local stack of `npm run dev` (DynamoDB Local and the Stripe
 * emulator at the endpoints of lib/local/runtime.ts localEnv(): DYNAMODB_ENDPOINT, STRIPE_API_BASE, …). The same code
 * payout-manager runs on its daily EventBridge schedule: expire unpaid holds, complete ended bookings, transfer the
 * providers' earnings and pay out their available balances.
 */
import { localDeps, localEnv } from '../lib/local/runtime';
import { runScheduledWork } from '../lib/services/payouts';

async function main(): Promise<void> {
  const env = localEnv();
  console.log(`payouts: DynamoDB ${env.DYNAMODB_ENDPOINT} (tables *-${env.TABLE_SUFFIX}), Stripe ${env.STRIPE_API_BASE}`);
  const started = Date.now();
  const summary = await runScheduledWork(localDeps(env), { progress: (line) => console.log(line) });
  console.log(`done in ${Date.now() - started} ms (run ${summary.runId})`);
  const errors = summary.expiry.failed + summary.completion.failed + summary.payouts.errors + summary.payouts.transferFailures;
  if (errors > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`payouts failed: ${err instanceof Error ? err.message : String(err)}`);
  if (/ECONNREFUSED|connect/i.test(String(err))) console.error('Is the local stack running? Start it with `npm run dev`.');
  process.exit(1);
});
