import { z } from 'zod';
import { hasGroup, type Group, type Identity } from '../auth/identity';
import { AppError, jsonResponse, toHttpResponse, type HttpResponse } from '../http/errors';
import { logger } from '../observability/logger';
import { flushMetrics } from '../observability/metrics';
import type { ActionLimit } from '../domain/rate-limits';
import type { Deps } from '../ports';
import { refuseOthersIdentity } from './identity-fields';
import type { FunctionRuntime } from './runtime';
import type { FunctionHandler } from './types';

/** Who may call an action: anyone, any signed-in user, or members of a group. */
type Access = 'public' | 'user' | Group;

interface ActionContext {
  deps: Deps;
  /** The verified caller; undefined only for public actions called anonymously. */
  caller: Identity | undefined;
}

export interface ActionDefinition<S extends z.ZodType = z.ZodType, R = unknown> {
  access: Access;
  /**
   * A rate limit counted per verified caller before the input is read: 'payment' for every action that creates or
   * changes charges, refunds, payouts, transfers, credits or saved cards (lib/domain/rate-limits.ts).
   */
  limit?: ActionLimit;
  schema: S;
  // method syntax on purpose: a specific action must fit the general table
  run(ctx: ActionContext, input: z.infer<S>): Promise<R>;
}

/** Keeps each action's input type tied to its schema. */
export function action<S extends z.ZodType, R>(def: ActionDefinition<S, R>): ActionDefinition<S, R> {
  // limits count per verified caller: an anonymous caller of a public action would never be counted
  if (def.limit && def.access === 'public') throw new Error('a rate-limited action needs a signed-in caller (access other than public)');
  return def;
}

/**
 * What reaches a function, checked before anything reads it: a caller can send any JSON (or, through Lambda Invoke,
 * anything at all), and nothing here may turn a malformed envelope into a 500. A missing action stays UNKNOWN_ACTION;
 * an action that is not a string is a bad envelope.
 */
const envelopeSchema = z.object({
  action: z.string({ error: 'action must be a string' }).max(100).optional(),
  payload: z.record(z.string(), z.unknown(), { error: 'payload must be an object' }).nullish(),
  token: z.string({ error: 'token must be a string' }).max(10_000).nullish(),
});

function readEnvelope(request: unknown) {
  const bad = (issues: { path: string; message: string }[]) =>
    new AppError('BAD_REQUEST', 'The request must be { action, payload, token }', { issues });
  let parsed;
  try {
    parsed = envelopeSchema.safeParse(request);
  } catch {
    // a getter or proxy that throws while being read
    throw bad([{ path: '', message: 'The request could not be read' }]);
  }
  if (!parsed.success) throw bad(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  return parsed.data;
}

/**
 * The shape of every action function: check the envelope, find the action, verify the caller's token, count the
 * action against its rate limit (once per request, keyed on the verified caller, never on the body), check the
 * identity fields against the caller, validate the input, run the use case, and map whatever happens to one HTTP
 * response.
 */
export function createActionHandler(runtime: FunctionRuntime, actions: Record<string, ActionDefinition>): FunctionHandler {
  return async (request: unknown) => {
    const startedAt = Date.now();
    let response: HttpResponse | undefined;
    try {
      response = await dispatch(runtime, actions, request);
      return response;
    } finally {
      logRequest(request, response, Date.now() - startedAt);
      flushMetrics();
    }
  };
}

async function dispatch(runtime: FunctionRuntime, actions: Record<string, ActionDefinition>, request: unknown): Promise<HttpResponse> {
  try {
    const envelope = readEnvelope(request);
    // own keys only: "toString" or "__proto__" must not find Object.prototype's members
    const definition = envelope.action !== undefined && Object.hasOwn(actions, envelope.action) ? actions[envelope.action] : undefined;
    if (!definition) {
      // The list of actions is never given out: an anonymous caller would learn the admin surface from it.
      throw new AppError('UNKNOWN_ACTION', `Unknown action: ${envelope.action ?? '(none)'}`);
    }
    const caller = await authenticate(runtime, definition.access, envelope.token ?? undefined);
    // action() refuses a limit on a public action, so a limited one always has a caller here
    if (definition.limit && caller) await runtime.rateLimits.consumeAction(definition.limit, caller.userId);
    const payload = refuseOthersIdentity(definition.schema, envelope.payload ?? {}, caller);
    const input = definition.schema.parse(payload);
    const result = await definition.run({ deps: await runtime.deps(), caller }, input);
    return jsonResponse(200, result);
  } catch (err) {
    return toHttpResponse(err);
  }
}

/**
 * One line per request: the action, the booking it names (if any), the status and the time taken. Never the payload
 * or the token: the names are picked here, and the logger redacts whatever else looks like a secret.
 */
function logRequest(request: unknown, response: HttpResponse | undefined, durationMs: number): void {
  try {
    const envelope = typeof request === 'object' && request !== null ? (request as { action?: unknown; payload?: unknown }) : {};
    const payload = typeof envelope.payload === 'object' && envelope.payload !== null ? (envelope.payload as { bookingId?: unknown }) : {};
    const fields = {
      action: typeof envelope.action === 'string' ? envelope.action.slice(0, 100) : undefined,
      bookingId: typeof payload.bookingId === 'string' ? payload.bookingId.slice(0, 100) : undefined,
      statusCode: response?.statusCode,
      durationMs,
    };
    if (!response || response.statusCode >= 500) logger.error('request failed', fields);
    else logger.info('request', fields);
  } catch {
    // a request whose fields throw when read was answered 400 by dispatch: there is nothing safe to name
    logger.warn('request', { durationMs, statusCode: response?.statusCode });
  }
}

async function authenticate(runtime: FunctionRuntime, access: Access, token: string | undefined): Promise<Identity | undefined> {
  if (access === 'public') return token ? runtime.verifier.verify(token).catch(() => undefined) : undefined;
  if (!token) throw new AppError('UNAUTHENTICATED', 'Please log in to continue');
  const caller = await runtime.verifier.verify(token);
  if (access !== 'user' && !hasGroup(caller, access)) {
    throw new AppError('FORBIDDEN', `This action needs the ${access} role`);
  }
  return caller;
}

/** For actions whose access rule guarantees a caller. */
export function requireCaller(ctx: ActionContext): Identity {
  if (!ctx.caller) throw new AppError('UNAUTHENTICATED', 'Please log in to continue');
  return ctx.caller;
}
