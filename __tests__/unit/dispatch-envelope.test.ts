/**
 * A malformed envelope answers 400 on every function, before the token or any dependency is touched: an `action`
 * whose string conversion throws used to answer 500. The handlers here are the production ones; their runtime
 * refuses to build dependencies, so any path that reaches a service fails the test.
 */
import { describe, expect, it } from 'vitest';
import type { TokenVerifier } from '../../lib/auth/identity';
import { createBookingProcessorHandler } from '../../lib/functions/booking-processor';
import { createPayoutManagerHandler } from '../../lib/functions/payout-manager';
import { createRefundProcessorHandler } from '../../lib/functions/refund-processor';
import type { FunctionRuntime } from '../../lib/functions/runtime';
import { createStripeConnectHandler } from '../../lib/functions/stripe-connect';
import { AppError } from '../../lib/http/errors';
import { actionRoute } from '../../lib/server/routes';

const verifier: TokenVerifier = {
  verify: async (token) => {
    if (token === 'customer') return { userId: 'u1', email: 'c@example.com', groups: [] };
    throw new AppError('UNAUTHENTICATED', 'bad token');
  },
};
const notReached = async (): Promise<never> => {
  throw new Error('a bad envelope must not reach the services or the rate limits');
};
const runtime: FunctionRuntime = {
  verifier,
  deps: notReached,
  rateLimits: {
    consumeAction: notReached,
    beginSignIn: notReached,
    signInFailed: notReached,
    signInSucceeded: notReached,
    consumeSignUp: notReached,
  },
};
const handlers = {
  'booking-processor': createBookingProcessorHandler(runtime),
  'stripe-connect': createStripeConnectHandler(runtime),
  'payout-manager': createPayoutManagerHandler(runtime),
  'refund-processor': createRefundProcessorHandler(runtime),
};
const fns = Object.entries(handlers);

const throwingToString = {
  toString: () => {
    throw new Error('no string for you');
  },
};
const throwingPrimitive = {
  [Symbol.toPrimitive]: () => {
    throw new Error('no primitive');
  },
};
const nullProto = Object.create(null) as object;
const throwingGetter = Object.defineProperty({}, 'action', {
  enumerable: true,
  get: () => {
    throw new Error('getter');
  },
});

const badEnvelopes: [string, unknown][] = [
  ['action with a throwing toString', { action: throwingToString, payload: {} }],
  ['action with a throwing Symbol.toPrimitive', { action: throwingPrimitive, payload: {} }],
  ['action without a prototype', { action: nullProto, payload: {} }],
  ['numeric action', { action: 42, payload: {} }],
  ['array action', { action: ['LIST_SERVICES'], payload: {} }],
  ['null action', { action: null, payload: {} }],
  ['action read through a throwing getter', throwingGetter],
  ['payload that is a string', { action: 'GET_BOOKING', payload: 'bookingId=1', token: 'customer' }],
  ['payload that is an array', { action: 'GET_BOOKING', payload: [1], token: 'customer' }],
  ['token that is not a string', { action: 'GET_BOOKING', payload: {}, token: throwingToString }],
  ['no envelope at all', undefined],
  ['an envelope that is a string', 'LIST_SERVICES'],
];

describe('every function refuses a malformed envelope with 400', () => {
  const cases = fns.flatMap(([fn, handler]) => badEnvelopes.map(([label, envelope]) => [fn, label, handler, envelope] as const));
  it.each(cases)('%s: %s', async (_fn, _label, handler, envelope) => {
    const res = await handler(envelope);
    expect(res.statusCode).toBe(400);
    const body = JSON.parse(res.body) as { error: unknown; code: string; details?: unknown };
    expect(['BAD_REQUEST', 'VALIDATION_FAILED']).toContain(body.code);
    expect(typeof body.error).toBe('string');
    expect(body.details).toBeDefined();
  });

  it.each(fns)("%s: an Object.prototype member's name is an unknown action, not a lookup", async (_fn, handler) => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const res = await handler({ action: name, payload: {}, token: 'customer' });
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body).code).toBe('UNKNOWN_ACTION');
    }
  });
});

describe('the HTTP route answers 400 for a JSON action that is not a string', () => {
  const post = (fn: keyof typeof handlers, body: string) =>
    actionRoute(fn)(new Request(`http://localhost/api/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
  const bodies: [string, string][] = [
    // String() of this object throws: toString is not callable and valueOf returns the object
    ['an object whose toString is not a function', '{"action":{"toString":1}}'],
    ['an object', '{"action":{}}'],
    ['a number', '{"action":7}'],
    ['null', '{"action":null}'],
    ['an array', '{"action":["LIST_SERVICES"]}'],
  ];
  const cases = (Object.keys(handlers) as (keyof typeof handlers)[]).flatMap((fn) =>
    bodies.map(([label, body]) => [fn, label, body] as const),
  );
  it.each(cases)('%s: action is %s', async (fn, _label, body) => {
    const res = await post(fn, body);
    expect(res.status).toBe(400);
    expect(['BAD_REQUEST', 'VALIDATION_FAILED']).toContain(((await res.json()) as { code: string }).code);
  });
});
