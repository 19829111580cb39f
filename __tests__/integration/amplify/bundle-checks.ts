/**
 * The deployable bundles, run offline (lib/local/lambda-harness): each synthesized function cold-starts in its own
 * Node 24 process and answers a real request of each event shape it receives in AWS. Secrets resolve through
 * Amplify's own SSM start-up code against the local SSM endpoint; tables are DynamoDB Local tables; Stripe is the
 * emulator (api.stripe.com redirected by the preload). Used by synth.test.ts, on the bundles its synthesis wrote.
 */
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { expect } from 'vitest';
import { MODEL_NAMES, TABLES, localRateLimitTableFor } from '../../../lib/data/tables';
import {
  coldStart,
  synthesizedFunctions,
  type ExecutionEnvironment,
  type SynthesizedFunction,
} from '../../../lib/local/lambda-harness/bundles';
import { startLocalSsm } from '../../../lib/local/lambda-harness/ssm-endpoint';
import { dynamoEndpoint } from '../../setup/dynamo';
import { startTestStack, TEST_WEBHOOK_SECRET } from '../support/local-stack';

const STRIPE_KEY = 'sk_test_local_emulator';
const UNSUBSCRIBE_SECRET = `bundle-unsubscribe-${randomUUID()}`;

type HttpAnswer = { statusCode: number; body: string };
const bodyOf = (r: unknown) => JSON.parse((r as HttpAnswer).body) as Record<string, unknown>;

