import type { HttpResponse } from '../http/errors';

/**
 * What a Next.js route (or the Lambda Invoke API) hands a function: the action, its fields, the caller's token.
 * `action` is whatever the caller sent: the handler checks it (a non-string answers 400).
 */
export interface FunctionRequest {
  action: unknown;
  payload: unknown;
  token?: string;
}
/**
 * Takes `unknown` on purpose: whatever arrives (a Lambda Invoke event, a route's body) is checked by the handler
 * itself, so a malformed envelope answers 400 and never 500.
 */
export type FunctionHandler = (request: FunctionRequest | unknown) => Promise<HttpResponse>;

/** The subset of a Lambda Function URL event stripe-webhook reads: raw body, signature header. */
export interface RawHttpEvent {
  headers: Record<string, string | undefined>;
  body: string;
  isBase64Encoded?: boolean;
}
export type WebhookHandler = (event: RawHttpEvent) => Promise<HttpResponse>;
