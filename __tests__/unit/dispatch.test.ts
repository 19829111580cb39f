import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TokenVerifier } from '../../lib/auth/identity';
import { action, createActionHandler } from '../../lib/functions/dispatch';
import type { FunctionRuntime } from '../../lib/functions/runtime';
import { AppError, toHttpResponse } from '../../lib/http/errors';
import type { Deps, RateLimits } from '../../lib/ports';

const verifier: TokenVerifier = {
  verify: async (token) => {
    if (token === 'customer') return { userId: 'u1', email: 'c@example.com', groups: [] };
    if (token === 'admin') return { userId: 'u2', email: 'a@example.com', groups: ['ADMIN'] };
    throw new AppError('UNAUTHENTICATED', 'bad token');
  },
};
/** What dispatch counted (a limiter stand-in: the real one, on DynamoDB, is __tests__/integration/rate-limits). */
const counted: { policy: string; callerId: string }[] = [];
let overLimit = false;
const unused = async (): Promise<never> => {
  throw new Error('dispatch only counts actions');
};
const rateLimits: RateLimits = {
  consumeAction: async (policy, callerId) => {
    counted.push({ policy, callerId });
    if (overLimit) throw new AppError('RATE_LIMITED', 'Too many attempts. Try again in 4 minutes.', { retryAfterSeconds: 240 });
  },
  beginSignIn: unused,
  signInFailed: unused,
  signInSucceeded: unused,
  consumeSignUp: unused,
};
const runtime: FunctionRuntime = { verifier, deps: async () => ({}) as Deps, rateLimits };
const handler = createActionHandler(runtime, {
  ECHO: action({
    access: 'public',
    schema: z.object({ n: z.number().int() }).strict(),
    run: async (ctx, { n }) => ({ n, who: ctx.caller?.userId ?? null }),
  }),
  MINE: action({ access: 'user', schema: z.object({}).strict(), run: async (ctx) => ({ who: ctx.caller?.userId }) }),
  ADMIN_ONLY: action({ access: 'ADMIN', schema: z.object({}).strict(), run: async () => ({ ok: true }) }),
  FOR_PROVIDER: action({
    access: 'user',
    schema: z.object({ providerId: z.string().optional() }).strict(),
    run: async (_ctx, { providerId }) => ({ providerId }),
  }),
  PAY: action({
    access: 'user',
    limit: 'payment',
    schema: z.object({ amount: z.number().int() }).strict(),
    run: async (ctx, { amount }) => ({ paid: amount, who: ctx.caller?.userId }),
  }),
  BOOM: action({
    access: 'public',
    schema: z.object({}).strict(),
    run: async () => {
      throw new Error('secret internals at /srv/app.ts:12');
    },
  }),
});
const call = async (action: unknown, payload: unknown, token?: string) => {
  const res = await handler({ action: action as string, payload, ...(token ? { token } : {}) });
  return { status: res.statusCode, body: JSON.parse(res.body) };
};

