/**
 * `npm run bench`'s rows for the deployable bundles (run `npm run synth` first; they are skipped without
 * .amplify/synth): each function's bundle size, its cold start (a fresh Node 24 process to its first response, Amplify's
 * SSM banner included) and its warm p50 on a cheap request of its own event shape, through the bundle harness.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';
import { MODEL_NAMES, TABLES, localRateLimitTableFor, localTableNames, type TableNames } from '../lib/data/tables';
import { createDynamoClients } from '../lib/local/dynamodb';
import { bundleBytes, coldStart, synthesizedFunctions, type ExecutionEnvironment } from '../lib/local/lambda-harness/bundles';
import { functionUrlEvent, scheduledEvent } from '../lib/local/lambda-harness/events';
import { startLocalJwks } from '../lib/local/lambda-harness/local-jwks';
import { startLocalSsm } from '../lib/local/lambda-harness/ssm-endpoint';
import { localDeps, localEnv } from '../lib/local/runtime';
import { DEMO_USERS, seedDemoData } from '../lib/local/seed';
import { ensureTables } from '../lib/local/tables';

/** A request each function answers without side effects: the warm path of its own entry. */
const CHEAP_REQUEST: Record<string, unknown> = {
  'booking-processor': { action: 'LIST_SERVICES', payload: {} },
  'stripe-connect': { action: 'LIST_MEMBERSHIP_PLANS', payload: {} },
  'payout-manager': { action: 'CALCULATE_EARNINGS', payload: {} },
  'refund-processor': { action: 'GET_REFUND_STATUS', payload: { bookingId: 'bk_bench' } },
  'stripe-webhook': { headers: { 'stripe-signature': 't=1,v1=00' }, body: '{}', isBase64Encoded: false },
  'domain-events': { Records: [] },
};
const WARM_CALLS = 30;

interface BundleBenchSettings {
  root: string;
  tables: TableNames;
  dynamoEndpoint: string;
  stripeUrl: string;
  secrets: Record<string, string>;
}

export async function bundleRows(settings: BundleBenchSettings): Promise<[string, string, string, string][]> {
  const assembly = path.join(settings.root, '.amplify/synth');
  if (!existsSync(assembly)) return [['deployable bundles (run `npm run synth` first)', 'skipped', '', '']];
  const functions = synthesizedFunctions(assembly);
  const parameters: Record<string, string> = {};
  for (const fn of functions) {
    const config = JSON.parse(String(fn.environment.AMPLIFY_SSM_ENV_CONFIG ?? '{}')) as Record<string, { path: string }>;
    for (const [name, { path: p }] of Object.entries(config)) parameters[p] = settings.secrets[name] ?? `bench-${name}`;
  }
  const ssm = await startLocalSsm(parameters);
  const env = {
    ...Object.fromEntries(MODEL_NAMES.map((m) => [TABLES[m].envVar, settings.tables[m]])),
    RATE_LIMIT_TABLE_NAME: localRateLimitTableFor(settings.tables),
    COGNITO_USER_POOL_ID: 'us-east-1_bench',
    COGNITO_CLIENT_ID: 'benchclient',
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ENDPOINT_URL_DYNAMODB: settings.dynamoEndpoint,
  };
  const rows: [string, string, string, string][] = [];
  try {
    for (const fn of functions) {
      const started = performance.now();
      const environment = await coldStart(fn, { env, redirects: { 'api.stripe.com': settings.stripeUrl } });
      await environment.invoke(CHEAP_REQUEST[fn.name] ?? {});
      const cold = performance.now() - started;
      const warm: number[] = [];
      for (let i = 0; i < WARM_CALLS; i++) warm.push((await environment.invoke(CHEAP_REQUEST[fn.name] ?? {})).ms);
      environment.close();
      warm.sort((a, b) => a - b);
      const p50 = warm[Math.floor(warm.length / 2)]!;
      rows.push([
        `${fn.name} bundle (${fn.runtime}, ${fn.memoryMB} MB): size · cold start · warm p50`,
        `${(bundleBytes(fn) / 1024 / 1024).toFixed(2)} MB · ${cold.toFixed(0)} ms · ${p50.toFixed(1)} ms`,
        '',
        '',
      ]);
    }
  } finally {
    await ssm.close();
  }
  rows.push(await flowRow(settings));
  return rows;
}

/**
 * One booking's life through the bundles alone, on tables of its own (the bench's customer is past the production
 * payment limit the bundles apply): book with a Cognito token of the local key set, pay on the emulator, the
 * payment_intent.succeeded event as a Function URL request to stripe-webhook, then completion on the Scheduler's event
 * and an admin's payout in a payout-manager whose clock runs past the booking's end. Cold starts are counted apart.
 */
