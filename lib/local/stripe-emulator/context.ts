import type { Emulator } from './emulator';
import { Params } from './params';

/** What a resource handler knows about the request it serves. */
export interface RequestContext {
  em: Emulator;
  method: string;
  path: string;
  params: Params;
  pathParams: Record<string, string>;
  /** The account the request acts as: the platform, or the `Stripe-Account` header. */
  account: string;
  /** True when the `Stripe-Account` header was sent. */
  connected: boolean;
  keyKind: 'secret' | 'publishable';
  /** Null for work not caused by an API request (helpers, the clock). */
  requestId: string | null;
  idempotencyKey: string | null;
}

/** What a test helper answers; `body` is serialized as JSON unless `html` or `redirect` is given. */
export interface Reply {
  status?: number;
  body?: object;
  html?: string;
  redirect?: string;
}

/** An API handler: returns the JSON body (status 200) or throws a StripeApiError. */
type Handler = (ctx: RequestContext) => object;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handler: Handler;
  /** May be called with a publishable key (the handler checks `client_secret` where needed). */
  publishable?: boolean;
}

/** Origin of an event: the API request that caused it, or none (helpers, the clock). */
export interface EventOrigin {
  requestId: string | null;
  idempotencyKey: string | null;
}

export function originOf(ctx: RequestContext | null): EventOrigin {
  return ctx ? { requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey } : { requestId: null, idempotencyKey: null };
}

/** A context for work done on an account's behalf outside any API request (helpers, the clock). */
export function systemContext(em: Emulator, account: string): RequestContext {
  return {
    em,
    method: 'POST',
    path: '',
    params: new Params({}),
    pathParams: {},
    account,
    connected: false,
    keyKind: 'secret',
    requestId: null,
    idempotencyKey: null,
  };
}
