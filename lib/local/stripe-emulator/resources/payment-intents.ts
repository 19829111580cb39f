import { cardFor, type Decline } from '../cards';
import { originOf, type RequestContext, type Route } from '../context';
import { snapshot } from '../emulator';
import { StripeApiError, invalidRequest, permissionError } from '../errors';
import { expand } from '../expand';
import { paginate } from '../list';
import type { JsonObject } from '../objects/base';
import type { LastPaymentError, PaymentIntent, PaymentMethod } from '../objects/payments';
import type { Params } from '../params';
import { newId, randomToken } from '../store';
import { captureCharge, createChargeForIntent, declineDocUrl } from './charges';
import { attachPaymentMethod, cardNumberOf, paymentMethodFromParams, resolvePaymentMethod } from './payment-methods';

const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
const CANCELLABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;
const MINIMUM_AMOUNT: Record<string, number> = { usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50 };

/** The fields Stripe returns when a PaymentIntent is read with a publishable key. */
const PUBLISHABLE_FIELDS: (keyof PaymentIntent)[] = [
  'id',
  'object',
  'amount',
  'amount_details',
  'automatic_payment_methods',
  'canceled_at',
  'cancellation_reason',
  'capture_method',
  'client_secret',
  'confirmation_method',
  'created',
  'currency',
  'description',
  'last_payment_error',
  'livemode',
  'next_action',
  'payment_method',
  'payment_method_types',
  'processing',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'status',
];

export function view(ctx: RequestContext, pi: PaymentIntent): object {
  if (ctx.keyKind === 'secret') return expand(ctx.em, pi, ctx.params.expand());
  const out: Partial<Record<keyof PaymentIntent, PaymentIntent[keyof PaymentIntent]>> = {};
  for (const k of PUBLISHABLE_FIELDS) out[k] = pi[k];
  return out;
}

function getIntent(ctx: RequestContext): PaymentIntent {
  const pi = ctx.em.store.get('payment_intent', ctx.pathParams.id ?? '', ctx.account);
  if (ctx.keyKind === 'publishable') {
    const secret = ctx.params.str('client_secret');
    if (secret === undefined) {
      throw permissionError('This API call cannot be made with a publishable API key without the PaymentIntent client_secret.');
    }
    if (secret !== pi.client_secret) {
      throw invalidRequest('The client_secret provided does not match the client_secret associated with the PaymentIntent.', {
        param: 'client_secret',
        code: 'payment_intent_invalid_parameter',
      });
    }
  }
  return pi;
}

function unexpectedState(pi: PaymentIntent, action: string, allowed: string[]): StripeApiError {
  const message =
    pi.status === 'succeeded' && action === 'confirm'
      ? 'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.'
      : `You cannot ${action} this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be ${action === 'confirm' ? 'confirmed' : `${action}d`}: ${allowed.join(', ')}.`;
  const err = invalidRequest(message, { code: 'payment_intent_unexpected_state' });
  err.body.payment_intent = snapshot(pi);
  return err;
}

function applyCommonParams(ctx: RequestContext, pi: PaymentIntent, p: Params): void {
  pi.metadata = p.metadata(pi.metadata);
  const description = p.nullableStr('description');
  if (description !== undefined) pi.description = description;
  const customer = p.nullableStr('customer');
  if (customer) ctx.em.store.get('customer', customer, ctx.account, 'customer');
  if (customer !== undefined) pi.customer = customer;
  const group = p.nullableStr('transfer_group');
  if (group !== undefined) pi.transfer_group = group;
  const email = p.nullableStr('receipt_email');
  if (email !== undefined) pi.receipt_email = email;
  const sd = p.nullableStr('statement_descriptor');
  if (sd !== undefined) pi.statement_descriptor = sd;
  const sds = p.nullableStr('statement_descriptor_suffix');
  if (sds !== undefined) pi.statement_descriptor_suffix = sds;
  applySetupFutureUsage(pi, p);
}

/** `setup_future_usage` (on create, update and confirm); '' clears it. */
function applySetupFutureUsage(pi: PaymentIntent, p: Params): void {
  const sfu = p.oneOf('setup_future_usage', ['off_session', 'on_session', ''] as const);
  if (sfu !== undefined) pi.setup_future_usage = sfu === '' ? null : sfu;
}

