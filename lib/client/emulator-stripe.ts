/**
 * A tiny Stripe.js stand-in for local mode: the browser talks to the Stripe emulator directly with the
 * publishable key, exactly as Stripe.js talks to api.stripe.com. Card data never touches our server.
 *
 *   POST {base}/v1/payment_methods                       type=card&card[number]=…   (Bearer pk_…)
 *   POST {base}/v1/payment_intents/{pi}/confirm          client_secret=…&payment_method=pm_…
 *   POST {base}/v1/setup_intents/{seti}/confirm          client_secret=…&payment_method=pm_…
 */
import { STRIPE_API_BASE, STRIPE_PUBLISHABLE_KEY } from './config';

interface CardDetails {
  /** digits only */
  number: string;
  expMonth: number;
  /** four-digit year */
  expYear: number;
  cvc: string;
}

interface StripeErrorInfo {
  type: string;
  code?: string;
  declineCode?: string;
  message: string;
}

type ConfirmResult =
  | { ok: true; status: string; paymentIntentId: string }
  | { ok: false; kind: 'card_error' | 'invalid_request' | 'api_error' | 'network'; error: StripeErrorInfo; message: string };

/** "pi_123_secret_abc" → "pi_123" (a SetupIntent's "seti_…_secret_…" too) */
function intentIdFromSecret(clientSecret: string): string {
  const i = clientSecret.indexOf('_secret_');
  if (i <= 0) throw new Error('Malformed client secret');
  return clientSecret.slice(0, i);
}

/** Customer-facing words for a Stripe error, keyed by decline code then error code. */
export function cardErrorMessage(err: Partial<StripeErrorInfo> & { type?: string }): string {
  const byCode: Record<string, string> = {
    insufficient_funds: 'Your card has insufficient funds. Try another card.',
    lost_card: 'Your card was declined. Try another card.',
    stolen_card: 'Your card was declined. Try another card.',
    expired_card: 'Your card has expired. Check the expiry date or try another card.',
    incorrect_cvc: "Your card's security code (CVC) is incorrect. Check it and try again.",
    invalid_cvc: "Your card's security code (CVC) is not valid. Check it and try again.",
    incorrect_number: 'Your card number is incorrect. Check it and try again.',
    invalid_number: 'Your card number is not valid. Check it and try again.',
    invalid_expiry_month: "Your card's expiry month is not valid.",
    invalid_expiry_year: "Your card's expiry year is not valid.",
    processing_error: 'We could not process your card. Please try again in a moment.',
    authentication_required: 'Your bank needs to verify this payment, which is not available here. Try another card.',
    card_velocity_exceeded: 'Your card was declined for too many attempts. Try another card.',
    generic_decline: 'Your card was declined. Try another card.',
    do_not_honor: 'Your card was declined. Try another card.',
    fraudulent: 'Your card was declined. Try another card.',
    card_declined: 'Your card was declined. Try another card.',
    payment_intent_unexpected_state: 'This payment has already been processed. Refreshing your booking…',
  };
  if (err.declineCode && byCode[err.declineCode]) return byCode[err.declineCode]!;
  if (err.code && byCode[err.code]) return byCode[err.code]!;
  if (err.type === 'card_error') return 'Your card was declined. Try another card.';
  return 'We could not process your payment. Please try again.';
}

function formEncode(fields: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') params.append(k, String(v));
  return params.toString();
}

async function post(
  path: string,
  fields: Record<string, string | number | undefined>,
): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; status: number; error: StripeErrorInfo }> {
  let res: Response;
  try {
    res = await fetch(`${STRIPE_API_BASE}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${STRIPE_PUBLISHABLE_KEY}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: formEncode(fields),
    });
  } catch {
    return {
      ok: false,
      status: 0,
      error: { type: 'network', message: "We couldn't reach the payment service. Check your connection and try again." },
    };
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return { ok: true, body };
  const e = (body.error ?? {}) as Record<string, unknown>;
  return {
    ok: false,
    status: res.status,
    error: {
      type: typeof e.type === 'string' ? e.type : res.status === 402 ? 'card_error' : 'api_error',
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(typeof e.decline_code === 'string' ? { declineCode: e.decline_code } : {}),
      message: typeof e.message === 'string' ? e.message : 'Payment request failed',
    },
  };
}

function failure(status: number, error: StripeErrorInfo): Extract<ConfirmResult, { ok: false }> {
  const kind: Extract<ConfirmResult, { ok: false }>['kind'] =
    error.type === 'network'
      ? 'network'
      : error.type === 'card_error' || status === 402
        ? 'card_error'
        : error.type === 'invalid_request_error'
          ? 'invalid_request'
          : 'api_error';
  const message =
    kind === 'network'
      ? error.message
      : kind === 'api_error'
        ? 'The payment service had a problem. Please try again in a moment.'
        : cardErrorMessage(error);
  return { ok: false, kind, error, message };
}

/** A card PaymentMethod, made with the publishable key (the card's details go to the emulator only). */
function createCardPaymentMethod(card: CardDetails) {
  return post('/v1/payment_methods', {
    type: 'card',
    'card[number]': card.number,
    'card[exp_month]': card.expMonth,
    'card[exp_year]': card.expYear,
    'card[cvc]': card.cvc,
  });
}

/** Create a card PaymentMethod, then confirm the PaymentIntent with it. */
export async function confirmCardPayment(clientSecret: string, card: CardDetails): Promise<ConfirmResult> {
  const pm = await createCardPaymentMethod(card);
  if (!pm.ok) return failure(pm.status, pm.error);
  const paymentMethodId = typeof pm.body.id === 'string' ? pm.body.id : '';
  if (!paymentMethodId) return failure(500, { type: 'api_error', message: 'No payment method id' });

  const piId = intentIdFromSecret(clientSecret);
  const confirmed = await post(`/v1/payment_intents/${encodeURIComponent(piId)}/confirm`, {
    client_secret: clientSecret,
    payment_method: paymentMethodId,
  });
  if (!confirmed.ok) return failure(confirmed.status, confirmed.error);
  const status = typeof confirmed.body.status === 'string' ? confirmed.body.status : 'unknown';
  return { ok: true, status, paymentIntentId: piId };
}

/** Stripe.js `confirmCardSetup` for local mode: create a card PaymentMethod, then confirm the SetupIntent with it. */
export async function confirmCardSetup(clientSecret: string, card: CardDetails): Promise<{ ok: true } | { ok: false; message: string }> {
  const pm = await createCardPaymentMethod(card);
  if (!pm.ok || typeof pm.body.id !== 'string') {
    return {
      ok: false,
      message: !pm.ok && pm.error.type === 'network' ? pm.error.message : 'Your card number is not valid. Check it and try again.',
    };
  }
  const setupIntentId = intentIdFromSecret(clientSecret);
  const done = await post(`/v1/setup_intents/${encodeURIComponent(setupIntentId)}/confirm`, {
    client_secret: clientSecret,
    payment_method: pm.body.id,
  });
  if (!done.ok || done.body.status !== 'succeeded') return { ok: false, message: 'We could not save this card. Try another card.' };
  return { ok: true };
}
