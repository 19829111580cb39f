import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { signSession } from '../../../lib/auth/local-session';
import type { Group } from '../../../lib/auth/identity';
import type { TableNames } from '../../../lib/data/tables';
import type { HttpResponse } from '../../../lib/http/errors';
import { startLocalEventStream } from '../../../lib/local/event-stream';
import { createLocalFunctions } from '../../../lib/local/functions';
import type { RateLimitPolicies } from '../../../lib/domain/rate-limits';
import { localDeps, localEnv, localRuntime } from '../../../lib/local/runtime';
import { DEMO_USERS, seedDemoData, type SeedSummary } from '../../../lib/local/seed';
import { startStripeEmulator } from '../../../lib/local/stripe-emulator/server';
import type { Deps } from '../../../lib/ports';
import { createIsolatedTables, dynamoEndpoint, testDynamoClients } from '../../setup/dynamo';

export const TEST_WEBHOOK_SECRET = 'whsec_integration_test_secret_000000';
const SESSION_SECRET = 'integration-session-secret';

export interface WebhookDelivery {
  eventType: string;
  response: HttpResponse;
}

/**
 * The local stack of one test file: its own DynamoDB tables, an in-memory Stripe emulator, the five
 * function handlers, an HTTP receiver that hands the emulator's signed webhooks to stripe-webhook, and the
 * domain events' stream read into the consumers (`await stack.events.drained()` before asserting what they keep).
 */
/** `rateLimitPolicies`: raised limits for a file that acts as one user more often than production allows (the matrix). */
export async function startTestStack(label: string, rateLimitPolicies?: Partial<RateLimitPolicies>) {
  const tables: TableNames = await createIsolatedTables(testDynamoClients(), label);
  const deliveries: WebhookDelivery[] = [];
  let webhookHandler: ((e: { headers: Record<string, string>; body: string }) => Promise<HttpResponse>) | undefined;

  const receiver: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const response = await webhookHandler!({ headers, body });
    deliveries.push({ eventType: safeType(body), response });
    res.writeHead(response.statusCode, response.headers).end(response.body);
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const emulator = await startStripeEmulator({ port: 0, webhookSecret: TEST_WEBHOOK_SECRET, log: false });
  const env = localEnv({
    DYNAMODB_ENDPOINT: dynamoEndpoint(),
    STRIPE_API_BASE: emulator.url,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    LOCAL_SESSION_SECRET: SESSION_SECRET,
    APP_URL: appUrl,
    // the run's MailDev (__tests__/setup/integration.ts)
    ...(process.env.SMTP_PORT ? { SMTP_PORT: process.env.SMTP_PORT } : {}),
  });
  const deps: Deps = localDeps(env, tables);
  const events = startLocalEventStream(deps, {
    endpoint: env.DYNAMODB_ENDPOINT,
    progress: false,
    log: (line) => console.warn(`[events ${label}] ${line}`),
  });
  const runtime = localRuntime(env, deps, rateLimitPolicies);
  const functions = createLocalFunctions(runtime);
  webhookHandler = functions['stripe-webhook'];
  const seed: SeedSummary = await seedDemoData(deps, emulator.url);

  const tokenFor = (userId: string, email: string, groups: Group[] = []) =>
    signSession({ userId, email, groups }, SESSION_SECRET, Date.now());
  const customer = DEMO_USERS[0];

  return {
    deps,
    tables,
    emulator,
    /** The functions' runtime (production wiring: a test may build a handler on it with other rate limits). */
    runtime,
    functions,
    events,
    seed,
    deliveries,
    appUrl,
    tokenFor,
    /** What the stack's functions verify session tokens with. */
    sessionSecret: SESSION_SECRET,
    customerToken: tokenFor(customer.userId, customer.email),
    /** Calls booking-processor like the Next.js route does, and parses the JSON answer. */
    async booking<T = Record<string, unknown>>(action: string, payload: object, token?: string) {
      const res = await functions['booking-processor']({ action, payload, ...(token ? { token } : {}) });
      return { status: res.statusCode, body: JSON.parse(res.body) as T };
    },
    async close() {
      await events.stop();
      await emulator.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
}
export type TestStack = Awaited<ReturnType<typeof startTestStack>>;

function safeType(body: string): string {
  try {
    return (JSON.parse(body) as { type?: string }).type ?? 'unknown';
  } catch {
    return 'unparseable';
  }
}

/** What Stripe.js does in the browser: tokenize the card with the publishable key, then confirm with the client secret. */
export async function confirmLikeStripeJs(emulatorUrl: string, clientSecret: string, cardNumber: string) {
  const pk = 'pk_test_integration';
  const post = (path: string, form: Record<string, string>) =>
    fetch(`${emulatorUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pk}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  const pmRes = await post('/v1/payment_methods', {
    type: 'card',
    'card[number]': cardNumber,
    'card[exp_month]': '12',
    'card[exp_year]': String(new Date().getUTCFullYear() + 3),
    'card[cvc]': '123',
  });
  const pm = (await pmRes.json()) as { id: string };
  const piId = clientSecret.split('_secret_')[0]!;
  const res = await post(`/v1/payment_intents/${piId}/confirm`, { client_secret: clientSecret, payment_method: pm.id });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & {
      error?: Stripe.RawErrorType | { code?: string; decline_code?: string; message?: string };
    },
  };
}

/** The first free slot of a service from CHECK_AVAILABILITY, searching the next two weeks. */
export async function firstFreeSlot(stack: TestStack, serviceId: string, skip = 0) {
  const today = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const { status, body } = await stack.booking<{ slots: { startDateTime: string; endDateTime: string }[] }>('CHECK_AVAILABILITY', {
    serviceId,
    from: today,
    to,
  });
  if (status !== 200 || !body.slots[skip]) throw new Error(`no free slot: ${status} ${JSON.stringify(body)}`);
  return body.slots[skip];
}

/** What Stripe.js does on the saved-cards page: a card PaymentMethod, then confirming the SetupIntent with it. */
export async function confirmSetupIntentLikeStripeJs(
  emulatorUrl: string,
  setupIntent: { setupIntentId: string; clientSecret: string },
  cardNumber = '4242424242424242',
): Promise<{ paymentMethodId: string; status: string | undefined }> {
  const post = (path: string, form: Record<string, string>) =>
    fetch(`${emulatorUrl}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer pk_test_integration', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    }).then((r) => r.json() as Promise<{ id: string; status?: string }>);
  const pm = await post('/v1/payment_methods', {
    type: 'card',
    'card[number]': cardNumber,
    'card[exp_month]': '12',
    'card[exp_year]': '2035',
    'card[cvc]': '123',
  });
  const done = await post(`/v1/setup_intents/${setupIntent.setupIntentId}/confirm`, {
    client_secret: setupIntent.clientSecret,
    payment_method: pm.id,
  });
  return { paymentMethodId: pm.id, status: done.status };
}

/** Money in the platform's Stripe balance, available at once (the bypass-pending test card), to fund transfers. */
export async function fundPlatformBalance(stack: Pick<TestStack, 'deps'>, amountCents: number): Promise<void> {
  const funding = await stack.deps.stripe.paymentIntents.create({
    amount: amountCents,
    currency: 'usd',
    payment_method: 'pm_card_bypassPending',
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });
  if (funding.status !== 'succeeded') throw new Error(`funding the platform balance: ${funding.status}`);
}
