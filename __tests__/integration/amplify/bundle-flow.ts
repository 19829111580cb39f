/**
 * A booking's whole life through the deployable bundles alone (lib/local/lambda-harness): booking-processor books
 * (the Invoke payload the Next.js server sends, a Cognito ID token signed by a local key set whose JWKS the bundle
 * fetches from Cognito's address), the card is confirmed on the Stripe emulator through the `stripe` SDK as Stripe.js
 * does, the emulator's signed payment_intent.succeeded reaches stripe-webhook through a local Function URL (payload 2.0,
 * base64 body), payout-manager completes it on the Scheduler's event and pays it out on an admin's request, both in an
 * environment whose clock runs past the booking's end. No handler runs in this process: it only reads the tables and
 * the emulator to check what the bundles did. Used by synth.test.ts, on the bundles its own synthesis wrote (one
 * synthesis, in the same file: nothing is shared between test files or workers).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { expect } from 'vitest';
import { repo } from '../../../lib/data/repository';
import type { BookingRecord } from '../../../lib/data/records';
import { revokeSession } from '../../../lib/data/session-revocations';
import { MODEL_NAMES, TABLES, localRateLimitTableFor, type TableNames } from '../../../lib/data/tables';
import { bookingMoneyFlow } from '../../../lib/domain/ledger';
import {
  coldStart,
  synthesizedFunctions,
  type ExecutionEnvironment,
  type HarnessSettings,
} from '../../../lib/local/lambda-harness/bundles';
import { scheduledEvent } from '../../../lib/local/lambda-harness/events';
import { startFunctionUrl, type LocalFunctionUrl } from '../../../lib/local/lambda-harness/function-url';
import { startLocalJwks, type LocalJwks } from '../../../lib/local/lambda-harness/local-jwks';
import { startLocalSsm, type LocalSsm } from '../../../lib/local/lambda-harness/ssm-endpoint';
import { localDeps, localEnv } from '../../../lib/local/runtime';
import { DEMO_USERS, seedDemoData } from '../../../lib/local/seed';
import { startStripeEmulator, type RunningEmulator } from '../../../lib/local/stripe-emulator/server';
import type { Deps } from '../../../lib/ports';
import { createIsolatedTables, dynamoEndpoint, testDynamoClients } from '../../setup/dynamo';

const [CUSTOMER, PROVIDER, ADMIN] = [DEMO_USERS[0], DEMO_USERS[1], DEMO_USERS[2]];
const CLEANING = 'svc_demo_cleaning'; // $89.99 per booking: 8% is 719.92, so the fee rounds
const STRIPE_KEY = 'sk_test_bundle_flow';
const WEBHOOK_SECRET = 'whsec_bundle_flow_signing_secret_0000';

type HttpAnswer = { statusCode: number; body: string };
const answer = <T = Record<string, unknown>>(r: { result?: unknown; error?: unknown }) => {
  const res = r.result as HttpAnswer | undefined;
  if (!res) throw new Error(`function error: ${JSON.stringify(r.error)}`);
  return { status: res.statusCode, body: JSON.parse(res.body) as T & { code?: string } };
};

/** What a run of the flow has started: the tables, the emulator, SSM, the JWKS and the Function URL in front of stripe-webhook. */
interface FlowStack {
  tables: TableNames;
  deps: Deps;
  emulator: RunningEmulator;
  jwks: LocalJwks;
  webhookUrl: LocalFunctionUrl;
  start: (name: string, clockOffsetMs?: number) => Promise<ExecutionEnvironment>;
}

/**
 * Books, pays, completes and pays out through the bundles of the cloud assembly in `assemblyDir`, asserting each step;
 * starts everything it needs and stops it again, whatever the outcome.
 */
