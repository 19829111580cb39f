import type { JsonObject } from './objects/base';

type StripeErrorType =
  'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error' | 'authentication_error' | 'rate_limit_error';

interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  [extra: string]: JsonObject[string] | undefined;
}

/**
 * An error answered in Stripe's shape `{ error: {...} }`. `replayable` says whether an idempotent
 * request that ended with it stores the result (Stripe does not store validation failures).
 */
export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  readonly replayable: boolean;
  readonly headers: Record<string, string>;
  constructor(status: number, body: StripeErrorBody, opts: { replayable?: boolean; headers?: Record<string, string> } = {}) {
    super(body.message);
    this.name = 'StripeApiError';
    this.status = status;
    this.body = body;
    this.replayable = opts.replayable ?? true;
    this.headers = opts.headers ?? {};
  }
}

/** Stripe's page about an error code (`doc_url` of an error body and of a card's decline). */
export const errorDocUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;

export function invalidRequest(message: string, extra: { code?: string; param?: string; status?: number; replayable?: boolean } = {}) {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (extra.code) {
    body.code = extra.code;
    body.doc_url = errorDocUrl(extra.code);
  }
  if (extra.param) body.param = extra.param;
  return new StripeApiError(extra.status ?? 400, body, { replayable: extra.replayable ?? true });
}

export function resourceMissing(kind: string, id: string, param = 'id') {
  return invalidRequest(`No such ${kind}: '${id}'`, { code: 'resource_missing', param, status: 404 });
}

export function parameterMissing(param: string) {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param, replayable: false });
}

export function parameterUnknown(param: string) {
  return invalidRequest(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param, replayable: false });
}

export function parameterInvalid(param: string, kind: 'integer' | 'string' | 'empty' | 'boolean' | 'enum', message?: string) {
  const code = kind === 'enum' ? 'parameter_invalid_string' : `parameter_invalid_${kind}`;
  return invalidRequest(message ?? `Invalid ${kind === 'enum' ? 'value' : kind}: ${param}`, { code, param, replayable: false });
}

export function authenticationError(message: string) {
  // Stripe answers 401 with type invalid_request_error; the SDK turns any 401 into StripeAuthenticationError.
  return new StripeApiError(401, { type: 'invalid_request_error', message }, { replayable: false });
}

export function permissionError(message: string) {
  return new StripeApiError(403, { type: 'invalid_request_error', message }, { replayable: false });
}

export function routeMissing(method: string, path: string) {
  return invalidRequest(
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    { status: 404, replayable: false },
  );
}

export function idempotencyMismatch(key: string) {
  return new StripeApiError(
    400,
    {
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    },
    { replayable: false },
  );
}

export function apiError(message = 'An unknown error occurred') {
  return new StripeApiError(500, { type: 'api_error', message }, { replayable: false });
}

export function errorResponse(err: StripeApiError): { error: StripeErrorBody } {
  return { error: err.body };
}