describe('action dispatch', () => {
  it.each([
    ['unknown action', 'NOPE', {}, undefined, 400, 'UNKNOWN_ACTION'],
    ['missing action', undefined, {}, undefined, 400, 'UNKNOWN_ACTION'],
    ['invalid field', 'ECHO', { n: 1.5 }, undefined, 400, 'VALIDATION_FAILED'],
    ['extra field', 'ECHO', { n: 1, colour: 'red' }, undefined, 400, 'VALIDATION_FAILED'],
    ["someone else's userId", 'ECHO', { n: 1, userId: 'u2' }, 'customer', 403, 'FORBIDDEN'],
    ["someone else's customerEmail", 'MINE', { customerEmail: 'a@example.com' }, 'customer', 403, 'FORBIDDEN'],
    ['an identity field from an anonymous caller', 'ECHO', { n: 1, customerId: 'u1' }, undefined, 403, 'FORBIDDEN'],
    ['an identity field that is not a string', 'MINE', { customerId: 7 }, 'customer', 400, 'VALIDATION_FAILED'],
    ["a declared providerId is the schema's (and the service's)", 'FOR_PROVIDER', { providerId: 42 }, 'customer', 400, 'VALIDATION_FAILED'],
    ['no token', 'MINE', {}, undefined, 401, 'UNAUTHENTICATED'],
    ['bad token', 'MINE', {}, 'forged', 401, 'UNAUTHENTICATED'],
    ['missing group', 'ADMIN_ONLY', {}, 'customer', 403, 'FORBIDDEN'],
    ['unexpected failure', 'BOOM', {}, undefined, 500, 'INTERNAL'],
  ])('%s → %i %s', async (_label, name, payload, token, status, code) => {
    const res = await call(name, payload, token);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(typeof res.body.error).toBe('string');
  });

  it('never lists the actions a caller could try (not even to an admin), and lists field problems in details', async () => {
    for (const token of [undefined, 'customer', 'admin']) {
      const res = await call('NOPE', {}, token);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('UNKNOWN_ACTION');
      expect(JSON.stringify(res.body)).not.toMatch(/ADMIN_ONLY|FOR_PROVIDER|ECHO/);
    }
    expect((await call('ECHO', { n: 'x' })).body.details.issues[0].path).toBe('n');
  });

  it('takes the identity from the verified token only', async () => {
    expect((await call('MINE', {}, 'customer')).body).toEqual({ who: 'u1' });
    expect((await call('ECHO', { n: 2 }, 'admin')).body).toEqual({ n: 2, who: 'u2' });
    expect((await call('ADMIN_ONLY', {}, 'admin')).status).toBe(200);
  });

  it.each([
    ['userId', 'u1'],
    ['customerId', 'u1'],
    ['providerId', 'u1'],
    ['customerEmail', 'c@example.com'],
    ['customerEmail', ' C@Example.com '],
  ])('drops %s when it names the caller (%j)', async (field, value) => {
    expect(await call('MINE', { [field]: value }, 'customer')).toEqual({ status: 200, body: { who: 'u1' } });
  });

  it('passes a providerId the schema declares to the action, whoever it names', async () => {
    expect((await call('FOR_PROVIDER', { providerId: 'someone' }, 'customer')).body).toEqual({ providerId: 'someone' });
  });

  it('never leaks internals of an unexpected error', () => {
    const res = toHttpResponse(new Error('db password is hunter2'), () => undefined);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('hunter2');
  });
});

describe('rate limits in dispatch', () => {
  const reset = (over = false) => {
    counted.length = 0;
    overLimit = over;
  };

  it('counts a limited action once per request, on the verified caller, before the input is read', async () => {
    reset();
    expect((await call('PAY', { amount: 5 }, 'customer')).body).toEqual({ paid: 5, who: 'u1' });
    // an invalid input is still a request for the action: counted, then refused
    expect((await call('PAY', { amount: 'lots' }, 'admin')).status).toBe(400);
    expect(counted).toEqual([
      { policy: 'payment', callerId: 'u1' },
      { policy: 'payment', callerId: 'u2' },
    ]);
  });

  it('keys on the token, never the body: a body naming someone else is refused and counted against the caller', async () => {
    reset();
    expect((await call('PAY', { amount: 1, customerId: 'u2' }, 'customer')).status).toBe(403);
    expect(counted).toEqual([{ policy: 'payment', callerId: 'u1' }]);
  });

  it('counts nothing for a caller it could not verify, nor for actions without a limit', async () => {
    reset();
    expect((await call('PAY', { amount: 1 })).status).toBe(401);
    expect((await call('PAY', { amount: 1 }, 'forged')).status).toBe(401);
    expect((await call('MINE', {}, 'customer')).status).toBe(200);
    expect((await call('ECHO', { n: 1 }, 'customer')).status).toBe(200);
    expect(counted).toEqual([]);
  });

  it('answers 429 with Retry-After when over, and never runs the action', async () => {
    reset(true);
    const res = await handler({ action: 'PAY', payload: { amount: 9 }, token: 'customer' });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('240');
    expect(JSON.parse(res.body)).toEqual({
      error: 'Too many attempts. Try again in 4 minutes.',
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 240 },
    });
    reset();
  });

  it('refuses a limit on a public action when the table is built (an anonymous caller could not be counted)', () => {
    expect(() => action({ access: 'public', limit: 'payment', schema: z.object({}), run: async () => ({}) })).toThrow(/signed-in caller/);
  });
});
