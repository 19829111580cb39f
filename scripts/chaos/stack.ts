/**
 * The chaos runs' stack: one set of tables on a DynamoDB Local, an in-memory Stripe emulator with its fault knobs, the
 * production function handlers (lib/local/functions.ts) on a runtime whose payment limit is raised (one customer makes
 * hundreds of payment calls, as scripts/bench.ts does), a movable app clock, and the webhook receiver that can "die"
 * between the DynamoDB commit and the 2xx: the handler runs to the end, then the connection is dropped, so Stripe
 * retries a delivery whose effects are already written.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signSession } from '../../lib/auth/local-session';
import type { Group } from '../../lib/auth/identity';
import { localRateLimitTableFor, type TableNames } from '../../lib/data/tables';
import { RATE_LIMIT_POLICIES } from '../../lib/domain/rate-limits';
import type { FunctionRuntime } from '../../lib/functions/runtime';
import { createAggregatedDynamoClient } from '../../lib/local/dynamo-clients';
import { createLocalFunctions } from '../../lib/local/functions';
import { localDeps, localEnv, localVerifier } from '../../lib/local/runtime';
import { DEMO_USERS, seedDemoData } from '../../lib/local/seed';
import { seededRandom } from '../../lib/local/stripe-emulator/faults';
import { startStripeEmulator } from '../../lib/local/stripe-emulator/server';
import type { Deps } from '../../lib/ports';
import { createRateLimits } from '../../lib/services/rate-limits';
import { createStripeClient } from '../../lib/stripe/client';

const SECRET = 'whsec_chaos_secret_000000000000';
const SESSION = 'chaos-session-secret';
const STRIPE_KEY = 'sk_test_chaos';

export interface ChaosStackOptions {
  dynamoEndpoint: string;
  /** Created beforehand (ensureTables / createIsolatedTables). */
  tables: TableNames;
  seed?: number;
}

export async function startChaosStack(options: ChaosStackOptions) {
  const random = seededRandom(options.seed ?? 1);
  let killRate = 0;
  let kills = 0;
  let handler: ReturnType<typeof createLocalFunctions>['stripe-webhook'] | undefined;
  const receiver: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const response = await handler!({ headers, body: Buffer.concat(chunks).toString('utf8') });
    // The process "dies" after its work is committed and before it answers: Stripe sees no 2xx and retries.
    if (response.statusCode < 300 && random() < killRate) {
      kills += 1;
      res.socket?.destroy();
      return;
    }
    res.writeHead(response.statusCode, response.headers).end(response.body);
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const emulator = await startStripeEmulator({
    port: 0,
    webhookSecret: SECRET,
    log: false,
    // Stripe retries for days; here quickly, and often enough that a 30% kill rate never exhausts the attempts.
    webhookRetry: { maxAttempts: 12, initialDelayMs: 20, timeoutMs: 5_000 },
  });
  const env = localEnv({
    DYNAMODB_ENDPOINT: options.dynamoEndpoint,
    STRIPE_API_BASE: emulator.url,
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_SECRET_KEY: STRIPE_KEY,
    LOCAL_SESSION_SECRET: SESSION,
    APP_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
  });
  let offsetMs = 0;
  const deps: Deps = {
    ...localDeps(env, options.tables),
    // A short timeout: an injected timeout costs a second, and the SDK retries it (same idempotency key) like a 5xx.
    stripe: createStripeClient({ secretKey: STRIPE_KEY, apiBase: emulator.url, maxNetworkRetries: 3, timeoutMs: 1_000 }),
    clock: { now: () => new Date(Date.now() + offsetMs) },
  };
  const runtime: FunctionRuntime = {
    deps: async () => deps,
    verifier: localVerifier(SESSION, deps),
    rateLimits: createRateLimits({
      client: createAggregatedDynamoClient(options.dynamoEndpoint),
      tableName: localRateLimitTableFor(options.tables),
      policies: { payment: { ...RATE_LIMIT_POLICIES.payment, points: 1_000_000 } },
    }),
    webhookSecret: async () => SECRET,
  };
  const functions = createLocalFunctions(runtime);
  handler = functions['stripe-webhook'];
  const seeded = await seedDemoData(deps, emulator.url);
  await emulator.flushWebhooks();

  const tokenFor = (userId: string, email: string, groups: Group[] = []) => signSession({ userId, email, groups }, SESSION, Date.now());
  const [customer, provider, admin] = DEMO_USERS;
  return {
    deps,
    tables: options.tables,
    emulator,
    functions,
    seeded,
    random,
    tokens: {
      customer: tokenFor(customer.userId, customer.email),
      provider: tokenFor(provider.userId, provider.email, ['PROVIDER']),
      admin: tokenFor(admin.userId, admin.email, ['ADMIN']),
      strangerCustomer: tokenFor('user_chaos_stranger', 'stranger@chaos.local'),
      strangerProvider: tokenFor('user_chaos_other_provider', 'other-provider@chaos.local', ['PROVIDER']),
    },
    users: { customer, provider, admin },
    /**
     * A token of a session of its own, for calls that may end it (SIGN_OUT signs out the caller's session: the fuzzing
     * and the access matrix would otherwise sign their callers out for every later call).
     */
    freshToken(role: 'customer' | 'provider' | 'admin' | 'strangerCustomer' | 'strangerProvider'): string {
      if (role === 'customer') return tokenFor(customer.userId, customer.email);
      if (role === 'provider') return tokenFor(provider.userId, provider.email, ['PROVIDER']);
      if (role === 'admin') return tokenFor(admin.userId, admin.email, ['ADMIN']);
      if (role === 'strangerCustomer') return tokenFor('user_chaos_stranger', 'stranger@chaos.local');
      return tokenFor('user_chaos_other_provider', 'other-provider@chaos.local', ['PROVIDER']);
    },
    /** Drops the answer of this share of successful webhook deliveries (after the handler committed). */
    setKillRate(rate: number) {
      killRate = rate;
    },
    get kills() {
      return kills;
    },
    /** Moves the app's clock (not the emulator's) to `ms` after real time. */
    setClockOffset(ms: number) {
      offsetMs = ms;
    },
    async close() {
      await emulator.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
}
export type ChaosStack = Awaited<ReturnType<typeof startChaosStack>>;