export async function exerciseBundles(assemblyDir: string) {
  const functions = synthesizedFunctions(assemblyDir);
  expect(functions.map((f) => f.name)).toEqual([
    'booking-processor',
    'domain-events',
    'payout-manager',
    'refund-processor',
    'stripe-connect',
    'stripe-webhook',
  ]);
  for (const fn of functions) expect(fn.runtime, fn.name).toBe('nodejs24.x');

  const stack = await startTestStack('bundles');
  // the secrets at the paths the synthesized AMPLIFY_SSM_ENV_CONFIG names
  const values: Record<string, string> = {
    STRIPE_SECRET_KEY: STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    NOTIFICATIONS_UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET,
  };
  const parameters: Record<string, string> = {};
  for (const fn of functions) {
    const config = JSON.parse(String(fn.environment.AMPLIFY_SSM_ENV_CONFIG ?? '{}')) as Record<string, { path: string }>;
    for (const [name, { path }] of Object.entries(config)) parameters[path] = values[name]!;
  }
  const ssm = await startLocalSsm(parameters);
  const tableEnv = Object.fromEntries(MODEL_NAMES.map((m) => [TABLES[m].envVar, stack.tables[m]]));
  const env = {
    ...tableEnv,
    RATE_LIMIT_TABLE_NAME: localRateLimitTableFor(stack.tables),
    COGNITO_USER_POOL_ID: 'us-east-1_bundleHarness',
    COGNITO_CLIENT_ID: 'bundleharnessclient',
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint(),
  };
  const redirects = { 'api.stripe.com': stack.emulator.url };
  const environments: Array<ExecutionEnvironment & { name: string }> = [];
  const start = async (fn: SynthesizedFunction) => {
    const environment = await coldStart(fn, { env, redirects });
    environments.push({ ...environment, name: fn.name });
    return environment;
  };
  const byName = (name: string) => functions.find((f) => f.name === name)!;
  try {
    // booking-processor: an Invoke API payload from the Next.js server (a public action, so no token)
    const booking = await start(byName('booking-processor'));
    const services = await booking.invoke({ action: 'LIST_SERVICES', payload: {} });
    expect(services.ok, JSON.stringify(services.error)).toBe(true);
    expect((services.result as HttpAnswer).statusCode).toBe(200);
    expect((bodyOf(services.result).services as unknown[]).length).toBeGreaterThan(0);
    // a signed-in action without a token: refused, not crashed
    const refused = await booking.invoke({ action: 'LIST_MY_BOOKINGS', payload: {} });
    expect((refused.result as HttpAnswer).statusCode).toBe(401);

    // stripe-connect and refund-processor: the same envelope; an unknown action and a missing token answer 4xx
    const connect = await start(byName('stripe-connect'));
    expect(((await connect.invoke({ action: 'NO_SUCH_ACTION', payload: {} })).result as HttpAnswer).statusCode).toBe(400);
    const refunds = await start(byName('refund-processor'));
    expect(((await refunds.invoke({ action: 'PROCESS_REFUND', payload: { bookingId: 'bk_x' } })).result as HttpAnswer).statusCode).toBe(
      401,
    );

    // stripe-webhook through the Function URL (payload format 2.0, base64 body, Stripe's signature): the provider's
    // account as Stripe sends it, applied through the bundle, then the same delivery again (a duplicate)
    const webhook = await start(byName('stripe-webhook'));
    const accountId = (await stack.deps.stripe.accounts.list({ limit: 1 })).data[0]!.id;
    const account = await stack.deps.stripe.accounts.retrieve(accountId);
    const event = {
      id: `evt_bundle${randomUUID().replace(/-/g, '')}`,
      object: 'event',
      type: 'account.updated',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      api_version: '2024-06-20',
      data: { object: account },
    };
    const functionUrl = (body: string) => ({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/',
      rawQueryString: '',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret: TEST_WEBHOOK_SECRET }),
      },
      requestContext: { http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '3.18.12.63', userAgent: 'Stripe/1.0' } },
      body: Buffer.from(body).toString('base64'),
      isBase64Encoded: true,
    });
    const first = await webhook.invoke(functionUrl(JSON.stringify(event)));
    expect(first.ok, JSON.stringify(first.error)).toBe(true);
    expect(bodyOf(first.result)).toMatchObject({ received: true, outcome: 'processed' });
    const again = await webhook.invoke(functionUrl(JSON.stringify(event)));
    expect(bodyOf(again.result)).toMatchObject({ received: true, outcome: 'duplicate' });
    const forged = await webhook.invoke({ ...functionUrl(JSON.stringify(event)), headers: { 'stripe-signature': 't=1,v1=00' } });
    expect((forged.result as HttpAnswer).statusCode).toBe(400);
    // the EventBridge envelope from the Stripe partner source: the same event is a duplicate there too
    const bridged = await webhook.invoke({
      version: '0',
      id: randomUUID(),
      'detail-type': event.type,
      source: 'aws.partner/stripe.com/ed_bundleharness',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: event,
    });
    expect(bridged.result).toMatchObject({ eventId: event.id, outcome: 'duplicate' });

    // payout-manager: the Scheduler's Scheduled Event (the notifications step: reminders and retries)
    const payouts = await start(byName('payout-manager'));
    const run = await payouts.invoke({
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      time: new Date().toISOString(),
      resources: [],
      detail: { steps: ['notifications'] },
    });
    expect(run.ok, JSON.stringify(run.error)).toBe(true);
    expect((run.result as HttpAnswer).statusCode).toBe(200);

    // domain-events: a DynamoDB stream batch (one record it cannot read is reported, not thrown)
    const consumer = await start(byName('domain-events'));
    const batch = await consumer.invoke({
      Records: [{ eventID: '1', eventName: 'INSERT', dynamodb: { SequenceNumber: '100', NewImage: { id: { S: 'not-an-event' } } } }],
    });
    expect(batch.ok, JSON.stringify(batch.error)).toBe(true);
    expect(batch.result).toHaveProperty('batchItemFailures');

    // Amplify's banner asked the local SSM endpoint for exactly the configured paths
    for (const path of Object.keys(parameters)) expect(ssm.requested).toContain(path);
    expect(environments.map((e) => e.name).sort()).toEqual(functions.map((f) => f.name));
    return environments.map(({ name, initMs }) => ({ name, initMs: Math.round(initMs) }));
  } finally {
    for (const e of environments) e.close();
    await ssm.close();
    await stack.close();
  }
}
