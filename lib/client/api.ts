/**
 * Browser-side API client for the marketplace's own endpoints.
 * Types only from the contract: no server code, no zod schemas shipped to the browser.
 */
import type { BookingAction, BookingRequest, BookingResponses } from '../http/booking-processor';
import type { SessionUser } from '../http/auth';

/** An error answered by our API (or a network failure, status 0), with a message a customer can read. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
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

/** Words for the codes the API may answer with, used when the server's own message is missing. */
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
  INTERNAL: 'Something went wrong on our side. Please try again.',
  NETWORK: "We couldn't reach the server. Check your connection and try again.",
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when a server message looks like something a customer can read (not a stack trace or a code). */
function readable(message: unknown): message is string {
  return typeof message === 'string' && message.length > 0 && message.length < 300 && /\s/.test(message);
}

export function messageForCode(code: string, fallback?: string): string {
  return CODE_MESSAGES[code] ?? fallback ?? 'Something went wrong. Please try again.';
}

async function requestJson<T>(url: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(init.headers ?? {}) },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', messageForCode('NETWORK'));
  }
  let body: unknown = null;
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    const code = isRecord(body) && typeof body.code === 'string' ? body.code : statusCode(res.status);
    const serverMessage = isRecord(body) ? body.error : undefined;
    // Prefer our own words for well-known codes so customers see consistent wording.
    const message = CODE_MESSAGES[code] ?? (readable(serverMessage) ? serverMessage : messageForCode(code));
    const details = isRecord(body) && isRecord(body.details) ? body.details : undefined;
    throw new ApiError(res.status, code, message, details);
  }
  if (body === null) throw new ApiError(res.status, 'INTERNAL', messageForCode('INTERNAL'));
  return body as T;
}

function statusCode(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 402) return 'PAYMENT_DECLINED';
  if (status === 502 || status === 503 || status === 504) return 'PAYMENT_PROVIDER_ERROR';
  if (status >= 400 && status < 500) return 'BAD_REQUEST';
  return 'INTERNAL';
}

/** `POST /api/booking-processor { action, ...fields }`, typed by the contract. */
export function bookingApi<A extends BookingAction>(
  action: A,
  fields: BookingRequest<A>,
  init: { signal?: AbortSignal } = {},
): Promise<BookingResponses[A]> {
  return requestJson<BookingResponses[A]>('/api/booking-processor', {
    method: 'POST',
    body: JSON.stringify({ action, ...fields }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

// ---- local auth ------------------------------------------------------------------------------

export async function fetchCurrentUser(signal?: AbortSignal): Promise<SessionUser | null> {
  const body = await requestJson<{ user: SessionUser | null }>('/api/auth/me', {
    method: 'GET',
    ...(signal ? { signal } : {}),
  });
  return body.user ?? null;
}

export async function login(email: string, password: string): Promise<SessionUser> {
  try {
    const body = await requestJson<{ user: SessionUser }>('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email, password }),
    });
    return body.user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      throw new ApiError(401, err.code, "That email and password don't match an account. Please try again.");
    }
    throw err;
  }
}

export async function logout(): Promise<void> {
  await requestJson<unknown>('/api/auth/logout', { method: 'POST', body: '{}' }).catch((err: unknown) => {
    // An empty 204 answer is a success too.
    if (err instanceof ApiError && err.status >= 200 && err.status < 300) return;
    throw err;
  });
}

/** Message to show for anything thrown by this module (or anything else). */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return messageForCode('INTERNAL');
}

/** Only same-site paths are accepted as a post-login destination (no open redirects). */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

export function loginHref(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`;
}

/** Route params may arrive encoded or not; decode once, tolerating stray '%'. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
