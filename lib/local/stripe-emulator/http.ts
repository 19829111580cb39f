import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorResponse, type StripeApiError } from './errors';
import { decodeForm, type ParamMap } from './form';

export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'Authorization, Content-Type, Idempotency-Key, Stripe-Account, Stripe-Version, X-Stripe-Client-User-Agent, User-Agent, X-Requested-With',
  'Access-Control-Expose-Headers': 'Request-Id, Idempotent-Replayed, Idempotency-Key, Stripe-Version, Stripe-Should-Retry',
  'Access-Control-Max-Age': '300',
};

/** Parameters Stripe.js adds to publishable-key calls that carry no meaning here. */
export const STRIPE_JS_PARAMS = [
  'key',
  'payment_user_agent',
  'time_on_page',
  'guid',
  'muid',
  'sid',
  'referrer',
  'pasted_fields',
  '_stripe_version',
  'expected_payment_method_type',
  'use_stripe_sdk',
  'client_attribution_metadata',
];

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseBody(req: IncomingMessage, raw: string): ParamMap {
  if (!raw) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    // JSON bodies (helpers only) are flattened through the form decoder's types.
    const out: ParamMap = {};
    for (const [k, v] of Object.entries(parsed)) out[k] = typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
    return out;
  }
  return decodeForm(raw);
}

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': contentType, ...headers });
  res.end(body);
}

export function sendError(res: ServerResponse, err: StripeApiError): void {
  send(res, err.status, JSON.stringify(errorResponse(err), null, 2), err.headers);
}