function paymentMethodFor(ctx: RequestContext, pi: PaymentIntent): PaymentMethod | undefined {
  const data = ctx.params.map('payment_method_data');
  if (data) return paymentMethodFromParams(ctx, data);
  const id = ctx.params.str('payment_method');
  if (id) return resolvePaymentMethod(ctx, id);
  return pi.payment_method ? ctx.em.store.find('payment_method', pi.payment_method) : undefined;
}

function fail(ctx: RequestContext, pi: PaymentIntent, pm: PaymentMethod, decline: Decline, chargeId: string | null): StripeApiError {
  const lastError: LastPaymentError = {
    type: 'card_error',
    code: decline.code,
    ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
    message: decline.message,
    doc_url: declineDocUrl(decline.code),
    ...(chargeId ? { charge: chargeId } : {}),
    payment_method: pm,
  };
  const previous: JsonObject = { status: pi.status, last_payment_error: pi.last_payment_error ? snapshot(pi.last_payment_error) : null };
  pi.status = 'requires_payment_method';
  pi.last_payment_error = lastError;
  pi.payment_method = null;
  pi.next_action = null;
  ctx.em.emit(originOf(ctx), ctx.account, 'payment_intent.payment_failed', pi, previous);
  for (const hook of ctx.em.paymentHooks) hook(ctx, pi, 'failed');
  return new StripeApiError(402, {
    type: 'card_error',
    code: decline.code,
    ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
    message: decline.message,
    doc_url: declineDocUrl(decline.code),
    ...(chargeId ? { charge: chargeId } : {}),
    payment_intent: snapshot(view(ctx, pi)),
    payment_method: snapshot(pm),
  });
}

/** Charges the PaymentIntent's card: succeeded / requires_capture, or a decline (thrown as 402). */
export function attemptCharge(ctx: RequestContext, pi: PaymentIntent, pm: PaymentMethod): void {
  const number = cardNumberOf(ctx, pm);
  const behavior = cardFor(number)?.behavior ?? { kind: 'succeed' as const };
  if (behavior.kind === 'decline') {
    const charge = createChargeForIntent(ctx, pi, pm, behavior.decline, false);
    pi.latest_charge = charge.id;
    throw fail(ctx, pi, pm, behavior.decline, charge.id);
  }
  const manual = pi.capture_method === 'manual';
  const charge = createChargeForIntent(ctx, pi, pm, null, !manual);
  // As at Stripe: a successful payment with setup_future_usage saves the (still unattached) card to the customer.
  if (pi.setup_future_usage && pi.customer && !pm.customer) attachPaymentMethod(ctx, pm, pi.customer);
  const previous: JsonObject = { status: pi.status };
  pi.latest_charge = charge.id;
  pi.payment_method = pm.id;
  pi.last_payment_error = null;
  pi.next_action = null;
  if (manual) {
    pi.status = 'requires_capture';
    pi.amount_capturable = pi.amount;
    ctx.em.emit(originOf(ctx), ctx.account, 'payment_intent.amount_capturable_updated', pi, { ...previous, amount_capturable: 0 });
  } else {
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    ctx.em.emit(originOf(ctx), ctx.account, 'payment_intent.succeeded', pi, { ...previous, amount_received: 0 });
    for (const hook of ctx.em.paymentHooks) hook(ctx, pi, 'succeeded');
  }
}

