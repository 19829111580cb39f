/**
 * `npm run events:replay -- --from <ISO time> [--to <ISO time>] [--consumer <name>]`: hands the stored domain events
 * of that period (oldest first) to one consumer or all of them again. Safe to run any number of times, also while
 * the stream is being consumed: an event a consumer already applied finds its receipt and changes nothing.
 *
 * Local (default): the DynamoDB Local of `npm run dev` (DYNAMODB_ENDPOINT, TABLE_SUFFIX; lib/local/runtime.ts).
 * AWS: set DOMAIN_EVENT_TABLE_NAME, CONSUMED_EVENT_TABLE_NAME and EVENT_TALLY_TABLE_NAME (and AWS credentials with
 * read access to the first and write access to the others, e.g. AWS_PROFILE and AWS_REGION).
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localTableNames, TABLES } from '../lib/data/tables';
import { createDynamoClients } from '../lib/local/dynamo-clients';
import { localEnv } from '../lib/local/runtime';
import { systemClock } from '../lib/ports';
import { consumerNamed, EVENT_CONSUMERS, type ConsumerDeps } from '../lib/services/event-consumers';
import { describeOutcomes, replayEvents } from '../lib/services/event-replay';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `usage: npm run events:replay -- --from <ISO time> [--to <ISO time>] [--consumer ${EVENT_CONSUMERS.map((c) => c.name).join('|')}]`;

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    consumer: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function time(flag: string, value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`--${flag} ${value} is not a time (e.g. 2026-12-01 or 2026-12-01T09:30:00Z)`);
  return date;
}

/** AWS when the event table's name is given, else the local stack. */
async function consumerDeps(): Promise<{ deps: ConsumerDeps; where: string }> {
  if (process.env[TABLES.DomainEvent.envVar]) {
    // the AWS composition root's reading of table names (loaded only here: it brings the whole AWS runtime along)
    const { grantedTableNames } = await import('../amplify/functions/shared/aws-runtime');
    const tables = grantedTableNames(process.env);
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
    return {
      deps: { db, tables, clock: systemClock },
      where: `AWS tables ${tables.DomainEvent}, ${tables.ConsumedEvent}, ${tables.EventTally}`,
    };
  }
  const env = localEnv();
  const deps = { db: createDynamoClients(env.DYNAMODB_ENDPOINT).doc, tables: localTableNames(env.TABLE_SUFFIX), clock: systemClock };
  return { deps, where: `DynamoDB Local ${env.DYNAMODB_ENDPOINT} (tables *-${env.TABLE_SUFFIX})` };
}

async function main(): Promise<void> {
  if (values.help) return console.log(USAGE);
  if (!values.from) throw new Error(`--from is required\n${USAGE}`);
  const from = time('from', values.from);
  const to = values.to ? time('to', values.to) : undefined;
  const consumer = values.consumer === undefined ? undefined : consumerNamed(values.consumer);
  if (values.consumer !== undefined && !consumer) throw new Error(`no consumer named ${values.consumer}\n${USAGE}`);

  const { deps, where } = await consumerDeps();
  const consumers = consumer ? [consumer] : EVENT_CONSUMERS;
  console.log(
    `replaying events from ${from.toISOString()} to ${to?.toISOString() ?? 'now'} → ${consumers.map((c) => c.name).join(', ')} (${where})`,
  );
  const started = Date.now();
  const summary = await replayEvents(deps, { from, ...(to ? { to } : {}), consumers, progress: (line) => console.log(`  ${line}`) });
  console.log(`done in ${Date.now() - started} ms: ${summary.events} event(s); ${describeOutcomes(summary)}`);
}

main().catch((err: unknown) => {
  console.error(`events:replay failed: ${err instanceof Error ? err.message : String(err)}`);
  if (/ECONNREFUSED/.test(String(err))) console.error('Is the local stack running? Start it with `npm run dev`.');
  process.exit(1);
});
