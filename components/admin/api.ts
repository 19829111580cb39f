/** Browser client of refund-processor's admin and refund actions (types only from the server side). */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

export async function refundApi<T>(action: string, fields: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch('/api/refund-processor', {
    method: 'POST',
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ action, ...fields }),
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const message = typeof body.error === 'string' ? body.error : `Request failed (${res.status})`;
    throw new AdminApiError(res.status, typeof body.code === 'string' ? body.code : 'INTERNAL', message, body);
  }
  return body as T;
}

export function cents(amount: number, currency = 'usd'): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${currency === 'usd' ? '$' : currency.toUpperCase() + ' '}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.34" → 1234; undefined when not a valid non-negative amount with at most 2 decimals. */
export function parseCents(text: string): number | undefined {
  const m = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