/** Ends a 3D Secure challenge (from the emulator's authentication page). */
export function finishAuthentication(ctx: RequestContext, pi: PaymentIntent, success: boolean): void {
  const pm = pi.payment_method ? ctx.em.store.find('payment_method', pi.payment_method) : undefined;
  if (pi.status !== 'requires_action' || !pm) return;
  if (success) {
    attemptCharge(ctx, pi, pm);
    return;
  }
  fail(ctx, pi, pm, { code: 'payment_intent_authentication_failure', message: 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.' }, null);
}

function confirmIntent(ctx: RequestContext, pi: PaymentIntent): void {
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)) {
    throw unexpectedState(pi, 'confirm', ['requires_payment_method', 'requires_confirmation', 'requires_action']);
  }
  applySetupFutureUsage(pi, ctx.params);
  const pm = paymentMethodFor(ctx, pi);
  if (!pm) {
    const err = invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      { code: 'payment_intent_unexpected_state' },
    );
    throw err;
  }
  const returnUrl = ctx.params.str('return_url') ?? null;
  const behavior = cardFor(cardNumberOf(ctx, pm))?.behavior.kind;
  if (behavior === 'three_d_secure' && ctx.params.bool('off_session') !== true) {
    const previous: JsonObject = { status: pi.status };
    pi.status = 'requires_action';
    pi.payment_method = pm.id;
    pi.next_action = {
      type: 'redirect_to_url',
      redirect_to_url: { return_url: returnUrl, url: `${ctx.em.baseUrl}/_emulator/3ds/${pi.id}?return_url=${encodeURIComponent(returnUrl ?? '')}` },
    };
    ctx.em.emit(originOf(ctx), ctx.account, 'payment_intent.requires_action', pi, previous);
    return;
  }
  if (behavior === 'three_d_secure') {
    throw fail(ctx, pi, pm, { code: 'authentication_required', decline_code: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.' }, null);
  }
  attemptCharge(ctx, pi, pm);
}

/** Builds (without storing) a PaymentIntent from creation params, also Checkout's `payment_intent_data`. */
export function buildPaymentIntent(ctx: RequestContext, p: Params, amount: number, currency: string): PaymentIntent {
  const min = MINIMUM_AMOUNT[currency] ?? 1;
  if (amount < min) {
    throw invalidRequest(`Amount must be at least ${min} ${currency} minor units`, { param: 'amount', code: 'amount_too_small' });
  }
  const apm = p.map('automatic_payment_methods');
  const types = p.strArray('payment_method_types');
  if (apm && types) {
    throw invalidRequest('You may only specify one of these parameters: automatic_payment_methods, payment_method_types.', {
      param: 'automatic_payment_methods',
    });
  }
  const transferData = p.map('transfer_data');
  const destination = transferData?.reqStr('destination');
  if (destination) ctx.em.store.get('account', destination, undefined, 'transfer_data[destination]');
  const transferAmount = transferData?.int('amount');
  const id = newId('pi');
  const pi: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: p.int('application_fee_amount') ?? null,
    automatic_payment_methods: types ? null : { enabled: apm?.bool('enabled') ?? true, ...(apm?.has('allow_redirects') ? { allow_redirects: apm.oneOf('allow_redirects', ['always', 'never'] as const) ?? 'always' } : {}) },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: p.oneOf('capture_method', CAPTURE_METHODS) ?? 'automatic',
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: p.oneOf('confirmation_method', ['automatic', 'manual'] as const) ?? 'automatic',
    created: ctx.em.now(),
    currency,
    customer: null,
    description: null,
    invoice: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: {},
    next_action: null,
    on_behalf_of: p.str('on_behalf_of') ?? null,
    payment_method: null,
    payment_method_options: {},
    payment_method_types: types ?? ['card'],
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: destination ? { destination, ...(transferAmount !== undefined ? { amount: transferAmount } : {}) } : null,
    transfer_group: null,
  };
  if (pi.application_fee_amount !== null && (pi.application_fee_amount < 0 || pi.application_fee_amount > amount)) {
    throw invalidRequest('The application fee amount must be between 0 and the PaymentIntent amount.', { param: 'application_fee_amount' });
  }
  applyCommonParams(ctx, pi, p);
  return pi;
}

export function insertPaymentIntent(ctx: RequestContext, pi: PaymentIntent): PaymentIntent {
  ctx.em.store.insert('payment_intent', ctx.account, pi);
  ctx.em.emit(originOf(ctx), ctx.account, 'payment_intent.created', pi);
  return pi;
}

const create = (ctx: RequestContext) => {
  const p = ctx.params;
  const pi = buildPaymentIntent(ctx, p, p.reqInt('amount'), p.reqStr('currency').toLowerCase());
  const pmId = p.str('payment_method');
  if (pmId) {
    pi.payment_method = resolvePaymentMethod(ctx, pmId).id;
    pi.status = 'requires_confirmation';
  }
  insertPaymentIntent(ctx, pi);
  if (p.bool('confirm')) confirmIntent(ctx, pi);
  return view(ctx, pi);
};

const retrieve = (ctx: RequestContext) => view(ctx, getIntent(ctx));

