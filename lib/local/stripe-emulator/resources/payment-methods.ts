import { createHash } from 'node:crypto';
import { cardFor, testPaymentMethodCard } from '../cards';
import { originOf, type RequestContext, type Route } from '../context';
import { StripeApiError, invalidRequest, parameterMissing } from '../errors';
import { expand } from '../expand';
import type { BillingDetails, PaymentMethod } from '../objects/payments';
import type { Params } from '../params';
import { fromPath, pageOfOwned } from '../reads';
import { newId } from '../store';

function cardError(code: string, message: string, param: string): StripeApiError {
  return new StripeApiError(402, {
    type: 'card_error',
    code,
    message,
    param,
    doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`,
  });
}

function billingDetails(p: Params | undefined): BillingDetails {
  const a = p?.map('address');
  return {
    address: {
      city: a?.str('city') ?? null,
      country: a?.str('country') ?? null,
      line1: a?.str('line1') ?? null,
      line2: a?.str('line2') ?? null,
      postal_code: a?.str('postal_code') ?? null,
      state: a?.str('state') ?? null,
    },
    email: p?.str('email') ?? null,
    name: p?.str('name') ?? null,
    phone: p?.str('phone') ?? null,
  };
}

/** Builds (and stores) a card PaymentMethod for a raw card number. */
export function storeCardPaymentMethod(
  ctx: RequestContext,
  number: string,
  expMonth: number,
  expYear: number,
  cvc: string | undefined,
  billing: BillingDetails,
  metadata: Record<string, string>,
): PaymentMethod {
  const card = cardFor(number);
  if (!card) throw cardError('incorrect_number', 'Your card number is incorrect.', 'card[number]');
  if (expMonth < 1 || expMonth > 12) throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", 'card[exp_month]');
  const fullYear = expYear < 100 ? 2000 + expYear : expYear;
  const now = new Date(ctx.em.now() * 1000);
  if (fullYear < now.getUTCFullYear() || (fullYear === now.getUTCFullYear() && expMonth < now.getUTCMonth() + 1)) {
    throw cardError('invalid_expiry_year', "Your card's expiration year is invalid.", 'card[exp_year]');
  }
  if (cvc !== undefined && !/^\d{3,4}$/.test(cvc)) throw cardError('invalid_cvc', "Your card's security code is invalid.", 'card[cvc]');
  const pm: PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    billing_details: billing,
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: cvc ? 'pass' : null },
      country: 'US',
      exp_month: expMonth,
      exp_year: fullYear,
      fingerprint: createHash('sha256').update(number).digest('base64url').slice(0, 16),
      funding: card.funding,
      last4: number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: ctx.em.now(),
    customer: null,
    livemode: false,
    metadata,
    type: 'card',
  };
  ctx.em.store.insert('payment_method', ctx.account, pm);
  ctx.em.store.state.cardNumbers[pm.id] = number;
  return pm;
}

/** A PaymentMethod from `card[...]` params (as in POST /v1/payment_methods or `payment_method_data`). */
export function paymentMethodFromParams(ctx: RequestContext, p: Params): PaymentMethod {
  const type = p.reqStr('type');
  if (type !== 'card')
    throw invalidRequest(`The emulator supports only type=card (got ${type}).`, { param: 'type', code: 'parameter_invalid_string' });
  const card = p.map('card');
  if (!card) throw parameterMissing('card');
  const token = card.str('token');
  if (token) throw invalidRequest('Card tokens are not supported by the emulator; send card[number].', { param: 'card[token]' });
  return storeCardPaymentMethod(
    ctx,
    card.reqStr('number').replace(/\s/g, ''),
    card.reqInt('exp_month'),
    card.reqInt('exp_year'),
    card.str('cvc'),
    billingDetails(p.map('billing_details')),
    p.metadata(),
  );
}

/** Resolves a `payment_method` param: a stored id, or a test id such as `pm_card_visa` (a new PM). */
export function resolvePaymentMethod(ctx: RequestContext, id: string, param = 'payment_method'): PaymentMethod {
  const existing = ctx.em.store.find('payment_method', id, ctx.account);
  if (existing) return existing;
  const number = testPaymentMethodCard(id);
  if (!number) return ctx.em.store.get('payment_method', id, ctx.account, param); // throws resource_missing
  const year = new Date(ctx.em.now() * 1000).getUTCFullYear() + 3;
  return storeCardPaymentMethod(ctx, number, 12, year, '123', billingDetails(undefined), {});
}

export function cardNumberOf(ctx: RequestContext, pm: PaymentMethod): string {
  return ctx.em.store.state.cardNumbers[pm.id] ?? '4242424242424242';
}

const create = (ctx: RequestContext) => paymentMethodFromParams(ctx, ctx.params);

const retrieve = (ctx: RequestContext) => {
  const id = ctx.pathParams.id ?? '';
  return expand(ctx.em, resolvePaymentMethod(ctx, id, 'id'), ctx.params.expand());
};

const update = (ctx: RequestContext) => {
  const pm = fromPath(ctx, 'payment_method');
  pm.metadata = ctx.params.metadata(pm.metadata);
  const bd = ctx.params.map('billing_details');
  if (bd) pm.billing_details = billingDetails(bd);
  const card = ctx.params.map('card');
  if (card) {
    pm.card.exp_month = card.int('exp_month') ?? pm.card.exp_month;
    pm.card.exp_year = card.int('exp_year') ?? pm.card.exp_year;
  }
  ctx.em.emit(originOf(ctx), ctx.account, 'payment_method.updated', pm);
  return pm;
};

const list = (ctx: RequestContext) => pageOfOwned(ctx, 'payment_method', '/v1/payment_methods', { matching: ['customer'] });

/** Attaches a PaymentMethod to a customer (`payment_method.attached`), as the attach call and saving a card on payment do. */
export function attachPaymentMethod(ctx: RequestContext, pm: PaymentMethod, customerId: string): void {
  if (pm.customer && pm.customer !== customerId) {
    throw invalidRequest('The payment method you provided has already been attached to a customer.', {
      code: 'payment_method_unexpected_state',
    });
  }
  pm.customer = customerId;
  ctx.em.emit(originOf(ctx), ctx.account, 'payment_method.attached', pm);
}

const attach = (ctx: RequestContext) => {
  const pm = fromPath(ctx, 'payment_method');
  const customer = ctx.em.store.get('customer', ctx.params.reqStr('customer'), ctx.account, 'customer');
  attachPaymentMethod(ctx, pm, customer.id);
  return pm;
};

const detach = (ctx: RequestContext) => {
  const pm = fromPath(ctx, 'payment_method');
  if (!pm.customer) {
    throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', {
      code: 'payment_method_unexpected_state',
    });
  }
  const customer = ctx.em.store.find('customer', pm.customer);
  if (customer?.invoice_settings.default_payment_method === pm.id) customer.invoice_settings.default_payment_method = null;
  pm.customer = null;
  ctx.em.emit(originOf(ctx), ctx.account, 'payment_method.detached', pm);
  return pm;
};

export const paymentMethodRoutes: Route[] = [
  { method: 'POST', path: '/v1/payment_methods', handler: create, publishable: true },
  { method: 'GET', path: '/v1/payment_methods', handler: list },
  { method: 'GET', path: '/v1/payment_methods/:id', handler: retrieve },
  { method: 'POST', path: '/v1/payment_methods/:id', handler: update },
  { method: 'POST', path: '/v1/payment_methods/:id/attach', handler: attach },
  { method: 'POST', path: '/v1/payment_methods/:id/detach', handler: detach },
];
