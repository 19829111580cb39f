/**
 * The lifecycle tests' stack: like startTestStack (its own tables, an in-memory Stripe emulator, the seed), plus
 * - a movable clock for the app (deps.clock): hold expiry and completion need time to pass;
 * - booking-processor, payout-manager and stripe-webhook built by their production factories (lib/functions), so the
 *   action tables and the webhook handler map are exactly the deployed ones: nothing here replaces or extends them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { repo } from '../../../lib/data/repository';
import type Stripe from 'stripe';
import type { Group } from '../../../lib/auth/identity';
import { signSession } from '../../../lib/auth/local-session';
import type { BookingRecord, PayoutRecord } from '../../../lib/data/records';
import type { TableNames } from '../../../lib/data/tables';
import { createBookingProcessorHandler } from '../../../lib/functions/booking-processor';
import { createPayoutManagerHandler } from '../../../lib/functions/payout-manager';
import type { FunctionRuntime } from '../../../lib/functions/runtime';
import { createStripeWebhookHandler } from '../../../lib/functions/stripe-webhook';
import type { HttpResponse } from '../../../lib/http/errors';
import { localDeps, localEnv, localRateLimits, localVerifier } from '../../../lib/local/runtime';
import { DEMO_USERS, seedDemoData } from '../../../lib/local/seed';
import { startStripeEmulator, type EmulatorOptions } from '../../../lib/local/stripe-emulator/server';
import type { Deps } from '../../../lib/ports';
import { createIsolatedTables, dynamoEndpoint, testDynamoClients } from '../../setup/dynamo';

export const LIFECYCLE_WEBHOOK_SECRET = 'whsec_lifecycle_test_secret_000000';
const SESSION_SECRET = 'lifecycle-session-secret';

export const PORTRAIT = 'svc_demo_portrait'; // $120.00 per booking → provider 11 040
export const YOGA = 'svc_demo_yoga'; // $45.50 per person
export const PROVIDER = DEMO_USERS[1];
export const CUSTOMER = DEMO_USERS[0];
export const ADMIN = DEMO_USERS[2];

export async function startLifecycleStack(label: string, emulatorOptions: EmulatorOptions = {}) {
  const tables: TableNames = await createIsolatedTables(testDynamoClients(), label);
  const deliveries: { eventType: string; response: HttpResponse }[] = [];
  let onWebhook: ((e: { headers: Record<string, string>; body: string }) => Promise<HttpResponse>) | undefined;
  const receiver: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const response = await onWebhook!({ headers, body });
    let eventType = 'unknown';
    try {
      eventType = (JSON.parse(body) as { type: string }).type;
    } catch {
      /* keep unknown */
    }
    deliveries.push({ eventType, response });
    res.writeHead(response.statusCode, response.headers).end(response.body);
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const emulator = await startStripeEmulator({ port: 0, webhookSecret: LIFECYCLE_WEBHOOK_SECRET, log: false, ...emulatorOptions });
  const env = localEnv({
    DYNAMODB_ENDPOINT: dynamoEndpoint(),
    STRIPE_API_BASE: emulator.url,
    STRIPE_WEBHOOK_SECRET: LIFECYCLE_WEBHOOK_SECRET,
    LOCAL_SESSION_SECRET: SESSION_SECRET,
    APP_URL: appUrl,
    // the run's MailDev (__tests__/setup/integration.ts)
    ...(process.env.SMTP_PORT ? { SMTP_PORT: process.env.SMTP_PORT } : {}),
  });
  let offsetMs = 0;
  const deps: Deps = { ...localDeps(env, tables), clock: { now: () => new Date(Date.now() + offsetMs) } };
  const runtime: FunctionRuntime = {
    deps: async () => deps,
    verifier: localVerifier(SESSION_SECRET, deps),
    rateLimits: localRateLimits(env, tables),
    webhookSecret: async () => LIFECYCLE_WEBHOOK_SECRET,
  };
  const bookingProcessor = createBookingProcessorHandler(runtime);
  const payoutManager = createPayoutManagerHandler(runtime);
  const webhook = createStripeWebhookHandler(runtime);
  onWebhook = webhook;
  const seed = await seedDemoData(deps, emulator.url);
  await emulator.flushWebhooks();

  const tokenFor = (userId: string, email: string, groups: Group[] = []) =>
    signSession({ userId, email, groups }, SESSION_SECRET, Date.now());
  const call = async <T>(fn: typeof bookingProcessor, action: string, payload: object, token?: string) => {
    const res = await fn({ action, payload, ...(token ? { token } : {}) });
    return { status: res.statusCode, body: JSON.parse(res.body) as T & { code?: string; error?: string } };
  };
  const get = async <T>(table: string, id: string) =>
    (await deps.db.send(new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }))).Item as T | undefined;

  const stack = {
    deps,
    tables,
    emulator,
    seed,
    deliveries,
    runtime,
    webhook,
    payoutManager,
    tokenFor,
    customerToken: tokenFor(CUSTOMER.userId, CUSTOMER.email),
    providerToken: tokenFor(PROVIDER.userId, PROVIDER.email, ['PROVIDER']),
    adminToken: tokenFor(ADMIN.userId, ADMIN.email, ['ADMIN']),
    /** Moves the app's clock (not the emulator's) to `ms` after real time. */
    setClockOffset(ms: number) {
      offsetMs = ms;
    },
    now: () => deps.clock.now(),
    booking: <T = Record<string, unknown>>(action: string, payload: object, token?: string) =>
      call<T>(bookingProcessor, action, payload, token),
    payouts: <T = Record<string, unknown>>(action: string, payload: object, token?: string) =>
      call<T>(payoutManager, action, payload, token),
    storedBooking: async (id: string) => (await get<BookingRecord>(tables.Booking, id))!,
    storedPayout: (id: string) => get<PayoutRecord>(tables.Payout, id),
    slotHold: (id: string) => get<Record<string, unknown>>(tables.SlotHold, id),
    ledger: (bookingId: string) => repo.ledgerOfBooking(deps, bookingId),
    /** Emulator test helpers (/_emulator/…). */
    async helper(path: string, form: Record<string, string> = {}) {
      const res = await fetch(`${emulator.url}/_emulator/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      if (!res.ok) throw new Error(`emulator helper ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<unknown>;
    },
    /** Signs and delivers an event to stripe-webhook as Stripe would. */
    async deliver(event: Stripe.Event | Record<string, unknown>) {
      const payload = JSON.stringify(event);
      const signature = deps.stripe.webhooks.generateTestHeaderString({ payload, secret: LIFECYCLE_WEBHOOK_SECRET });
      const res = await webhook({ headers: { 'Stripe-Signature': signature }, body: payload });
      return { status: res.statusCode, body: JSON.parse(res.body) as { outcome?: string } };
    },
    async close() {
      await emulator.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
  return stack;
}
export type LifecycleStack = Awaited<ReturnType<typeof startLifecycleStack>>;

/** Free slots of a service from CHECK_AVAILABILITY over the next two weeks. */
export async function freeSlots(stack: LifecycleStack, serviceId: string) {
  const today = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const { status, body } = await stack.booking<{ slots: { startDateTime: string; endDateTime: string }[] }>('CHECK_AVAILABILITY', {
    serviceId,
    from: today,
    to,
  });
  if (status !== 200) throw new Error(`CHECK_AVAILABILITY ${status} ${JSON.stringify(body)}`);
  return body.slots;
}

export interface CreatedBooking {
  bookingId: string;
  clientSecret: string;
  slot: { startDateTime: string; endDateTime: string };
}

/** Creates a booking of the `skip`-th free slot for the demo customer. */
export async function createBooking(
  stack: LifecycleStack,
  serviceId = PORTRAIT,
  skip = 0,
  token = stack.customerToken,
  groupSize = 1,
): Promise<CreatedBooking> {
  const slot = (await freeSlots(stack, serviceId))[skip];
  if (!slot) throw new Error('no free slot');
  const res = await stack.booking<{ bookingId: string; clientSecret: string }>('CREATE_BOOKING', { serviceId, ...slot, groupSize }, token);
  if (res.status !== 200) throw new Error(`CREATE_BOOKING ${res.status} ${JSON.stringify(res.body)}`);
  return { bookingId: res.body.bookingId, clientSecret: res.body.clientSecret, slot };
}

/** What Stripe.js does in the browser: a card PaymentMethod with the publishable key, then confirm with the client secret. */
export async function payLikeStripeJs(stack: LifecycleStack, clientSecret: string, cardNumber = '4242424242424242') {
  const post = (path: string, form: Record<string, string>) =>
    fetch(`${stack.emulator.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer pk_test_lifecycle', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  const pm = (await (
    await post('/v1/payment_methods', {
      type: 'card',
      'card[number]': cardNumber,
      'card[exp_month]': '12',
      'card[exp_year]': String(new Date().getUTCFullYear() + 3),
      'card[cvc]': '123',
    })
  ).json()) as { id: string };
  const piId = clientSecret.split('_secret_')[0]!;
  const res = await post(`/v1/payment_intents/${piId}/confirm`, { client_secret: clientSecret, payment_method: pm.id });
  return { status: res.status, body: (await res.json()) as { status?: string; error?: { code?: string } } };
}

/** A paid, confirmed booking (webhooks delivered). */
export async function paidBooking(
  stack: LifecycleStack,
  serviceId = PORTRAIT,
  skip = 0,
  card = '4242424242424242',
): Promise<CreatedBooking> {
  const created = await createBooking(stack, serviceId, skip);
  const paid = await payLikeStripeJs(stack, created.clientSecret, card);
  if (paid.body.status !== 'succeeded') throw new Error(`payment failed: ${JSON.stringify(paid.body)}`);
  await stack.emulator.flushWebhooks();
  return created;
}
