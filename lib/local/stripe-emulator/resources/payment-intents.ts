/** The PaymentIntents API: create (also for Checkout and invoices), read, update, confirm, capture, cancel, list. */
import { originOf, type RequestContext, type Route } from '../context';
import { invalidRequest } from '../errors';
import type { JsonObject } from '../objects/base';
import type { PaymentIntent } from '../objects/payments';
import { updateMetadataAndDescription, type Params } from '../params';
import { listOwned } from '../reads';
import { newId, randomToken } from '../store';
import { captureCharge } from './charges';
import { intentFromPath } from './intent-confirmation';
import { applySetupFutureUsage, confirmIntent, paymentIntentView, unexpectedState } from './payment-intent-charge';
import { resolvePaymentMethod } from './payment-methods';

const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
const CANCELLABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;
const MINIMUM_AMOUNT: Record<string, number> = { usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50 };

const getIntent = (ctx: RequestContext) => intentFromPath(ctx, 'payment_intent');

function applyCommonParams(ctx: RequestContext, pi: PaymentIntent, p: Params): void {
  updateMetadataAndDescription(p, pi);
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
    automatic_payment_methods: types
      ? null
      : {
          enabled: apm?.bool('enabled') ?? true,
          ...(apm?.has('allow_redirects')
            ? { allow_redirects: apm.oneOf('allow_redirects', ['always', 'never'] as const) ?? 'always' }
            : {}),
        },
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
  return paymentIntentView(ctx, pi);
};

const retrieve = (ctx: RequestContext) => paymentIntentView(ctx, getIntent(ctx));

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
  return paymentIntentView(ctx, pi);
};

const confirm = (ctx: RequestContext) => {
  const pi = getIntent(ctx);
  confirmIntent(ctx, pi);
  return paymentIntentView(ctx, pi);
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
  return paymentIntentView(ctx, pi);
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
  return paymentIntentView(ctx, pi);
};

const list = (ctx: RequestContext) => listOwned(ctx, 'payment_intent', '/v1/payment_intents', { matching: ['customer'] });

export const paymentIntentRoutes: Route[] = [
  { method: 'POST', path: '/v1/payment_intents', handler: create },
  { method: 'GET', path: '/v1/payment_intents', handler: list },
  { method: 'GET', path: '/v1/payment_intents/:id', handler: retrieve, publishable: true },
  { method: 'POST', path: '/v1/payment_intents/:id', handler: update },
  { method: 'POST', path: '/v1/payment_intents/:id/confirm', handler: confirm, publishable: true },
  { method: 'POST', path: '/v1/payment_intents/:id/capture', handler: capture },
  { method: 'POST', path: '/v1/payment_intents/:id/cancel', handler: cancel },
];
