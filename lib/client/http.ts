/**
 * The browser's one way to call the marketplace's own endpoints: `requestJson` sends, reads the JSON answer and turns
 * a failure into an `ApiError` whose message a person can read (`apiErrorMessage` decides the words). The typed calls
 * per function are in ./api.ts.
 */
import { tooManyAttemptsMessage } from '../domain/rate-limits';

/** An error answered by our API (or a network failure, status 0), with a message a person can read. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The answer's `details` (per-field messages, balances, the next action a payment needs). */
  readonly details: Record<string, unknown> | undefined;
  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
  get isUnauthenticated(): boolean {
    return this.status === 401 || this.code === 'UNAUTHENTICATED';
  }
}

/** Our words for the codes the API may answer with. */
const CODE_MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: 'Please log in to continue.',
  FORBIDDEN: "You don't have access to this.",
  NOT_FOUND: "We couldn't find what you were looking for.",
  SLOT_UNAVAILABLE: 'Someone just booked this slot — please pick another.',
  VALIDATION_FAILED: 'Some of the details are not valid. Please check them and try again.',
  BAD_REQUEST: 'Some of the details are not valid. Please check them and try again.',
  PROVIDER_NOT_READY: "This provider can't take bookings right now. Please try again later.",
  INVALID_TRANSITION: 'This booking has changed in the meantime. Please refresh the page.',
  CONFLICT: 'This changed in the meantime. Please refresh the page and try again.',
  PAYMENT_DECLINED: 'Your card was declined. Try another card.',
  PAYMENT_PROVIDER_ERROR: 'Our payment provider is not answering right now. Please try again in a moment.',
  RATE_LIMITED: tooManyAttemptsMessage(undefined),
  UNAVAILABLE: 'This is unavailable for a moment. Please try again shortly.',
  INTERNAL: 'Something went wrong on our side. Please try again.',
  CROSS_SITE_REQUEST: 'This request came from another site, so we did not carry it out. Please try again from this page.',
  PAYLOAD_TOO_LARGE: 'That is more than we can take in one go. Please shorten it and try again.',
  MISCONFIGURED: 'Sign-in is not available on this server right now. Please try again later.',
  NETWORK: "We couldn't reach the server. Check your connection and try again.",
};
const GENERIC_MESSAGE = 'Something went wrong. Please try again.';

/**
 * Codes whose words are ours on every screen: the server's text for them names a rule or a record ("Booking not
 * found", "This action needs the PROVIDER role") rather than telling a person what to do, and a customer should read
 * the same sentence for a taken slot or a declined card wherever it happens.
 */
const OWN_WORDS = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'SLOT_UNAVAILABLE',
  'PROVIDER_NOT_READY',
  'PAYMENT_DECLINED',
  'CROSS_SITE_REQUEST',
  'MISCONFIGURED',
  'RATE_LIMITED',
]);

function messageForCode(code: string): string {
  return CODE_MESSAGES[code] ?? GENERIC_MESSAGE;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when a server message looks like something a person can read (not a stack trace or a bare code). */
function readable(message: unknown): message is string {
  return typeof message === 'string' && message.length > 0 && message.length < 300 && /\s/.test(message);
}

/** The code of a failed answer: the body's own, else one that fits the status. */
function codeForStatus(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 402) return 'PAYMENT_DECLINED';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'PAYMENT_PROVIDER_ERROR';
  if (status >= 400 && status < 500) return 'BAD_REQUEST';
  return 'INTERNAL';
}

/** Whole seconds to wait from a refusal: the body's details.retryAfterSeconds, else the Retry-After header (seconds form). */
function retryAfterOf(body: unknown, retryAfterHeader: string | null | undefined): number | undefined {
  const fromBody = isRecord(body) && isRecord(body.details) ? body.details.retryAfterSeconds : undefined;
  if (typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody > 0) return fromBody;
  const fromHeader = retryAfterHeader?.trim();
  return fromHeader && /^\d+$/.test(fromHeader) && Number(fromHeader) > 0 ? Number(fromHeader) : undefined;
}

/**
 * The one rule for the words of a failed answer (`status` 0: no answer at all):
 * - a rate limit (429): how long to wait, in words ("Too many attempts. Try again in 4 minutes."), from the answer's
 *   retryAfterSeconds or its Retry-After header;
 * - the server's own sentence for a 4xx when it has a readable one: the services write these for people and they
 *   say what exactly is wrong (a field of the service form, a credit balance, an email already taken, a booking that
 *   was paid meanwhile);
 * - our words instead for the codes in OWN_WORDS, for a request the schema refused (a VALIDATION_FAILED with
 *   `details.issues` is the page's mistake, not the person's: its fields still reach the form through `fieldErrors`),
 *   for a 5xx (an internal failure's text is not for people) and for no answer;
 * - our words for the code, or a general sentence, when the server gave none.
 */
export function apiErrorMessage(status: number, code: string, body: unknown, retryAfterHeader?: string | null): string {
  if (code === 'RATE_LIMITED') return tooManyAttemptsMessage(retryAfterOf(body, retryAfterHeader));
  const serverMessage = isRecord(body) ? body.error : undefined;
  const schemaRefusal = code === 'VALIDATION_FAILED' && isRecord(body) && isRecord(body.details) && Array.isArray(body.details.issues);
  const serversWords = status >= 400 && status < 500 && !OWN_WORDS.has(code) && !schemaRefusal && readable(serverMessage);
  return serversWords ? serverMessage : messageForCode(code);
}

/** The ApiError for a failed answer (`status` 0 and no body: the request never got one). */
function apiErrorFrom(status: number, body: unknown, retryAfterHeader?: string | null): ApiError {
  if (status === 0) return new ApiError(0, 'NETWORK', messageForCode('NETWORK'));
  const code = isRecord(body) && typeof body.code === 'string' ? body.code : codeForStatus(status);
  const details = isRecord(body) && isRecord(body.details) ? body.details : undefined;
  return new ApiError(status, code, apiErrorMessage(status, code, body, retryAfterHeader), details);
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  /** For tests: the fetch to use. */
  fetch?: typeof fetch;
}

/**
 * `method url` with a JSON body (when given) and the session cookie; resolves with the JSON answer, rejects with an
 * ApiError (an answer without a JSON body is an INTERNAL error).
 */
export async function requestJson<T>(method: 'GET' | 'POST', url: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const send = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await send(url, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw apiErrorFrom(0, null);
  }
  const text = await res.text().catch(() => '');
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) throw apiErrorFrom(res.status, parsed, res.headers.get('retry-after'));
  if (parsed === null) throw new ApiError(res.status, 'INTERNAL', messageForCode('INTERNAL'));
  return parsed as T;
}

/** Message to show for anything thrown by an API call (or anything else). */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return messageForCode('INTERNAL');
}

/** Per-field messages from a 400's details (`fields` from the service rules, `issues` from request validation). */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || !err.details) return {};
  const out: Record<string, string> = {};
  const fields = err.details.fields;
  if (isRecord(fields)) for (const [k, v] of Object.entries(fields)) if (typeof v === 'string') out[k] = v;
  const issues = err.details.issues;
  if (Array.isArray(issues)) {
    for (const issue of issues) {
      if (isRecord(issue) && typeof issue.path === 'string' && typeof issue.message === 'string' && !(issue.path in out))
        out[issue.path] = issue.message;
    }
  }
  return out;
}
