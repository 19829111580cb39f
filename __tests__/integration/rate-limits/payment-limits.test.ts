/**
 * Payment-changing actions under the rate limit, through the production action tables and dispatch on the test
 * stack's runtime, with the real limiter on DynamoDB Local and small limits (3 per minute; 2 per second where the
 * window must end). Two limiters with their own clients stand in for two Lambda instances.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRateLimitTableFor } from '../../../lib/data/tables';
import { RATE_LIMIT_POLICIES, type RateLimitPolicies } from '../../../lib/domain/rate-limits';
import { createBookingProcessorHandler } from '../../../lib/functions/booking-processor';
import { createRefundProcessorHandler } from '../../../lib/functions/refund-processor';
import type { FunctionRuntime } from '../../../lib/functions/runtime';
import { createStripeConnectHandler } from '../../../lib/functions/stripe-connect';
import { createStripeWebhookHandler } from '../../../lib/functions/stripe-webhook';
import type { HttpResponse } from '../../../lib/http/errors';
import { createAggregatedDynamoClient } from '../../../lib/local/dynamo-clients';
import type { RateLimits } from '../../../lib/ports';
import { createRateLimits } from '../../../lib/services/rate-limits';
import { dynamoEndpoint } from '../../setup/dynamo';
import { firstFreeSlot, startTestStack, TEST_WEBHOOK_SECRET, type TestStack } from '../support/local-stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('rl-payment');
});
afterAll(async () => stack?.close());

const PORTRAIT = 'svc_demo_portrait';
const perMinute = (points: number): Partial<RateLimitPolicies> => ({
  payment: { ...RATE_LIMIT_POLICIES.payment, points, durationSeconds: 60 },
});

/** A limiter of its own: its own DynamoDB client, as another Lambda instance would have. */
function limiter(policies: Partial<RateLimitPolicies>, options: { tableName?: string; log?: (line: string) => void } = {}): RateLimits {
  return createRateLimits({
    client: createAggregatedDynamoClient(dynamoEndpoint()),
    tableName: options.tableName ?? localRateLimitTableFor(stack.tables),
    policies,
    ...(options.log ? { log: options.log } : {}),
  });
}
/** The production handlers on the stack's runtime, counting with `rateLimits`. */
function instance(rateLimits: RateLimits) {
  const runtime: FunctionRuntime = { ...stack.runtime, rateLimits };
  return {
    booking: createBookingProcessorHandler(runtime),
    connect: createStripeConnectHandler(runtime),
    refunds: createRefundProcessorHandler(runtime),
  };
}
type Handler = (request: unknown) => Promise<HttpResponse>;
const newUser = (label: string) => {
  const id = `user_rl_${label}_${randomUUID().slice(0, 8)}`;
  return stack.tokenFor(id, `${id}@example.com`);
};
async function send(handler: Handler, action: string, payload: object, token: string) {
  const res = await handler({ action, payload, token });
  return {
    status: res.statusCode,
    headers: res.headers,
    body: JSON.parse(res.body) as Record<string, unknown> & { details?: Record<string, unknown> },
  };
}
const requestId = () => `rl_${randomUUID().replace(/-/g, '')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectRateLimited(res: Awaited<ReturnType<typeof send>>, maxSeconds: number): number {
  expect(res.status).toBe(429);
  expect(res.body.code).toBe('RATE_LIMITED');
  expect(res.body.error).toMatch(/^Too many attempts\. Try again in \d+ (second|minute)s?\.$/);
  const seconds = res.body.details?.retryAfterSeconds as number;
  expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= maxSeconds).toBe(true);
  expect(res.headers['retry-after']).toBe(String(seconds));
  return seconds;
}

describe('payment-changing actions: per verified caller, across functions', () => {
  it('the 4th of 3 per minute is 429 with Retry-After and does nothing; reads still work; another user is unaffected', async () => {
    const fns = instance(limiter(perMinute(3)));
    const token = newUser('a');
    expect((await send(fns.connect, 'CREATE_SETUP_INTENT', { requestId: requestId() }, token)).status).toBe(200);
    const booked = await send(
      fns.booking,
      'CREATE_BOOKING',
      { serviceId: PORTRAIT, ...(await firstFreeSlot(stack, PORTRAIT)), groupSize: 1 },
      token,
    );
    expect(booked.status).toBe(200);
    const bookingId = booked.body.bookingId as string;
    expect((await send(fns.booking, 'CANCEL_BOOKING', { bookingId }, token)).status).toBe(200);

    const slot = await firstFreeSlot(stack, PORTRAIT, 1);
    const refused = await send(fns.booking, 'CREATE_BOOKING', { serviceId: PORTRAIT, ...slot, groupSize: 1 }, token);
    const firstWait = expectRateLimited(refused, 60);
    // the same request again (a retry, a double click): refused again, and the window is not pushed out
    expect(
      expectRateLimited(await send(fns.booking, 'CREATE_BOOKING', { serviceId: PORTRAIT, ...slot, groupSize: 1 }, token), 60),
    ).toBeLessThanOrEqual(firstWait);

    // reads are not limited, and show that the refused requests booked nothing
    const mine = await send(fns.booking, 'LIST_MY_BOOKINGS', {}, token);
    expect(mine.status).toBe(200);
    expect((mine.body.bookings as { id: string; status: string }[]).map((b) => [b.id, b.status])).toEqual([[bookingId, 'CANCELLED']]);
    expect((await send(fns.booking, 'GET_BOOKING', { bookingId }, token)).status).toBe(200);
    expect((await send(fns.connect, 'LIST_CARDS', {}, token)).status).toBe(200);
    expect((await send(fns.connect, 'GET_CREDITS', {}, token)).status).toBe(200);

    // another caller has a count of their own
    const other = await send(fns.booking, 'CREATE_BOOKING', { serviceId: PORTRAIT, ...slot, groupSize: 1 }, newUser('b'));
    expect(other.status).toBe(200);
  });

  it('counts on the token, never the body: naming another customer neither spends their count nor escapes ours', async () => {
    const fns = instance(limiter(perMinute(2)));
    const victimId = `user_rl_victim_${randomUUID().slice(0, 8)}`;
    const victim = stack.tokenFor(victimId, `${victimId}@example.com`);
    const attacker = newUser('attacker');
    for (let i = 0; i < 2; i++) {
      const res = await send(fns.connect, 'CREATE_SETUP_INTENT', { requestId: requestId(), customerId: victimId }, attacker);
      expect(res.status).toBe(403); // the body may not name someone else, and it still counted against the caller
    }
    expectRateLimited(await send(fns.connect, 'CREATE_SETUP_INTENT', { requestId: requestId() }, attacker), 60);
    expect((await send(fns.connect, 'CREATE_SETUP_INTENT', { requestId: requestId() }, victim)).status).toBe(200);
  });

  it('the count ends with its window: allowed again once Retry-After has passed', async () => {
    const fns = instance(limiter({ payment: { ...RATE_LIMIT_POLICIES.payment, points: 2, durationSeconds: 1 } }));
    const token = newUser('window');
    for (let i = 0; i < 2; i++) expect((await send(fns.refunds, 'PROCESS_REFUND', { bookingId: 'bk_rl_missing' }, token)).status).toBe(404);
    const wait = expectRateLimited(await send(fns.refunds, 'PROCESS_REFUND', { bookingId: 'bk_rl_missing' }, token), 1);
    await sleep(wait * 1000 + 50);
    expect((await send(fns.refunds, 'PROCESS_REFUND', { bookingId: 'bk_rl_missing' }, token)).status).toBe(404);
  });
});

describe('two Lambda instances (two clients, two limiters, one table)', () => {
  it('share one count: what one instance counted, the other refuses beyond', async () => {
    const [a, b] = [instance(limiter(perMinute(3))), instance(limiter(perMinute(3)))];
    const token = newUser('shared');
    expect((await send(a.connect, 'CREATE_SETUP_INTENT', { requestId: requestId() }, token)).status).toBe(200);
    expect((await send(b.connect, 'CREATE_SETUP_INTENT', { requestId: requestId() }, token)).status).toBe(200);
    expect((await send(a.refunds, 'PROCESS_REFUND', { bookingId: 'bk_rl_missing' }, token)).status).toBe(404);
    expectRateLimited(await send(b.connect, 'CREATE_SETUP_INTENT', { requestId: requestId() }, token), 60);
    expectRateLimited(await send(a.booking, 'APPLY_BOOKING_CREDITS', { bookingId: 'bk_rl_missing' }, token), 60);
  });

  it('count atomically under concurrency: of 8 simultaneous requests through both, exactly 3 get through', async () => {
    const [a, b] = [instance(limiter(perMinute(3))), instance(limiter(perMinute(3)))];
    const token = newUser('burst');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => send((i % 2 ? a : b).refunds, 'PROCESS_REFUND', { bookingId: 'bk_rl_missing' }, token)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([404, 404, 404, 429, 429, 429, 429, 429]);
  });
});

describe('when the limiter store fails', () => {
  it('lets payment actions through and logs one JSON line per request, without the caller or token', async () => {
    const lines: string[] = [];
    const fns = instance(limiter(perMinute(1), { tableName: `RateLimit-missing-${randomUUID().slice(0, 8)}`, log: (l) => lines.push(l) }));
    const id = `user_rl_open_${randomUUID().slice(0, 8)}`;
    const token = stack.tokenFor(id, `${id}@example.com`);
    for (let i = 0; i < 2; i++)
      expect((await send(fns.connect, 'CREATE_SETUP_INTENT', { requestId: requestId() }, token)).status).toBe(200);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toMatch(/\n/);
      expect(JSON.parse(line)).toMatchObject({
        level: 'warn',
        msg: 'rate limit store failed: request allowed',
        policy: 'payment',
        error: 'ResourceNotFoundException',
      });
      expect(line).not.toContain(id);
      expect(line).not.toContain(token);
    }
    // reads never touch the store
    expect((await send(fns.connect, 'LIST_CARDS', {}, token)).status).toBe(200);
    expect(lines).toHaveLength(2);
  });
});

describe('Stripe webhooks', () => {
  it('are never counted, whatever the limit, duplicates included', async () => {
    const real = limiter(perMinute(1));
    const calls: string[] = [];
    const recording: RateLimits = {
      consumeAction: (policy, callerId) => (calls.push(`${policy}:${callerId}`), real.consumeAction(policy, callerId)),
      beginSignIn: (a) => (calls.push('signIn'), real.beginSignIn(a)),
      signInFailed: (t) => real.signInFailed(t),
      signInSucceeded: (t) => real.signInSucceeded(t),
      consumeSignUp: (ip) => (calls.push('signUp'), real.consumeSignUp(ip)),
    };
    const webhook = createStripeWebhookHandler({ ...stack.runtime, rateLimits: recording });
    const sign = (payload: string) => stack.deps.stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET });
    const outcomes: string[] = [];
    for (const id of ['evt_rl_1', 'evt_rl_2', 'evt_rl_3', 'evt_rl_3']) {
      const payload = JSON.stringify({ id, object: 'event', type: 'customer.tax_id.created', created: 1, data: { object: {} } });
      const res = await webhook({ headers: { 'Stripe-Signature': sign(payload) }, body: payload });
      expect(res.statusCode).toBe(200);
      outcomes.push(JSON.parse(res.body).outcome as string);
    }
    expect(outcomes).toEqual(['ignored', 'ignored', 'ignored', 'duplicate']);
    expect(calls).toEqual([]);
  });
});
