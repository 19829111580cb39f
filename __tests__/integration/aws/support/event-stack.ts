/**
 * A local stack (own DynamoDB tables, in-memory Stripe emulator, the five handlers) whose Stripe events arrive by
 * signed webhook, by EventBridge envelope (the emulator's EventBridge delivery mode → the stripe-webhook Lambda
 * entry, createStripeEventsHandler), or both. Mirrors __tests__/integration/support/local-stack.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { signSession } from '../../../../lib/auth/local-session';
import type { TableNames } from '../../../../lib/data/tables';
import { createStripeEventsHandler, type EventBridgeResult } from '../../../../lib/functions/stripe-webhook';
import type { FunctionRuntime } from '../../../../lib/functions/runtime';
import type { HttpResponse } from '../../../../lib/http/errors';
import { createLocalFunctions } from '../../../../lib/local/functions';
import { localDeps, localEnv, localRuntime } from '../../../../lib/local/runtime';
import { DEMO_USERS, seedDemoData } from '../../../../lib/local/seed';
import type { EventBridgeEnvelope } from '../../../../lib/local/stripe-emulator/emulator';
import { startStripeEmulator } from '../../../../lib/local/stripe-emulator/server';
import type { Deps } from '../../../../lib/ports';
import { createIsolatedTables, dynamoEndpoint, testDynamoClients } from '../../../setup/dynamo';

const WEBHOOK_SECRET = 'whsec_aws_path_test_secret_0000000';
const SESSION_SECRET = 'aws-path-session-secret';

export interface Delivery {
  path: 'webhook' | 'eventbridge';
  eventId: string;
  eventType: string;
  /** webhook: the HTTP answer's outcome; eventbridge: the resolved outcome, or `threw` */
  outcome: string;
  error?: string;
}

export interface EventStackOptions {
  webhook: boolean;
  eventBridge: boolean;
  /** Wraps the runtime stripe-webhook gets on the EventBridge path (fault injection). */
  eventBridgeRuntime?: (runtime: FunctionRuntime) => FunctionRuntime;
  /** Called with an envelope whose last delivery attempt failed: where EventBridge would dead-letter it. */
  deadLetter?: (envelope: EventBridgeEnvelope) => Promise<void>;
}

/** Delivery attempts per event, webhook and EventBridge alike (the emulator's retry policy here). */
export const DELIVERY_ATTEMPTS = 4;

export async function startEventStack(label: string, options: EventStackOptions) {
  const tables: TableNames = await createIsolatedTables(testDynamoClients(), label);
  const deliveries: Delivery[] = [];
  const failedAttempts = new Map<string, number>();
  let events: ((event: unknown) => Promise<HttpResponse | EventBridgeResult>) | undefined;
  let ebEvents: ((event: unknown) => Promise<HttpResponse | EventBridgeResult>) | undefined;

  // Stripe → Function URL: the emulator's signed POST, handed over as a Function URL event (payload 2.0).
  const receiver: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const response = (await events!({
      version: '2.0',
      rawPath: '/',
      headers,
      body,
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/' } },
    })) as HttpResponse;
    const parsed = JSON.parse(body) as { id: string; type: string };
    const answer = JSON.parse(response.body) as { outcome?: string; code?: string };
    deliveries.push({
      path: 'webhook',
      eventId: parsed.id,
      eventType: parsed.type,
      outcome: answer.outcome ?? `http ${response.statusCode}`,
    });
    res.writeHead(response.statusCode, response.headers).end(response.body);
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const emulator = await startStripeEmulator({
    port: 0,
    webhookSecret: WEBHOOK_SECRET,
    log: false,
    webhookRetry: { maxAttempts: DELIVERY_ATTEMPTS, initialDelayMs: 20 },
    ...(options.eventBridge
      ? {
          eventBridge: {
            source: 'aws.partner/stripe.com/ed_test_61TestDestination',
            invoke: async (envelope: EventBridgeEnvelope) => {
              try {
                const result = (await ebEvents!(envelope)) as EventBridgeResult;
                deliveries.push({
                  path: 'eventbridge',
                  eventId: envelope.detail.id,
                  eventType: envelope.detail.type,
                  outcome: result.outcome,
                });
              } catch (err) {
                const error = err instanceof Error ? err.message : String(err);
                deliveries.push({
                  path: 'eventbridge',
                  eventId: envelope.detail.id,
                  eventType: envelope.detail.type,
                  outcome: 'threw',
                  error,
                });
                const attempts = (failedAttempts.get(envelope.detail.id) ?? 0) + 1;
                failedAttempts.set(envelope.detail.id, attempts);
                if (attempts === DELIVERY_ATTEMPTS) await options.deadLetter?.(envelope);
                throw err; // the emulator retries, as EventBridge would
              }
            },
          },
        }
      : {}),
  });
  const env = localEnv({
    DYNAMODB_ENDPOINT: dynamoEndpoint(),
    STRIPE_API_BASE: emulator.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    LOCAL_SESSION_SECRET: SESSION_SECRET,
    APP_URL: appUrl,
  });
  const deps: Deps = localDeps(env, tables);
  const runtime = localRuntime(env, deps);
  const functions = createLocalFunctions(runtime);
  events = createStripeEventsHandler(runtime);
  ebEvents = createStripeEventsHandler(options.eventBridgeRuntime ? options.eventBridgeRuntime(runtime) : runtime);

  await seedDemoData(deps, emulator.url);
  if (!options.webhook) {
    // EventBridge only: Stripe's event destination replaces the webhook endpoint the seed registered.
    for (const endpoint of (await deps.stripe.webhookEndpoints.list({ limit: 100 })).data) {
      await deps.stripe.webhookEndpoints.del(endpoint.id);
    }
  }
  await emulator.flushWebhooks();
  const seededEventIds = new Set((await listPlatformEvents(deps.stripe)).map((e) => e.id));

  const customer = DEMO_USERS[0];
  return {
    deps,
    tables,
    emulator,
    functions,
    deliveries,
    seededEventIds,
    customerToken: signSession({ userId: customer.userId, email: customer.email, groups: [] }, SESSION_SECRET, Date.now()),
    async booking<T = Record<string, unknown>>(action: string, payload: object, token?: string) {
      const res = await functions['booking-processor']({ action, payload, ...(token ? { token } : {}) });
      return { status: res.statusCode, body: JSON.parse(res.body) as T };
    },
    /** The platform's events since the seed, oldest first. */
    async eventsSinceSeed(): Promise<Stripe.Event[]> {
      return (await listPlatformEvents(deps.stripe)).filter((e) => !seededEventIds.has(e.id));
    },
    async close() {
      await emulator.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
}
export type EventStack = Awaited<ReturnType<typeof startEventStack>>;

async function listPlatformEvents(stripe: Stripe): Promise<Stripe.Event[]> {
  const all: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) all.push(event);
  return all.reverse();
}
