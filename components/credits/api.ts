/**
 * Browser calls for customers, cards, payments, memberships and credits (stripe-connect and booking-processor),
 * typed by the contract. Types only: no server code reaches the browser.
 */
import { ApiError, messageForCode } from '@/lib/client/api';
import { STRIPE_API_BASE, STRIPE_PUBLISHABLE_KEY } from '@/lib/client/config';
import type { BookingResponses } from '@/lib/http/booking-processor';
import type { CustomerAction, CustomerRequest, CustomerResponses } from '@/lib/http/stripe-connect';

async function post<T>(url: string, body: object): Promise<T> {
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
  const data = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) {
    const code = typeof data?.code === 'string' ? data.code : res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL';
    const serverMessage = typeof data?.error === 'string' ? data.error : undefined;
    // Our own words for the common codes; the server's sentence for the credit-specific ones.
    const own = ['INSUFFICIENT_CREDITS', 'VALIDATION_FAILED', 'CONFLICT', 'BAD_REQUEST', 'INVALID_TRANSITION'].includes(code) && serverMessage && /\s/.test(serverMessage);
    const details = data && typeof data.details === 'object' && data.details !== null ? (data.details as Record<string, unknown>) : undefined;
    throw new ApiError(res.status, code, own ? (serverMessage as string) : messageForCode(code, serverMessage), details);
  }
  if (!data) throw new ApiError(res.status, 'INTERNAL', messageForCode('INTERNAL'));
  return data as T;
}

export function customerApi<A extends CustomerAction>(action: A, fields: CustomerRequest<A>): Promise<CustomerResponses[A]> {
  return post<CustomerResponses[A]>('/api/stripe-connect', { action, ...fields });
}

export function applyBookingCredits(bookingId: string, credits: number | 'max'): Promise<BookingResponses['APPLY_BOOKING_CREDITS']> {
  return post('/api/booking-processor', { action: 'APPLY_BOOKING_CREDITS', bookingId, credits });
}

export function getBookingForPay(bookingId: string): Promise<BookingResponses['GET_BOOKING']> {
  return post('/api/booking-processor', { action: 'GET_BOOKING', bookingId });
}

/** Made once per form submission, so a double submit makes one Stripe write. */
export function newRequestId(): string {
  return `req_${crypto.randomUUID().replace(/-/g, '')}`;
}

/**
 * Local mode's stand-in for Stripe.js `confirmCardSetup`: tokenize the card with the publishable key, then confirm
 * the SetupIntent with its client secret, straight against the emulator (card data never reaches our server).
 */
export async function confirmCardSetup(
  clientSecret: string,
  card: { number: string; expMonth: number; expYear: number; cvc: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const call = async (path: string, form: Record<string, string>) => {
    try {
      const res = await fetch(`${STRIPE_API_BASE}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${STRIPE_PUBLISHABLE_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      return { ok: res.ok, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
    } catch {
      return { ok: false, body: {} as Record<string, unknown> };
    }
  };
  const pm = await call('/v1/payment_methods', {
    type: 'card',
    'card[number]': card.number,
    'card[exp_month]': String(card.expMonth),
    'card[exp_year]': String(card.expYear),
    'card[cvc]': card.cvc,
  });
  if (!pm.ok || typeof pm.body.id !== 'string') return { ok: false, message: 'Your card number is not valid. Check it and try again.' };
  const siId = clientSecret.split('_secret_')[0] ?? '';
  const done = await call(`/v1/setup_intents/${encodeURIComponent(siId)}/confirm`, { client_secret: clientSecret, payment_method: pm.body.id });
  if (!done.ok || done.body.status !== 'succeeded') return { ok: false, message: 'We could not save this card. Try another card.' };
  return { ok: true };
}
