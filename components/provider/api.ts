/**
 * Browser calls for the provider pages and sign-up. Types only from the contract (no server code); errors are
 * the front end's ApiError, keeping the server's words and `details` (per-field messages) when there are some.
 */
import { ApiError, messageForCode } from '@/lib/client/api';
import type { BookingAction, BookingRequest, BookingResponses } from '@/lib/http/booking-processor';
import type { ConnectAction, ConnectRequest, ConnectResponses } from '@/lib/http/stripe-connect';
import type { SessionUser, SignupRequest } from '@/lib/http/auth';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', messageForCode('NETWORK'));
  }
  const text = await res.text().catch(() => '');
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const code = isRecord(parsed) && typeof parsed.code === 'string' ? parsed.code : res.status === 403 ? 'FORBIDDEN' : 'INTERNAL';
    const serverMessage = isRecord(parsed) && typeof parsed.error === 'string' ? parsed.error : '';
    const readable = serverMessage.length > 0 && serverMessage.length < 300 && /\s/.test(serverMessage) && res.status < 500;
    const details = isRecord(parsed) && isRecord(parsed.details) ? parsed.details : undefined;
    throw new ApiError(res.status, code, readable ? serverMessage : messageForCode(code), details);
  }
  if (parsed === null) throw new ApiError(res.status, 'INTERNAL', messageForCode('INTERNAL'));
  return parsed as T;
}

export function connectApi<A extends ConnectAction>(action: A, fields: ConnectRequest<A>): Promise<ConnectResponses[A]> {
  return postJson<ConnectResponses[A]>('/api/stripe-connect', { action, ...fields });
}

/** booking-processor with the server's own words kept (the service form shows them per field). */
export function providerBookingApi<A extends BookingAction>(action: A, fields: BookingRequest<A>): Promise<BookingResponses[A]> {
  return postJson<BookingResponses[A]>('/api/booking-processor', { action, ...fields });
}

export async function signup(input: SignupRequest): Promise<SessionUser> {
  return (await postJson<{ user: SessionUser }>('/api/auth/signup', input)).user;
}

/** A new session cookie carrying the account's current groups (after "Become a provider"). */
export async function refreshSession(): Promise<SessionUser> {
  return (await postJson<{ user: SessionUser }>('/api/auth/refresh', {})).user;
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
      if (isRecord(issue) && typeof issue.path === 'string' && typeof issue.message === 'string' && !(issue.path in out)) out[issue.path] = issue.message;
    }
  }
  return out;
}
