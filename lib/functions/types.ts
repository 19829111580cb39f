import type { HttpResponse } from '../http/errors';

/** What a Next.js route (or the Lambda Invoke API) hands a function: the action, its fields, the caller's token. */
export interface FunctionRequest {
  action: string;
  payload: unknown;
  token?: string;
}
export type FunctionHandler = (request: FunctionRequest) => Promise<HttpResponse>;

/** The subset of a Lambda Function URL event stripe-webhook reads: raw body, signature header. */
export interface RawHttpEvent {
  headers: Record<string, string | undefined>;
  body: string;
  isBase64Encoded?: boolean;
}
export type WebhookHandler = (event: RawHttpEvent) => Promise<HttpResponse>;
