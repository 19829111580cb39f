/**
 * The bench's own local stack: in-memory DynamoDB Local with the `bench` tables, the Stripe emulator, a webhook sink,
 * the demo seed, and the production handlers over a runtime whose payment limit is raised (one customer makes far more
 * payment calls than the production 100 per 15 minutes). Everything the rows share.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Group } from '../../lib/auth/identity';
import { signSession } from '../../lib/auth/local-session';
import { localRateLimitTableFor, localTableNames, type TableNames } from '../../lib/data/tables';
import { RATE_LIMIT_POLICIES } from '../../lib/domain/rate-limits';
import { bookingLifecycleActions } from '../../lib/functions/actions/booking-lifecycle';
import { bookingActions } from '../../lib/functions/booking-processor';
import { createActionHandler } from '../../lib/functions/dispatch';
import { createPayoutManagerHandler } from '../../lib/functions/payout-manager';
import { createRefundProcessorHandler } from '../../lib/functions/refund-processor';
import type { FunctionRuntime } from '../../lib/functions/runtime';
import { createStripeWebhookHandler } from '../../lib/functions/stripe-webhook';
import { createAggregatedDynamoClient } from '../../lib/local/dynamo-clients';
import { createDynamoClients, startDynamoDbLocal } from '../../lib/local/dynamodb';
import { isListening } from '../../lib/local/processes';
import { localDeps, localEnv, localVerifier } from '../../lib/local/runtime';
import { DEMO_USERS, seedDemoData } from '../../lib/local/seed';
import { startStripeEmulator } from '../../lib/local/stripe-emulator/server';
import { ensureTables } from '../../lib/local/tables';
import type { Deps } from '../../lib/ports';
import { createRateLimits } from '../../lib/services/rate-limits';
import { say } from '../bench-stats';

export const TABLE_SUFFIX = 'bench';
export const WEBHOOK_SECRET = 'whsec_bench_secret_0000000000';
export const SESSION_SECRET = 'bench-session-secret';
/** A fixed emulator port: the production build inlines the emulator's URL, so a build is reusable only on the same one. */
const EMULATOR_PORT = Number(process.env.BENCH_STRIPE_PORT ?? 12171);

export const CARD = {
  type: 'card',
  'card[number]': '4242424242424242',
  'card[exp_month]': '12',
  'card[exp_year]': '2035',
  'card[cvc]': '123',
};

type ActionHandler = ReturnType<typeof createActionHandler>;

export async function startBenchStack() {
  say('starting DynamoDB Local (in memory) and the Stripe emulator…');
  const dynamo = await startDynamoDbLocal({ inMemory: true });
  const { client } = createDynamoClients(dynamo.endpoint);
  const tables: TableNames = localTableNames(TABLE_SUFFIX);
  await ensureTables(client, tables);
  // Webhooks go to a receiver that answers 200 at once: the latency rows measure the request path, not deliveries.
  const sink: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end('{}'));
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const port = (await isListening('127.0.0.1', EMULATOR_PORT)) ? 0 : EMULATOR_PORT;
  const emulator = await startStripeEmulator({ port, host: '127.0.0.1', webhookSecret: WEBHOOK_SECRET, log: false });
  const env = localEnv({
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TABLE_SUFFIX,
    STRIPE_API_BASE: emulator.url,
    NEXT_PUBLIC_STRIPE_API_BASE: emulator.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    LOCAL_SESSION_SECRET: SESSION_SECRET,
    APP_URL: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
  });
  const deps: Deps = { ...localDeps(env), tables };
  const runtime: FunctionRuntime = {
    deps: async () => deps,
    verifier: localVerifier(SESSION_SECRET, deps),
    rateLimits: createRateLimits({
      client: createAggregatedDynamoClient(dynamo.endpoint),
      tableName: localRateLimitTableFor(tables),
      policies: { payment: { ...RATE_LIMIT_POLICIES.payment, points: 1_000_000 } },
    }),
    webhookSecret: async () => WEBHOOK_SECRET,
  };
  const booking: ActionHandler = createActionHandler(runtime, { ...bookingActions, ...bookingLifecycleActions });
  const payouts = createPayoutManagerHandler(runtime) as ActionHandler;
  const refunds = createRefundProcessorHandler(runtime) as ActionHandler;
  const webhook = createStripeWebhookHandler(runtime);
  const seed = await seedDemoData(deps, emulator.url);
  const [customer, provider, admin] = DEMO_USERS;
  const tokenOf = (user: { userId: string; email: string }, groups: Group[]) =>
    signSession({ userId: user.userId, email: user.email, groups }, SESSION_SECRET, Date.now());
  const tokens = { customer: tokenOf(customer, []), provider: tokenOf(provider, ['PROVIDER']), admin: tokenOf(admin, ['ADMIN']) };

  const call = async (fn: ActionHandler, action: string, payload: object, token = tokens.customer) => {
    const res = await fn({ action, payload, token });
    if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body) as Record<string, unknown>;
  };
  /** What Stripe.js does with the publishable key: card details to a PaymentMethod, and the PaymentIntent's confirm. */
  const pk = async (path: string, form: Record<string, string>) => {
    const res = await fetch(`${emulator.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer pk_test_bench', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return (await res.json()) as { id: string; status?: string };
  };
  const payByCard = async (clientSecret: string) => {
    const pm = await pk('/v1/payment_methods', CARD);
    await pk(`/v1/payment_intents/${clientSecret.split('_secret_')[0]}/confirm`, { client_secret: clientSecret, payment_method: pm.id });
  };

  const close = async () => {
    await emulator.close();
    sink.close();
    client.destroy();
    await dynamo.stop();
  };
  return { dynamo, tables, emulator, env, deps, runtime, booking, payouts, refunds, webhook, seed, tokens, call, pk, payByCard, close };
}

export type BenchStack = Awaited<ReturnType<typeof startBenchStack>>;