const update = (ctx: RequestContext) => {
  const pi = getIntent(ctx);
  const p = ctx.params;
  const editable = ['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status);
  const amount = p.int('amount');
  if (amount !== undefined || p.has('currency') || p.has('payment_method')) {
    if (!editable) throw unexpectedState(pi, 'update', ['requires_payment_method', 'requires_confirmation', 'requires_action']);
  }
  if (amount !== undefined) pi.amount = amount;
  const currency = p.str('currency');
  if (currency) pi.currency = currency.toLowerCase();
  applyCommonParams(ctx, pi, p);
  const pmId = p.str('payment_method');
  if (pmId) {
    pi.payment_method = resolvePaymentMethod(ctx, pmId).id;
    pi.status = 'requires_confirmation';
  }
  return view(ctx, pi);
};

const confirm = (ctx: RequestContext) => {
  const pi = getIntent(ctx);
  confirmIntent(ctx, pi);
  return view(ctx, pi);
};

const capture = (ctx: RequestContext) => {
  const pi = getIntent(ctx);
  if (pi.status !== 'requires_capture') throw unexpectedState(pi, 'capture', ['requires_capture']);
  const amount = ctx.params.int('amount_to_capture') ?? pi.amount_capturable;
  if (amount <= 0 || amount > pi.amount_capturable) {
    throw invalidRequest(`The amount_to_capture must be between 1 and the amount capturable (${pi.amount_capturable}).`, {
      param: 'amount_to_capture',
      code: 'amount_too_large',
    });
  }
  pi.metadata = ctx.params.metadata(pi.metadata);
  const charge = ctx.em.store.get('charge', pi.latest_charge ?? '', ctx.account, 'latest_charge');
  const previousCharge: JsonObject = { amount_captured: 0, captured: false };
  captureCharge(ctx, charge, amount);
  ctx.em.emit(originOf(ctx), ctx.account, 'charge.captured', charge, previousCharge);
  const previous: JsonObject = { status: pi.status, amount_capturable: pi.amount_capturable, amount_received: pi.amount_received };
  pi.status = 'succeeded';
  pi.amount_received = amount;
  pi.amount_capturable = 0;
  ctx.em.emit(originOf(ctx), ctx.account, 'payment_intent.succeeded', pi, previous);
  for (const hook of ctx.em.paymentHooks) hook(ctx, pi, 'succeeded');
  return view(ctx, pi);
};

const cancel = (ctx: RequestContext) => {
  const pi = getIntent(ctx);
  if (!CANCELLABLE.includes(pi.status)) throw unexpectedState(pi, 'cancel', CANCELLABLE);
  const reason = ctx.params.oneOf('cancellation_reason', CANCELLATION_REASONS) ?? null;
  if (pi.status === 'requires_capture' && pi.latest_charge) {
    const charge = ctx.em.store.get('charge', pi.latest_charge, ctx.account);
    const previousCharge: JsonObject = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded = charge.amount;
    charge.refunded = true;
    ctx.em.emit(originOf(ctx), ctx.account, 'charge.expired', charge, previousCharge);
  }
  const previous: JsonObject = { status: pi.status };
  pi.status = 'canceled';
  pi.canceled_at = ctx.em.now();
  pi.cancellation_reason = reason;
  pi.amount_capturable = 0;
  pi.next_action = null;
  ctx.em.emit(originOf(ctx), ctx.account, 'payment_intent.canceled', pi, previous);
  return view(ctx, pi);
};

const list = (ctx: RequestContext) => {
  const customer = ctx.params.str('customer');
  const items = ctx.em.store.all('payment_intent', ctx.account).filter((pi) => customer === undefined || pi.customer === customer);
  return expand(ctx.em, paginate(ctx, items, '/v1/payment_intents'), ctx.params.expand());
};

export const paymentIntentRoutes: Route[] = [
  { method: 'POST', path: '/v1/payment_intents', handler: create },
  { method: 'GET', path: '/v1/payment_intents', handler: list },
  { method: 'GET', path: '/v1/payment_intents/:id', handler: retrieve, publishable: true },
  { method: 'POST', path: '/v1/payment_intents/:id', handler: update },
  { method: 'POST', path: '/v1/payment_intents/:id/confirm', handler: confirm, publishable: true },
  { method: 'POST', path: '/v1/payment_intents/:id/capture', handler: capture },
  { method: 'POST', path: '/v1/payment_intents/:id/cancel', handler: cancel },
];