export async function runBundleFlow(assemblyDir: string): Promise<void> {
  const functions = synthesizedFunctions(assemblyDir);
  const environments: ExecutionEnvironment[] = [];
  let emulator: RunningEmulator | undefined;
  let ssm: LocalSsm | undefined;
  let jwks: LocalJwks | undefined;
  let webhookUrl: LocalFunctionUrl | undefined;
  try {
    const tables = await createIsolatedTables(testDynamoClients(), 'bundle-flow');
    emulator = await startStripeEmulator({ port: 0, webhookSecret: WEBHOOK_SECRET, log: false });
    jwks = await startLocalJwks();
    const parameters: Record<string, string> = {};
    const values: Record<string, string> = { STRIPE_SECRET_KEY: STRIPE_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET };
    for (const f of functions) {
      const config = JSON.parse(String(f.environment.AMPLIFY_SSM_ENV_CONFIG ?? '{}')) as Record<string, { path: string }>;
      for (const [name, { path }] of Object.entries(config)) parameters[path] = values[name] ?? `bundle-flow-${name}`;
    }
    ssm = await startLocalSsm(parameters);
    const settings: HarnessSettings = {
      env: {
        ...Object.fromEntries(MODEL_NAMES.map((m) => [TABLES[m].envVar, tables[m]])),
        RATE_LIMIT_TABLE_NAME: localRateLimitTableFor(tables),
        COGNITO_USER_POOL_ID: jwks.userPoolId,
        COGNITO_CLIENT_ID: jwks.clientId,
        AWS_ENDPOINT_URL_SSM: ssm.url,
        AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint(),
        // the suite's Powertools settings (vitest.config.ts: warnings only, no EMF lines), as a function's configuration
        POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
        POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'false',
      },
      redirects: { 'api.stripe.com': emulator.url, ...jwks.redirects },
    };
    const start = async (name: string, clockOffsetMs = 0) => {
      const fn = functions.find((f) => f.name === name);
      if (!fn) throw new Error(`${name}: not in the assembly`);
      const environment = await coldStart(fn, { ...settings, clockOffsetMs });
      environments.push(environment);
      return environment;
    };
    // Stripe's webhook endpoints (created by the seed at APP_URL) are the Function URL of the stripe-webhook bundle
    let webhookEnvironment: Promise<ExecutionEnvironment> | undefined;
    webhookUrl = await startFunctionUrl(() => (webhookEnvironment ??= start('stripe-webhook')));
    const env = localEnv({
      DYNAMODB_ENDPOINT: dynamoEndpoint(),
      STRIPE_API_BASE: emulator.url,
      STRIPE_SECRET_KEY: STRIPE_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // the seed's local accounts only; the bundles verify Cognito tokens
      LOCAL_SESSION_SECRET: 'bundle-flow-local-session-secret',
      APP_URL: webhookUrl.url,
    });
    const deps = localDeps(env, tables);
    await seedDemoData(deps, emulator.url);
    await emulator.flushWebhooks();
    await bookPayCompletePayOut({ tables, deps, emulator, jwks, webhookUrl, start });
  } finally {
    for (const e of environments) e.close();
    await webhookUrl?.close();
    await emulator?.close();
    await ssm?.close();
    await jwks?.close();
  }
}

