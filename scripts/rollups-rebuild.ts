/**
 * `npm run rollups:rebuild`: recomputes every rollup from the ledger lines, the bookings and the stored events
 * (lib/services/rollups.ts) and replaces the stored ones. Run it while the events' stream is quiet (an increment
 * committed during the rebuild's scan would be overwritten); `npm run events:replay -- --consumer rollups` afterwards
 * is safe and changes nothing.
 *
 * Local (default): the DynamoDB Local of `npm run dev` (DYNAMODB_ENDPOINT, TABLE_SUFFIX; lib/local/runtime.ts).
 * AWS: set TRANSACTION_TABLE_NAME, BOOKING_TABLE_NAME, DOMAIN_EVENT_TABLE_NAME and ROLLUP_TABLE_NAME (and AWS
 * credentials that may read the first three and write the last, e.g. AWS_PROFILE and AWS_REGION).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localTableNames, TABLES } from '../lib/data/tables';
import { createDynamoClients } from '../lib/local/dynamo-clients';
import { localEnv } from '../lib/local/runtime';
import { systemClock } from '../lib/ports';
import { rebuildRollups } from '../lib/services/rollup-rebuild';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  let where: string;
  let deps: Parameters<typeof rebuildRollups>[0];
  if (process.env[TABLES.Rollup.envVar]) {
    const { grantedTableNames } = await import('../amplify/functions/shared/aws-runtime');
    const tables = grantedTableNames(process.env);
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
    deps = { db, tables, clock: systemClock };
    where = `AWS table ${tables.Rollup}`;
  } else {
    const env = localEnv();
    deps = { db: createDynamoClients(env.DYNAMODB_ENDPOINT).doc, tables: localTableNames(env.TABLE_SUFFIX), clock: systemClock };
    where = `DynamoDB Local ${env.DYNAMODB_ENDPOINT} (tables *-${env.TABLE_SUFFIX})`;
  }
  const started = Date.now();
  console.log(`rebuilding the rollups (${where})`);
  const done = await rebuildRollups(deps);
  console.log(
    `done in ${Date.now() - started} ms: ${done.lines} ledger line(s), ${done.events} counted event(s) → ${done.rows} rollup row(s)`,
  );
}

main().catch((err: unknown) => {
  console.error(`rollups:rebuild failed: ${err instanceof Error ? err.message : String(err)}`);
  if (/ECONNREFUSED/.test(String(err))) console.error('Is the local stack running? Start it with `npm run dev`.');
  process.exit(1);
});
