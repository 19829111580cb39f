/**
 * `npm run bench` (not a test): one run on its own local stack — in-memory DynamoDB Local and the Stripe emulator —
 * printing ONE table:
 * - booking create → confirmed latency (p50/p99): CREATE_BOOKING, the card payment as Stripe.js makes it, CONFIRM_BOOKING;
 *   beside the same DynamoDB reads/writes and Stripe calls issued bare (the floor), and the ratio;
 * - webhook events per second with dedupe (signed deliveries, every event delivered twice);
 * - CALCULATE_EARNINGS with 0 and with 100 000 unrelated bookings in the table (batch-written, time-bounded);
 * - the admin dashboard (ADMIN_METRICS, 14 days) with 0 and with 1 000 000 ledger lines (batch-written, time-bounded).
 * Sizes: BENCH_BOOKINGS, BENCH_WEBHOOK_EVENTS, BENCH_UNRELATED, BENCH_LEDGER_LINES (small values make a quick partial run).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { signSession } from '../lib/auth/local-session';
import { localRateLimitTableFor, localTableNames } from '../lib/data/tables';
import { RATE_LIMIT_POLICIES } from '../lib/domain/rate-limits';
import { bookingLifecycleActions } from '../lib/functions/actions/booking-lifecycle';
import { bookingActions } from '../lib/functions/booking-processor';
import { createActionHandler } from '../lib/functions/dispatch';
import { createPayoutManagerHandler } from '../lib/functions/payout-manager';
import type { FunctionRuntime } from '../lib/functions/runtime';
import { createStripeWebhookHandler } from '../lib/functions/stripe-webhook';
import { createDynamoClients, startDynamoDbLocal } from '../lib/local/dynamodb';
import { localDeps, localEnv, localVerifier } from '../lib/local/runtime';
import { createAggregatedDynamoClient } from '../lib/local/dynamo-clients';
import { DEMO_USERS, seedDemoData } from '../lib/local/seed';
import { startStripeEmulator } from '../lib/local/stripe-emulator/server';
import { ensureTables } from '../lib/local/tables';
import { bundleRows } from './bench-bundles';
import type { Deps } from '../lib/ports';
import { createRateLimits } from '../lib/services/rate-limits';
import { writeUnrelatedBookings } from './bench-unrelated-bookings';
import { timeCalls, writeLedgerVolume } from './bench-dashboard';
import { createRefundProcessorHandler } from '../lib/functions/refund-processor';
import { ms, pct, say, timed } from './bench-stats';

const SECRET = 'whsec_bench_secret_0000000000';
const SESSION = 'bench-session-secret';
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 60);
const WEBHOOK_EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 300);
const UNRELATED = Number(process.env.BENCH_UNRELATED ?? 100_000);
const FILL_BUDGET_MS = Number(process.env.BENCH_FILL_BUDGET_MS ?? 10 * 60_000);
const LEDGER_LINES = Number(process.env.BENCH_LEDGER_LINES ?? 1_000_000);

async function main(): Promise<void> {
  say('starting DynamoDB Local (in memory) and the Stripe emulator…');
  const dynamo = await startDynamoDbLocal({ inMemory: true });
  const { client } = createDynamoClients(dynamo.endpoint);
  const tables = localTableNames('bench');
  await ensureTables(client, tables);
  // Webhooks go to a receiver that answers 200 at once: the latency run measures the request path, not deliveries.
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end('{}'));
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const emulator = await startStripeEmulator({ port: 0, webhookSecret: SECRET, log: false });
  const env = localEnv({
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    STRIPE_API_BASE: emulator.url,
    STRIPE_WEBHOOK_SECRET: SECRET,
    LOCAL_SESSION_SECRET: SESSION,
    APP_URL: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
  });
  const deps: Deps = { ...localDeps(env), tables };
  // The production limiter and its store round trip on every payment action, with room for the run's one customer
  // (two payment actions per booking would pass the production 100 per 15 minutes).
  const rateLimits = createRateLimits({
    client: createAggregatedDynamoClient(dynamo.endpoint),
    tableName: localRateLimitTableFor(tables),
    policies: { payment: { ...RATE_LIMIT_POLICIES.payment, points: 1_000_000 } },
  });
  const runtime: FunctionRuntime = {
    deps: async () => deps,
    verifier: localVerifier(SESSION, deps),
    rateLimits,
    webhookSecret: async () => SECRET,
  };
  const booking = createActionHandler(runtime, { ...bookingActions, ...bookingLifecycleActions });
  const payouts = createPayoutManagerHandler(runtime);
  const webhook = createStripeWebhookHandler(runtime);
  const seed = await seedDemoData(deps, emulator.url);
  const customer = DEMO_USERS[0];
  const provider = DEMO_USERS[1];
  const token = signSession({ userId: customer.userId, email: customer.email, groups: [] }, SESSION, Date.now());
  const providerToken = signSession({ userId: provider.userId, email: provider.email, groups: ['PROVIDER'] }, SESSION, Date.now());
  const call = async (fn: typeof booking, action: string, payload: object, t = token) => {
    const res = await fn({ action, payload, token: t });
    if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body) as Record<string, unknown>;
  };
  const pk = async (path: string, form: Record<string, string>) => {
    const res = await fetch(`${emulator.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer pk_test_bench', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return (await res.json()) as { id: string; status?: string };
  };
  const card = { type: 'card', 'card[number]': '4242424242424242', 'card[exp_month]': '12', 'card[exp_year]': '2035', 'card[cvc]': '123' };

  // ---- 1. create → confirmed ----
  const from = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 28 * 86_400_000).toISOString().slice(0, 10);
  const services = ['svc_demo_portrait', 'svc_demo_cleaning', 'svc_demo_yoga'];
  const slots: { serviceId: string; startDateTime: string; endDateTime: string }[] = [];
  for (const serviceId of services) {
    const r = (await call(booking, 'CHECK_AVAILABILITY', { serviceId, from, to })) as {
      slots: { startDateTime: string; endDateTime: string }[];
    };
    // Services share the provider's time: keep slots that overlap none already taken.
    for (const s of r.slots)
      if (!slots.some((x) => x.startDateTime < s.endDateTime && s.startDateTime < x.endDateTime)) slots.push({ serviceId, ...s });
  }
  const n = Math.min(BOOKINGS, slots.length);
  say(`create → confirmed: ${n} bookings, one at a time…`);
  const appLatency: number[] = [];
  const bookingIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const slot = slots[i]!;
    const t = performance.now();
    const created = (await call(booking, 'CREATE_BOOKING', { ...slot, groupSize: 1 })) as { bookingId: string; clientSecret: string };
    const pm = await pk('/v1/payment_methods', card);
    const piId = created.clientSecret.split('_secret_')[0]!;
    await pk(`/v1/payment_intents/${piId}/confirm`, { client_secret: created.clientSecret, payment_method: pm.id });
    const confirmed = (await call(booking, 'CONFIRM_BOOKING', { bookingId: created.bookingId })) as { booking: { status: string } };
    appLatency.push(performance.now() - t);
    if (confirmed.booking.status !== 'CONFIRMED') throw new Error(`booking ${created.bookingId} is ${confirmed.booking.status}`);
    bookingIds.push(created.bookingId);
    if ((i + 1) % 20 === 0) say(`  ${i + 1}/${n}`);
  }

  say('the floor: the same DynamoDB and Stripe calls, bare…');
  const floorLatency: number[] = [];
  const { db } = deps;
  for (let i = 0; i < n; i++) {
    const id = `bk_floor_${i}`;
    const now = new Date().toISOString();
    const t = performance.now();
    await db.send(new GetCommand({ TableName: tables.Service, Key: { id: 'svc_demo_portrait' }, ConsistentRead: true }));
    await db.send(new GetCommand({ TableName: tables.UserProfile, Key: { id: provider.userId }, ConsistentRead: true }));
    const item = {
      id,
      __typename: 'Booking',
      createdAt: now,
      updatedAt: now,
      status: 'PENDING_PAYMENT',
      providerId: `floor_provider`,
      customerId: 'floor',
      serviceId: 'floor',
      startDateTime: now,
      endDateTime: now,
      holdExpiresAt: now,
    };
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tables.Booking, Item: item, ConditionExpression: 'attribute_not_exists(id)' } },
          ...[0, 1, 2, 3].map((q) => ({
            Put: { TableName: tables.SlotHold, Item: { id: `${id}#${q}`, bookingId: id }, ConditionExpression: 'attribute_not_exists(id)' },
          })),
        ],
      }),
    );
    const pi = await deps.stripe.paymentIntents.create(
      {
        amount: 12_000,
        currency: 'usd',
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        transfer_group: id,
        metadata: { floor: id },
      },
      { idempotencyKey: `floor:${id}` },
    );
    await db.send(
      new UpdateCommand({
        TableName: tables.Booking,
        Key: { id },
        UpdateExpression: 'SET paymentIntentId = :p',
        ExpressionAttributeValues: { ':p': pi.id },
      }),
    );
    const pm = await pk('/v1/payment_methods', card);
    await pk(`/v1/payment_intents/${pi.id}/confirm`, { client_secret: pi.client_secret!, payment_method: pm.id });
    await db.send(new GetCommand({ TableName: tables.Booking, Key: { id }, ConsistentRead: true }));
    await deps.stripe.paymentIntents.retrieve(pi.id);
    await db.send(new GetCommand({ TableName: tables.Booking, Key: { id }, ConsistentRead: true }));
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tables.Booking,
              Key: { id },
              UpdateExpression: 'SET #s = :c',
              ConditionExpression: '#s = :p',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':c': 'CONFIRMED', ':p': 'PENDING_PAYMENT' },
            },
          },
          ...['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING'].map((type) => ({
            Put: {
              TableName: tables.Transaction,
              Item: { id: `${id}#${type}`, bookingId: id, type, createdAt: now },
              ConditionExpression: 'attribute_not_exists(id)',
            },
          })),
        ],
      }),
    );
    await db.send(new GetCommand({ TableName: tables.Booking, Key: { id }, ConsistentRead: true }));
    floorLatency.push(performance.now() - t);
  }

  // ---- 2. webhooks with dedupe ----
  say(`webhooks: ${WEBHOOK_EVENTS} deliveries (${WEBHOOK_EVENTS / 2} events, each twice), 8 at a time…`);
  await emulator.flushWebhooks();
  const piEvents = (await deps.stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 })).data;
  const deliveries: string[] = [];
  for (let i = 0; i < WEBHOOK_EVENTS / 2; i++) {
    const base = piEvents[i % piEvents.length]!;
    const payload = JSON.stringify({ ...base, id: `evt_bench_${i}` });
    deliveries.push(payload, payload);
  }
  const outcomes = new Map<string, number>();
  let next = 0;
  const [, webhookMs] = await timed(() =>
    Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < deliveries.length) {
          const payload = deliveries[next++]!;
          const signature = deps.stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
          const res = await webhook({ headers: { 'stripe-signature': signature }, body: payload });
          const outcome = res.statusCode === 200 ? String((JSON.parse(res.body) as { outcome: string }).outcome) : `http_${res.statusCode}`;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }
      }),
    ),
  );
  const eventsPerSecond = (deliveries.length / webhookMs) * 1000;

  // ---- 3. CALCULATE_EARNINGS, 0 and 100 000 unrelated bookings ----
  const earnings = async (label: string) => {
    const times: number[] = [];
    for (let i = 0; i < 30; i++)
      times.push((await timed(() => call(payouts as typeof booking, 'CALCULATE_EARNINGS', {}, providerToken)))[1]);
    say(`  CALCULATE_EARNINGS (${label}): p50 ${ms(pct(times, 50))}`);
    return times;
  };
  say('CALCULATE_EARNINGS with 0 unrelated bookings…');
  const empty = await earnings('0 unrelated');

  say(`writing ${UNRELATED} unrelated bookings (BatchWrite × 25, 16 at a time, budget ${FILL_BUDGET_MS / 1000} s)…`);
  const fillStart = Date.now();
  const written = await writeUnrelatedBookings(db, tables.Booking, { count: UNRELATED, budgetMs: FILL_BUDGET_MS, say });
  say(`  wrote ${written} in ${((Date.now() - fillStart) / 1000).toFixed(0)} s`);
  const full = await earnings(`${written} unrelated`);

  // ---- 4. the admin dashboard, 0 and 1 000 000 ledger lines ----
  const adminToken = signSession({ userId: DEMO_USERS[2].userId, email: DEMO_USERS[2].email, groups: ['ADMIN'] }, SESSION, Date.now());
  const refunds = createRefundProcessorHandler(runtime);
  const dashboard = (label: string) =>
    timeCalls(
      30,
      () => call(refunds as typeof booking, 'ADMIN_METRICS', { days: 14 }, adminToken),
      (t) => say(`  ADMIN_METRICS (${label}): p50 ${ms(pct(t, 50))}`),
    );
  const dashEmpty = await dashboard('before the volume');
  say(`writing ${LEDGER_LINES} ledger lines over 14 days (budget ${FILL_BUDGET_MS / 1000} s)…`);
  const lines = await writeLedgerVolume(db, tables, { lines: LEDGER_LINES, budgetMs: FILL_BUDGET_MS, days: 14, say });
  const dashFull = await dashboard(`${lines} ledger lines`);

  const a50 = pct(appLatency, 50);
  const a99 = pct(appLatency, 99);
  const f50 = pct(floorLatency, 50);
  const f99 = pct(floorLatency, 99);
  const rows: [string, string, string, string][] = [
    ['booking create → confirmed, p50', ms(a50), ms(f50), `${(a50 / f50).toFixed(2)}×`],
    ['booking create → confirmed, p99', ms(a99), ms(f99), `${(a99 / f99).toFixed(2)}×`],
    [
      `webhook events/s with dedupe (${deliveries.length} deliveries, ${[...outcomes].map(([k, v]) => `${v} ${k}`).join(', ')})`,
      `${eventsPerSecond.toFixed(0)}/s`,
      '',
      '',
    ],
    ['CALCULATE_EARNINGS, 0 unrelated bookings, p50 / p99', `${ms(pct(empty, 50))} / ${ms(pct(empty, 99))}`, '', ''],
    [
      `CALCULATE_EARNINGS, ${written.toLocaleString('en-US')} unrelated bookings, p50 / p99`,
      `${ms(pct(full, 50))} / ${ms(pct(full, 99))}`,
      '',
      `${(pct(full, 50) / pct(empty, 50)).toFixed(2)}× of 0`,
    ],
    ['admin dashboard (ADMIN_METRICS, 14 days), empty ledger, p50 / p99', `${ms(pct(dashEmpty, 50))} / ${ms(pct(dashEmpty, 99))}`, '', ''],
    [`admin dashboard, ${lines.toLocaleString('en-US')} more ledger lines, p50 / p99`, `${ms(pct(dashFull, 50))} / ${ms(pct(dashFull, 99))}`, '', `${(pct(dashFull, 50) / pct(dashEmpty, 50)).toFixed(2)}× of empty`], // prettier-ignore
  ];
  say('the deployable bundles: size, cold start, warm p50…');
  const secrets = { STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: SECRET };
  rows.push(
    ...(await bundleRows({
      root: fileURLToPath(new URL('..', import.meta.url)),
      tables,
      dynamoEndpoint: dynamo.endpoint,
      stripeUrl: emulator.url,
      secrets,
    })),
  );
  const head: [string, string, string, string] = ['measure', 'app', 'floor (bare calls)', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log('');
  console.log(
    `${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ${Math.round(os.totalmem() / 2 ** 30)} GB · Node ${process.version} · DynamoDB Local (in memory) + Stripe emulator · ${n} bookings (account ${seed.providerAccountId})`,
  );
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));

  await emulator.close();
  sink.close();
  client.destroy();
  await dynamo.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
