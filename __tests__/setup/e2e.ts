import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { localTableNames } from '../../lib/data/tables';
import { createDynamoClients, LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION, startDynamoDbLocal } from '../../lib/local/dynamodb';
import { startLocalEventStream } from '../../lib/local/event-stream';
import { startMailDev } from '../../lib/local/maildev';
import { freePort } from '../../lib/local/ports';
import { ensureChromium, ensureJava } from '../../lib/local/prerequisites';
import { buildNext, startNext, step, type ManagedProcess } from '../../lib/local/processes';
import { localDeps, localEnv } from '../../lib/local/runtime';
import { seedDemoData } from '../../lib/local/seed';
import { ensureTables } from '../../lib/local/tables';
import './provided';

/**
 * Global setup of the `e2e` project: the whole local stack, in memory, on free ports —
 * DynamoDB Local + tables, the Stripe emulator, MailDev, the domain events' stream into their consumers, `next build` +
 * `next start`, the demo seed.
 * Tests get `inject('baseURL')`, `inject('demoLogins')`, `inject('stripeEmulatorUrl')`, `inject('dynamodbEndpoint')`,
 * `inject('maildevUrl')` (the inbox every email of the run lands in);
 * the app's environment is also copied to process.env.
 * The app's server output is shown prefixed with `[next]`; the emulator's webhook log goes to
 * test-results/e2e/stripe-emulator.log, the event stream's to test-results/e2e/events.log.
 */
export const E2E_TABLE_SUFFIX = 'e2e';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = project.config.root;
  const cleanup: (() => Promise<unknown>)[] = [];
  const teardown = async () => {
    for (const stop of cleanup.reverse()) await stop().catch((error: unknown) => console.error('e2e teardown:', error));
  };

  try {
    await ensureJava();
    await ensureChromium();

    const { startStripeEmulator } = await import('../../lib/local/stripe-emulator/server');
    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;

    const logDir = path.join(root, 'test-results', 'e2e');
    mkdirSync(logDir, { recursive: true });
    const emulatorLog = path.join(logDir, 'stripe-emulator.log');
    writeFileSync(emulatorLog, '');
    const emulator = await step(
      'Starting the Stripe emulator (in memory)',
      () =>
        startStripeEmulator({
          port: 0,
          host: '127.0.0.1',
          webhookSecret,
          log: (line) => appendFileSync(emulatorLog, `${new Date().toISOString()} ${line}\n`),
        }),
      'ready',
    );
    cleanup.push(() => emulator.close());

    const dynamo = await step('Starting DynamoDB Local (in memory)', () => startDynamoDbLocal({ inMemory: true }), 'ready');
    cleanup.push(() => dynamo.stop());

    const maildev = await step('Starting MailDev (in memory)', () => startMailDev(), 'ready');
    cleanup.push(() => maildev.stop());

    const env = localEnv({
      ...process.env,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(maildev.smtpPort),
      PORT: String(appPort),
      APP_URL: appUrl,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      TABLE_SUFFIX: E2E_TABLE_SUFFIX,
      STRIPE_API_BASE: emulator.url,
      NEXT_PUBLIC_STRIPE_API_BASE: emulator.url,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      LOCAL_SESSION_SECRET: randomBytes(32).toString('base64url'),
    });
    const appEnv: Record<string, string> = {
      ...env,
      // `next start` is a production server: local sign-in there is a demo, said by name
      LOCAL_AUTH_IN_PRODUCTION: 'demo',
      AWS_REGION: LOCAL_AWS_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
    };

    await step('Creating tables', async () => {
      const { client } = createDynamoClients(dynamo.endpoint);
      await ensureTables(client, localTableNames(E2E_TABLE_SUFFIX));
      client.destroy();
    });

    const eventLog = path.join(logDir, 'events.log');
    writeFileSync(eventLog, '');
    const eventDeps = localDeps(env);
    const events = await step(
      'Starting the domain event consumers (the DomainEvent stream)',
      async () =>
        startLocalEventStream(eventDeps, {
          endpoint: dynamo.endpoint,
          log: (line) => appendFileSync(eventLog, `${new Date().toISOString()} ${line}\n`),
        }),
      'ready',
    );
    cleanup.push(async () => (await events.stop(), eventDeps.db.destroy()));

    // NEXT_PUBLIC_* values are inlined at build time, so the build comes after the emulator's URL is known.
    await step('Building the app (next build)', () => buildNext({ cwd: root, env: appEnv }));

    const next: ManagedProcess = await step(
      `Starting the app (next start on ${appUrl})`,
      () => startNext({ mode: 'start', port: appPort, hostname: '127.0.0.1', cwd: root, env: appEnv }),
      'ready',
    );
    cleanup.push(() => next.stop());

    // After the app is up: the seed registers the webhook endpoint and its Stripe calls emit events.
    const deps = localDeps(env);
    const summary = await step('Seeding demo data', () => seedDemoData(deps, emulator.url));
    await step('Delivering pending webhooks', () => emulator.flushWebhooks());

    next.forwardOutput('[next] ');

    project.provide('baseURL', appUrl);
    project.provide('stripeEmulatorUrl', emulator.url);
    project.provide('maildevUrl', maildev.webUrl);
    project.provide('dynamodbEndpoint', dynamo.endpoint);
    project.provide('tableSuffix', E2E_TABLE_SUFFIX);
    project.provide('demoLogins', summary.logins);
    Object.assign(process.env, appEnv);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