async function bookPayCompletePayOut({ tables, deps, emulator, jwks, webhookUrl, start }: FlowStack): Promise<void> {
  const storedBooking = async (id: string) =>
    (await deps.db.send(new GetCommand({ TableName: tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;
  const booking = await start('booking-processor');
  const customer = jwks.signIn(CUSTOMER);

  // the Next.js server's Invoke payload: { action, payload, token }
  const today = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const slots = answer<{ slots: { startDateTime: string; endDateTime: string }[] }>(
    await booking.invoke({ action: 'CHECK_AVAILABILITY', payload: { serviceId: CLEANING, from: today, to } }),
  );
  const slot = slots.body.slots[0]!;
  const create = { action: 'CREATE_BOOKING', payload: { serviceId: CLEANING, ...slot, groupSize: 1 } };
  // only an ID token of this pool's client is an identity; an access token, a foreign key, a revoked session are not
  const unauthenticated = { status: 401, body: { code: 'UNAUTHENTICATED' } };
  expect(answer(await booking.invoke({ ...create, token: customer.accessToken }))).toMatchObject(unauthenticated);
  const signedOut = jwks.signIn(CUSTOMER);
  await revokeSession(deps, { id: signedOut.sessionId, userId: CUSTOMER.userId, expiresAt: Date.now() / 1000 + 3600 }, new Date());
  expect(answer(await booking.invoke({ ...create, token: signedOut.idToken }))).toMatchObject(unauthenticated);

  const created = answer<{ bookingId: string; clientSecret: string; booking: { status: string; pricing: Record<string, unknown> } }>(
    await booking.invoke({ ...create, token: customer.idToken }),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const { bookingId, clientSecret } = created.body;
  expect(created.body.booking).toMatchObject({
    status: 'PENDING_PAYMENT',
    pricing: { totalAmountCents: 8_999, platformFeeCents: 720, providerEarningsCents: 8_279, currency: 'usd' },
  });
  expect(jwks.fetches()).toBe(1); // the key set, fetched from "Cognito" once and cached by the environment

  // Stripe.js in the browser: a card PaymentMethod with the publishable key, then the confirmation with the client secret
  const { port } = new URL(emulator.url);
  const browser = new Stripe('pk_test_bundle_flow', { host: '127.0.0.1', port: Number(port), protocol: 'http' });
  const card = { number: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: '123' };
  const method = await browser.paymentMethods.create({ type: 'card', card });
  const confirm: Stripe.PaymentIntentConfirmParams & { client_secret: string } = {
    payment_method: method.id,
    client_secret: clientSecret,
  };
  const paid = await browser.paymentIntents.confirm(clientSecret.split('_secret_')[0]!, confirm);
  expect(paid.status).toBe('succeeded');
  await emulator.flushWebhooks();

  const confirmed = await storedBooking(bookingId);
  expect(confirmed.status).toBe('CONFIRMED');
  expect(confirmed.chargeId).toMatch(/^ch_/);
  expect(webhookUrl.answered).toContainEqual({ statusCode: 200, body: expect.objectContaining({ outcome: 'processed' }) });
  expect(webhookUrl.answered.filter((a) => a.statusCode !== 200)).toEqual([]);

  // the same event delivered again to the URL, signed with the endpoint's secret: a duplicate, nothing changes
  const succeeded = (await deps.stripe.events.list({ type: 'payment_intent.succeeded', limit: 10 })).data.find(
    (e) => (e.data.object as Stripe.PaymentIntent).metadata.bookingId === bookingId,
  )!;
  const payload = JSON.stringify(succeeded);
  const again = await fetch(webhookUrl.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
    },
    body: payload,
  });
  expect(again.status).toBe(200);
  expect(await again.json()).toMatchObject({ received: true, outcome: 'duplicate' });

  const amounts = async () => Object.fromEntries((await repo.ledgerOfBooking(deps, bookingId)).map((l) => [l.type, l.amountCents]));
  expect(await amounts()).toEqual({ CHARGE: 8_999, PLATFORM_FEE: 720, PROVIDER_EARNING: 8_279 });

  // three hours after the booking's end: the Scheduler's event completes it (completion step only) …
  const later = Date.parse(slot.endDateTime) + 3 * 3_600_000 - Date.now();
  const payouts = await start('payout-manager', later);
  const completion = await payouts.invoke(scheduledEvent({ steps: ['completion'] }, new Date(Date.now() + later)));
  expect(answer(completion).status).toBe(200);
  expect(await storedBooking(bookingId)).toMatchObject({ status: 'COMPLETED', completedBy: 'SYSTEM' });

  // … and an admin pays the provider out (tokens dated on that environment's clock)
  const admin = jwks.signIn(ADMIN, { now: Date.now() + later });
  const payout = answer<{ transfers: { bookingId: string; outcome: string; amountCents: number }[] }>(
    await payouts.invoke({ action: 'SCHEDULE_PAYOUT', payload: { providerId: PROVIDER.userId }, token: admin.idToken }),
  );
  expect(payout.status, JSON.stringify(payout.body)).toBe(200);
  expect(payout.body.transfers).toEqual([expect.objectContaining({ bookingId, outcome: 'transferred', amountCents: 8_279 })]);
  await emulator.flushWebhooks();

  expect((await storedBooking(bookingId)).status).toBe('PAID_OUT');
  const transfers = (await deps.stripe.transfers.list({ transfer_group: bookingId, limit: 10 })).data;
  const account = (await deps.db.send(new GetCommand({ TableName: tables.UserProfile, Key: { id: PROVIDER.userId } }))).Item as {
    stripeAccountId: string;
  };
  expect(transfers.map((t) => [t.amount, t.currency, t.destination])).toEqual([[8_279, 'usd', account.stripeAccountId]]);
  expect(await amounts()).toEqual({ CHARGE: 8_999, PLATFORM_FEE: 720, PROVIDER_EARNING: 8_279, TRANSFER: 8_279 });
  expect(bookingMoneyFlow(await repo.ledgerOfBooking(deps, bookingId))).toMatchObject({ chargedCents: 8_999, balanced: true });
  expect(webhookUrl.answered.filter((a) => a.statusCode !== 200)).toEqual([]);
}
