/**
 * `npm run reconcile`: the reconciliation with Stripe once, against the local stack of `npm run dev` (DynamoDB Local and
 * the Stripe emulator at the endpoints of lib/local/runtime.ts localEnv()). The same code as payout-manager's daily
 * `reconcile` step: every booking's ledger against Stripe's objects, payouts per connected account, credit balances
 * against their ledgers; mismatches are stored (the admin page /admin/reconciliation lists them). Exits 1 if any.
 */
import { localDeps, localEnv } from '../lib/local/runtime';
import { reconcileWithStripe } from '../lib/services/reconciliation';

async function main(): Promise<void> {
  const env = localEnv();
  console.log(`reconcile: DynamoDB ${env.DYNAMODB_ENDPOINT} (tables *-${env.TABLE_SUFFIX}), Stripe ${env.STRIPE_API_BASE}`);
  const started = Date.now();
  const summary = await reconcileWithStripe(localDeps(env), { progress: (line) => console.log(line) });
  console.log(
    `done in ${Date.now() - started} ms (run ${summary.runId}): ${summary.bookingsChecked} bookings, ${summary.providersChecked} connected accounts, ${summary.creditAccountsChecked} credit balances checked`,
  );
  if (summary.found > 0 || summary.unchecked > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`reconcile failed: ${err instanceof Error ? err.message : String(err)}`);
  if (/ECONNREFUSED|connect/i.test(String(err))) console.error('Is the local stack running? Start it with `npm run dev`.');
  process.exit(1);
});
