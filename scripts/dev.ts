/**
 * `npm run dev`: the whole local stack, no configuration needed.
 *
 *   DynamoDB Local   :8042  (DYNAMODB_PORT)          data in .data/dynamodb (persistent)
 *   Stripe emulator  :12111 (STRIPE_EMULATOR_PORT)   state in .data/stripe-emulator.json
 *   Next.js          :3000  (PORT)                   next dev
 *   MailDev          :1025  (SMTP_PORT), web inbox :1080 (MAILDEV_WEB_PORT): every email the app sends
 *
 * Creates missing tables, seeds the demo data (idempotent), reads the domain events' stream into their consumers,
 * prints the URLs and demo logins.
 * Ctrl-C stops everything it started. Other settings: lib/local/runtime.ts (localEnvDefaults), overridable by env.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localTableNames } from '../lib/data/tables';
import {
  createDynamoClients,
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynamoDbLocal,
  type DynamoDbLocal,
} from '../lib/local/dynamodb';
import { assertPortFree, configuredPort, PORT_ENV_VARS } from '../lib/local/ports';
import { ensureJava } from '../lib/local/prerequisites';
import { LocalStackError, startNext, step, type ManagedProcess } from '../lib/local/processes';
import { startLocalEventStream } from '../lib/local/event-stream';
import { localDeps, localEnv } from '../lib/local/runtime';
import { startMailDev } from '../lib/local/maildev';
import { startLocalSchedules } from '../lib/local/schedules';
import { seedDemoData, type SeedSummary } from '../lib/local/seed';
import { ensureTables } from '../lib/local/tables';

// Node 20 is supported here; the AWS SDK's notice that future versions need Node 22 would only break the progress lines.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const DATA_DIR = '.data';
const DYNAMODB_DIR = path.join(DATA_DIR, 'dynamodb');
const EMULATOR_STATE = path.join(DATA_DIR, 'stripe-emulator.json');

type Stoppable = { name: string; stop: () => Promise<unknown> };
const started: Stoppable[] = [];
let shuttingDown = false;

async function stopAll(): Promise<void> {
  for (const { name, stop } of started.splice(0).reverse()) {
    try {
      await stop();
    } catch (error) {
      console.error(`  could not stop ${name}: ${(error as Error).message}`);
    }
  }
}

async function shutdown(reason: string, code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    if (reason) console.log(`\n▸ ${reason}: stopping…`);
    await stopAll();
  }
  process.exit(code);
}

function fail(error: unknown): Promise<never> {
  const message = error instanceof Error ? error.message : String(error);
  // One line for the expected failures (port taken, Java missing, bad setting); the whole story otherwise.
  if (error instanceof LocalStackError) console.error(`✖ ${message}`);
  else console.error(`✖ ${error instanceof Error && error.stack ? error.stack : message}`);
  return shutdown('', 1);
}

async function main(): Promise<void> {
  process.chdir(root);
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // Ctrl-C reaches us twice at once (from the terminal and relayed by npm/tsx): only a later one forces the exit.
    if (firstSignalAt) {
      if (Date.now() - firstSignalAt > 1_000) process.exit(130);
      return;
    }
    firstSignalAt = Date.now();
    void shutdown(`${signal} received`, 0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const ports = {
    next: configuredPort('next'),
    stripeEmulator: configuredPort('stripeEmulator'),
    dynamoDb: configuredPort('dynamoDb'),
    mailSmtp: configuredPort('mailSmtp'),
    mailWeb: configuredPort('mailWeb'),
  };
  await assertPortFree(ports.dynamoDb, 'DynamoDB Local', PORT_ENV_VARS.dynamoDb);
  await assertPortFree(ports.stripeEmulator, 'the Stripe emulator', PORT_ENV_VARS.stripeEmulator);
  await assertPortFree(ports.next, 'Next.js', PORT_ENV_VARS.next);
  await assertPortFree(ports.mailSmtp, "MailDev's SMTP server", PORT_ENV_VARS.mailSmtp);
  await assertPortFree(ports.mailWeb, "MailDev's web inbox", PORT_ENV_VARS.mailWeb);
  await ensureJava();

  const emulatorUrl = `http://127.0.0.1:${ports.stripeEmulator}`;
  const env = localEnv({
    ...process.env,
    PORT: String(ports.next),
    APP_URL: process.env.APP_URL || `http://localhost:${ports.next}`,
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${ports.dynamoDb}`,
    STRIPE_API_BASE: emulatorUrl,
    NEXT_PUBLIC_STRIPE_API_BASE: emulatorUrl,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(ports.mailSmtp),
  });

  const dynamo: DynamoDbLocal = await step(
    `Starting DynamoDB Local (data in ${DYNAMODB_DIR})`,
    () => startDynamoDbLocal({ port: ports.dynamoDb, dbPath: DYNAMODB_DIR }),
    'ready',
  );
  started.push({ name: 'DynamoDB Local', stop: () => dynamo.stop() });

  // Webhook delivery lines are shown once the stack is up; before that they would break the progress lines.
  const emulatorLog: string[] = [];
  let emulatorLogLive = false;
  const { startStripeEmulator } = await import('../lib/local/stripe-emulator/server');
  const emulator = await step(
    `Starting the Stripe emulator (state in ${EMULATOR_STATE})`,
    () =>
      startStripeEmulator({
        port: ports.stripeEmulator,
        host: '127.0.0.1',
        statePath: path.resolve(EMULATOR_STATE),
        webhookSecret: env.STRIPE_WEBHOOK_SECRET,
        log: (line) => (emulatorLogLive ? console.log(`[stripe-emulator] ${line}`) : emulatorLog.push(line)),
      }),
    'ready',
  );
  started.push({ name: 'the Stripe emulator', stop: () => emulator.close() });

  const maildev = await step(
    'Starting MailDev (the local inbox)',
    () => startMailDev({ smtpPort: ports.mailSmtp, webPort: ports.mailWeb }),
    'ready',
  );
  started.push({ name: 'MailDev', stop: () => maildev.stop() });

  const tables = await step('Creating tables', async () => {
    const { client } = createDynamoClients(dynamo.endpoint);
    try {
      return await ensureTables(client, localTableNames(env.TABLE_SUFFIX));
    } finally {
      client.destroy();
    }
  });
  if (tables.created.length > 0 || tables.indexesAdded.length > 0) {
    console.log(
      `  created ${tables.created.length} table(s)${tables.indexesAdded.length ? `, added index(es) ${tables.indexesAdded.join(', ')}` : ''}`,
    );
  }

  const next: ManagedProcess = await step(
    `Starting Next.js (next dev on port ${ports.next})`,
    () =>
      startNext({
        mode: 'dev',
        port: ports.next,
        cwd: root,
        env: {
          ...env,
          AWS_REGION: LOCAL_AWS_REGION,
          AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
        },
      }),
    'ready',
  );
  started.push({ name: 'Next.js', stop: () => next.stop() });

  const seed = await step('Seeding demo data', async () => {
    const deps = localDeps(env);
    try {
      return await seedDemoData(deps, emulatorUrl);
    } finally {
      deps.db.destroy();
    }
  });

  // What EventBridge Scheduler does in AWS: hold expiry every minute, completion and payouts every 10 minutes.
  const scheduleDeps = localDeps(env);
  const stopSchedules = startLocalSchedules(scheduleDeps);
  started.push({ name: 'the schedules', stop: async () => (stopSchedules(), scheduleDeps.db.destroy()) });

  // What the event source mapping on domain-events does in AWS; its lines are shown once the stack is up.
  const eventLog: string[] = [];
  let eventLogLive = false;
  const eventDeps = localDeps(env);
  const events = await step(
    'Starting the domain event consumers (the DomainEvent stream)',
    async () =>
      startLocalEventStream(eventDeps, {
        endpoint: dynamo.endpoint,
        log: (line) => (eventLogLive ? console.log(`[events] ${line}`) : eventLog.push(line)),
      }),
    'ready',
  );
  started.push({ name: 'the event stream', stop: async () => (await events.stop(), eventDeps.db.destroy()) });

  printReady({ appUrl: env.APP_URL, emulatorUrl, dynamoEndpoint: dynamo.endpoint, mailUrl: maildev.webUrl, seed });
  for (const line of emulatorLog.splice(0)) console.log(`[stripe-emulator] ${line}`);
  emulatorLogLive = true;
  for (const line of eventLog.splice(0)) console.log(`[events] ${line}`);
  eventLogLive = true;
  next.forwardOutput();

  // Next crashing ends the session (the emulator and DynamoDB Local run in this process / are ours).
  await next.unexpectedExit.catch((error: unknown) => fail(error));
}

function printReady({
  appUrl,
  emulatorUrl,
  dynamoEndpoint,
  mailUrl,
  seed,
}: {
  appUrl: string;
  emulatorUrl: string;
  dynamoEndpoint: string;
  mailUrl: string;
  seed: SeedSummary;
}) {
  const rows = [['role', 'email', 'password'], ...seed.logins.map((login) => [login.role, login.email, login.password])];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => `  │ ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' │ ')} │`;
  const rule = (left: string, middle: string, right: string) =>
    `  ${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;

  console.log('');
  console.log(`  App              ${appUrl}`);
  console.log(`  Stripe emulator  ${emulatorUrl}  (helpers: ${emulatorUrl}/_emulator/…)`);
  console.log(`  DynamoDB Local   ${dynamoEndpoint}  (data in ${DYNAMODB_DIR})`);
  console.log(`  Mail (MailDev)   ${mailUrl}  (every email the app sends; REST API at ${mailUrl}/api/email)`);
  console.log('');
  console.log(`  Demo logins (${seed.services} demo services)`);
  console.log(rule('┌', '┬', '┐'));
  console.log(line(rows[0] ?? []));
  console.log(rule('├', '┼', '┤'));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log(rule('└', '┴', '┘'));
  console.log('');
  console.log('  Press Ctrl-C to stop.');
  console.log('');
}

main().catch(fail);
