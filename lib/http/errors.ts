import { logger } from '../observability/logger';
import { ZodError } from 'zod';

/** Every failure the functions report has one of these codes; the table decides its HTTP status. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNKNOWN_ACTION: 400,
  PROVIDER_NOT_READY: 400,
  INSUFFICIENT_EARNINGS: 400,
  /** Too few credits for what the customer asked to pay with them (details: balance, needed, shortfall). */
  INSUFFICIENT_CREDITS: 400,
  /** Refunds: the spec's "Booking is not in a refundable state" (top-level currentStatus). */
  NOT_REFUNDABLE: 400,
  /** The requested refund exceeds what is still refundable (details: requested, refundable). */
  REFUND_EXCEEDS_REFUNDABLE: 400,
  /** A refund dispute or chargeback holds the booking's refunds. */
  REFUND_ON_HOLD: 409,
  SLOT_UNAVAILABLE: 409,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  /** A cookie-carrying request a browser says came from another site (Origin / Sec-Fetch-Site). */
  CROSS_SITE_REQUEST: 403,
  /** A state-changing request whose body is not JSON. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  PAYMENT_DECLINED: 402,
  /** Over a rate limit (details: retryAfterSeconds; the response carries the same in Retry-After). */
  RATE_LIMITED: 429,
  INVALID_SIGNATURE: 400,
  PAYMENT_PROVIDER_ERROR: 502,
  FUNCTION_ERROR: 502,
  /** The server is configured in a way it refuses to run (an unknown mode, local sign-in in production). */
  MISCONFIGURED: 503,
  /** A check that must not be skipped could not run (the sign-in limits' store is down); details: retryAfterSeconds. */
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /** Fields a documented error shape puts beside `error` and `code` (e.g. `available`, `requested`). */
  readonly topLevel: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, topLevel?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.topLevel = topLevel;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface ErrorBody {
  error: string;
  code: ErrorCode;
  details?: Record<string, unknown>;
  [field: string]: unknown;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export function jsonResponse(statusCode: number, body: unknown): HttpResponse {
  return { statusCode, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

/** The one mapping from anything thrown to an HTTP response: no stack traces ever leave the function. */
export function toHttpResponse(err: unknown, log: (e: unknown) => void = defaultLog): HttpResponse {
  if (err instanceof AppError) {
    const body: ErrorBody = {
      // error and code always win over a top-level field of the same name
      ...(err.topLevel ?? {}),
      error: err.message,
      code: err.code,
      ...(err.details ? { details: err.details } : {}),
    };
    return withRetryAfter(jsonResponse(err.status, body), err);
  }
  if (err instanceof ZodError) {
    return jsonResponse(400, {
      error: 'Invalid request',
      code: 'VALIDATION_FAILED',
      details: { issues: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    } satisfies ErrorBody);
  }
  log(err);
  return jsonResponse(500, { error: 'Internal error', code: 'INTERNAL' } satisfies ErrorBody);
}

/** Codes whose `details.retryAfterSeconds` is also sent as the standard `Retry-After` header (whole seconds). */
const RETRY_AFTER_CODES: ReadonlySet<ErrorCode> = new Set(['RATE_LIMITED', 'UNAVAILABLE']);

function withRetryAfter(res: HttpResponse, err: AppError): HttpResponse {
  const seconds = err.details?.retryAfterSeconds;
  if (!RETRY_AFTER_CODES.has(err.code) || typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds < 1) return res;
  return { ...res, headers: { ...res.headers, 'retry-after': String(seconds) } };
}

function defaultLog(e: unknown): void {
  logger.error('unhandled', { error: e instanceof Error ? e : String(e) });
}