export async function flowRow(settings: BundleBenchSettings): Promise<[string, string, string, string]> {
  const functions = synthesizedFunctions(path.join(settings.root, '.amplify/synth'));
  const byName = (name: string) => functions.find((f) => f.name === name)!;
  const tables = localTableNames(`bench-flow-${Date.now().toString(36)}`);
  const { client } = createDynamoClients(settings.dynamoEndpoint);
  await ensureTables(client, tables);
  client.destroy();
  const env = localEnv({
    DYNAMODB_ENDPOINT: settings.dynamoEndpoint,
    STRIPE_API_BASE: settings.stripeUrl,
    STRIPE_SECRET_KEY: settings.secrets.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: settings.secrets.STRIPE_WEBHOOK_SECRET,
    LOCAL_SESSION_SECRET: 'bench-flow-local-session',
  });
  const deps = localDeps(env, tables);
  await seedDemoData(deps, settings.stripeUrl);
  const parameters: Record<string, string> = {};
  for (const fn of functions) {
    const config = JSON.parse(String(fn.environment.AMPLIFY_SSM_ENV_CONFIG ?? '{}')) as Record<string, { path: string }>;
    for (const [name, { path: p }] of Object.entries(config)) parameters[p] = settings.secrets[name] ?? `bench-${name}`;
  }
  const [ssm, jwks] = await Promise.all([startLocalSsm(parameters), startLocalJwks()]);
  const harness = {
    env: {
      ...Object.fromEntries(MODEL_NAMES.map((m) => [TABLES[m].envVar, tables[m]])),
      RATE_LIMIT_TABLE_NAME: localRateLimitTableFor(tables),
      COGNITO_USER_POOL_ID: jwks.userPoolId,
      COGNITO_CLIENT_ID: jwks.clientId,
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_ENDPOINT_URL_DYNAMODB: settings.dynamoEndpoint,
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    redirects: { 'api.stripe.com': settings.stripeUrl, ...jwks.redirects },
  };
  const environments: ExecutionEnvironment[] = [];
  let coldMs = 0;
  const start = async (name: string, clockOffsetMs = 0) => {
    const environment = await coldStart(byName(name), { ...harness, clockOffsetMs });
    environments.push(environment);
    coldMs += environment.initMs;
    return environment;
  };
  const ok = async (environment: ExecutionEnvironment, event: unknown) => {
    const out = await environment.invoke(event);
    const res = out.result as { statusCode?: number; body?: string } | undefined;
    if (!out.ok || res?.statusCode !== 200) throw new Error(`bundle flow: ${JSON.stringify(out.error ?? res)}`);
    return JSON.parse(res.body!) as Record<string, unknown>;
  };
  try {
    const started = performance.now();
    const [customer, provider, admin] = DEMO_USERS;
    const booking = await start('booking-processor');
    const from = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const { slots } = (await ok(booking, { action: 'CHECK_AVAILABILITY', payload: { serviceId: 'svc_demo_cleaning', from, to } })) as {
      slots: { startDateTime: string; endDateTime: string }[];
    };
    const slot = slots[0]!;
    const payload = { serviceId: 'svc_demo_cleaning', ...slot, groupSize: 1 };
    const created = await ok(booking, { action: 'CREATE_BOOKING', payload, token: jwks.signIn(customer).idToken });
    const clientSecret = String(created.clientSecret);
    const { port } = new URL(settings.stripeUrl);
    const browser = new Stripe('pk_test_bench_flow', { host: '127.0.0.1', port: Number(port), protocol: 'http' });
    const card = { number: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: '123' };
    const method = await browser.paymentMethods.create({ type: 'card', card });
    const confirm: Stripe.PaymentIntentConfirmParams & { client_secret: string } = {
      payment_method: method.id,
      client_secret: clientSecret,
    };
    const intent = await browser.paymentIntents.confirm(clientSecret.split('_secret_')[0]!, confirm);
    const event = (await deps.stripe.events.list({ type: 'payment_intent.succeeded', limit: 20 })).data.find(
      (e) => (e.data.object as Stripe.PaymentIntent).id === intent.id,
    );
    const body = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: settings.secrets.STRIPE_WEBHOOK_SECRET! });
    const webhook = await start('stripe-webhook');
    await ok(webhook, functionUrlEvent({ headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body }));
    const later = Date.parse(slot.endDateTime) + 3 * 3_600_000 - Date.now();
    const payouts = await start('payout-manager', later);
    await ok(payouts, scheduledEvent({ steps: ['completion'] }, new Date(Date.now() + later)));
    const adminToken = jwks.signIn(admin, { now: Date.now() + later }).idToken;
    const paid = (await ok(payouts, { action: 'SCHEDULE_PAYOUT', payload: { providerId: provider.userId }, token: adminToken })) as {
      transfers: { outcome: string }[];
    };
    if (paid.transfers[0]?.outcome !== 'transferred') throw new Error(`bundle flow: no transfer (${JSON.stringify(paid)})`);
    const total = performance.now() - started;
    return [
      'book → pay → webhook → complete → pay out through the bundles: total (3 cold starts) · without them',
      `${total.toFixed(0)} ms · ${(total - coldMs).toFixed(0)} ms`,
      '',
      '',
    ];
  } finally {
    for (const e of environments) e.close();
    await Promise.all([ssm.close(), jwks.close()]);
  }
}
