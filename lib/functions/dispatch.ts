import type { z } from 'zod';
import { hasGroup, type Group, type Identity } from '../auth/identity';
import { AppError, jsonResponse, toHttpResponse } from '../http/errors';
import type { Deps } from '../services/deps';
import type { FunctionRuntime } from './runtime';
import type { FunctionHandler, FunctionRequest } from './types';

/** Who may call an action: anyone, any signed-in user, or members of a group. */
export type Access = 'public' | 'user' | Group;

export interface ActionContext {
  deps: Deps;
  /** The verified caller; undefined only for public actions called anonymously. */
  caller: Identity | undefined;
}

export interface ActionDefinition<S extends z.ZodType = z.ZodType, R = unknown> {
  access: Access;
  schema: S;
  // method syntax on purpose: a specific action must fit the general table
  run(ctx: ActionContext, input: z.infer<S>): Promise<R>;
}

/** Keeps each action's input type tied to its schema. */
export function action<S extends z.ZodType, R>(def: ActionDefinition<S, R>): ActionDefinition<S, R> {
  return def;
}

/**
 * The shape of every action function: find the action, verify the caller's token, validate the input,
 * run the use case, and map whatever happens to one HTTP response.
 */
export function createActionHandler(runtime: FunctionRuntime, actions: Record<string, ActionDefinition>): FunctionHandler {
  return async (request: FunctionRequest) => {
    try {
      const definition = typeof request?.action === 'string' ? actions[request.action] : undefined;
      if (!definition) {
        throw new AppError('UNKNOWN_ACTION', `Unknown action: ${String(request?.action)}`, { allowed: Object.keys(actions) });
      }
      const caller = await authenticate(runtime, definition.access, request.token);
      const input = definition.schema.parse(request.payload ?? {});
      const result = await definition.run({ deps: await runtime.deps(), caller }, input);
      return jsonResponse(200, result);
    } catch (err) {
      return toHttpResponse(err);
    }
  };
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
