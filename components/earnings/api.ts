/** Browser calls for the provider's bookings and earnings pages. Types only (no server code). */
import { ApiError, messageForCode } from '@/lib/client/api';
import type { LifecycleResponses } from '@/lib/http/booking-processor';
import type { PayoutResponses } from '@/lib/http/payout-manager';

async function post<T>(url: string, body: unknown): Promise<T> {
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
  const parsed = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) {
    const code = typeof parsed?.code === 'string' ? parsed.code : 'INTERNAL';
    const message = typeof parsed?.error === 'string' && res.status < 500 ? parsed.error : messageForCode(code);
    throw new ApiError(res.status, code, message);
  }
  return parsed as T;
}

export const payoutApi = <A extends keyof PayoutResponses>(action: A, fields: Record<string, unknown> = {}) =>
  post<PayoutResponses[A]>('/api/payout-manager', { action, ...fields });

export const lifecycleApi = <A extends keyof LifecycleResponses>(action: A, fields: Record<string, unknown> = {}) =>
  post<LifecycleResponses[A]>('/api/booking-processor', { action, ...fields });

export function newRequestId(): string {
  return `req_${crypto.randomUUID().replace(/-/g, '')}`;
}
