import { originOf, systemContext, type RequestContext, type Route } from '../context';
import type { Emulator } from '../emulator';
import { invalidRequest, parameterMissing, StripeApiError } from '../errors';
import { expand } from '../expand';
import { paginate } from '../list';
import type { CheckoutSession, LineItem } from '../objects/billing';
import { Params } from '../params';
import { fromPath, listOwned, retrieveFromPath } from '../reads';
import { newId, randomToken } from '../store';
import { attemptCharge } from './payment-intent-charge';
import { buildPaymentIntent, insertPaymentIntent } from './payment-intents';
import { storeCardPaymentMethod } from './payment-methods';
import { createPrice } from './products';
import { redeemDiscount } from './promotions';

function lineItemsFrom(ctx: RequestContext): LineItem[] {
  const raw = ctx.params.raw.line_items;
  if (!Array.isArray(raw) || raw.length === 0) throw parameterMissing('line_items');
  return raw.map((entry, i) => {
    if (typeof entry === 'string' || Array.isArray(entry)) throw invalidRequest(`Invalid line_items[${i}]`, { param: `line_items[${i}]` });
    const p = new Params(entry, `line_items[${i}]`);
    const priceId = p.str('price');
    const priceData = p.map('price_data');
    if (!priceId && !priceData) throw parameterMissing(`line_items[${i}][price]`);
    const price = priceId
      ? ctx.em.store.get('price', priceId, ctx.account, `line_items[${i}][price]`)
      : createPrice(ctx, priceData as Params);
    if (price.type === 'recurring') {
      throw invalidRequest('The emulator supports Checkout only in payment mode with one-time prices.', {
        param: `line_items[${i}][price]`,
      });
    }
    const quantity = p.int('quantity') ?? 1;
    if (quantity < 1) throw invalidRequest('Quantity must be at least 1.', { param: `line_items[${i}][quantity]` });
    const product = ctx.em.store.find('product', price.product);
    const amount = price.unit_amount * quantity;
    return {
      id: newId('li'),
      object: 'item' as const,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: product?.name ?? '',
      price,
      quantity,
    };
  });
}

const create = (ctx: RequestContext) => {
  const p = ctx.params;
  const mode = p.oneOf('mode', ['payment', 'setup', 'subscription'] as const);
  if (!mode) throw parameterMissing('mode');
  if (mode !== 'payment') throw invalidRequest(`The emulator supports Checkout only in payment mode (got ${mode}).`, { param: 'mode' });
  const customer = p.str('customer') ?? null;
  if (customer) ctx.em.store.get('customer', customer, ctx.account, 'customer');
  const successUrl = p.reqStr('success_url');
  const items = lineItemsFrom(ctx);
  const currency = items[0]?.currency ?? 'usd';
  if (items.some((li) => li.currency !== currency))
    throw invalidRequest('All line items must have the same currency.', { param: 'line_items' });
  const subtotal = items.reduce((sum, li) => sum + li.amount_total, 0);
  const discount = redeemDiscount(ctx, p.raw.discounts, subtotal, currency, customer);
  const total = subtotal - (discount?.amount ?? 0);
  // Validates payment_intent_data now, so a bad value fails the session creation as at Stripe.
  buildPaymentIntent(ctx, p.map('payment_intent_data') ?? new Params({}), total, currency);
  const id = `cs_test_${randomToken(58)}`;
  const now = ctx.em.now();
  const expiresAt = p.int('expires_at') ?? now + 86400;
  if (expiresAt < now + 1800 || expiresAt > now + 86400) {
    throw invalidRequest('expires_at must be between 30 minutes and 24 hours from now.', { param: 'expires_at' });
  }
  const session: CheckoutSession = {
    id,
    object: 'checkout.session',
    after_expiration: null,
    allow_promotion_codes: p.bool('allow_promotion_codes') ?? null,
    amount_subtotal: subtotal,
    amount_total: total,
    automatic_tax: { enabled: false, status: null },
    billing_address_collection: null,
    cancel_url: p.str('cancel_url') ?? null,
    client_reference_id: p.str('client_reference_id') ?? null,
    consent: null,
    consent_collection: null,
    created: now,
    currency,
    custom_fields: [],
    custom_text: { shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer,
    customer_creation: customer ? null : (p.oneOf('customer_creation', ['if_required', 'always'] as const) ?? 'if_required'),
    customer_details: null,
    customer_email: p.str('customer_email') ?? null,
    expires_at: expiresAt,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: p.str('locale') ?? null,
    metadata: p.metadata(),
    mode: 'payment',
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'always',
    payment_method_options: {},
    payment_method_types: p.strArray('payment_method_types') ?? ['card'],
    payment_status: 'unpaid',
    phone_number_collection: { enabled: false },
    recovered_from: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_details: null,
    shipping_options: [],
    status: 'open',
    submit_type: p.oneOf('submit_type', ['auto', 'book', 'donate', 'pay'] as const) ?? null,
    subscription: null,
    success_url: successUrl,
    total_details: { amount_discount: discount?.amount ?? 0, amount_shipping: 0, amount_tax: 0 },
    discounts: discount ? [{ coupon: discount.coupon, promotion_code: discount.promotion_code }] : [],
    url: `${ctx.em.baseUrl}/_emulator/checkout/${id}`,
  };
  for (const li of items) ctx.em.store.insert('line_item', ctx.account, li);
  ctx.em.store.state.sessionLineItems[id] = items.map((li) => li.id);
  ctx.em.store.insert('checkout_session', ctx.account, session);
  // Kept to build the PaymentIntent when the customer pays.
  ctx.em.store.state.sessionPaymentIntentData[id] = p.map('payment_intent_data')?.raw ?? {};
  return expand(ctx.em, session, p.expand());
};

export function sessionLineItems(em: Emulator, sessionId: string): LineItem[] {
  return (em.store.state.sessionLineItems[sessionId] ?? []).map((id) => em.store.get('line_item', id));
}

function expire(ctx: RequestContext, session: CheckoutSession): void {
  const previous = { status: session.status, url: session.url };
  session.status = 'expired';
  session.url = null;
  ctx.em.emit(originOf(ctx), ctx.account, 'checkout.session.expired', session, previous);
}

/** Open sessions past `expires_at` expire (on the emulator's clock). */
export function expireSessions(em: Emulator): void {
  const now = em.now();
  for (const entry of em.store.entriesOf('checkout_session')) {
    const session = entry.data;
    if (session.status === 'open' && session.expires_at <= now) expire(systemContext(em, entry.account), session);
  }
}

/**
 * The hosted page's Pay button: a PaymentIntent for the total, charged with the given test card.
 * Returns the decline message, or null when the session completed.
 */
export function payCheckoutSession(ctx: RequestContext, session: CheckoutSession, cardNumber: string, email: string | null): string | null {
  if (session.status !== 'open') return `This Checkout Session is ${session.status}.`;
  let pi = session.payment_intent ? ctx.em.store.get('payment_intent', session.payment_intent, ctx.account) : undefined;
  if (!pi) {
    const data = new Params(ctx.em.store.state.sessionPaymentIntentData[session.id] ?? {}, 'payment_intent_data');
    pi = buildPaymentIntent(ctx, data, session.amount_total, session.currency);
    pi.customer = session.customer;
    pi.payment_method_types = session.payment_method_types;
    pi.automatic_payment_methods = null;
    insertPaymentIntent(ctx, pi);
    session.payment_intent = pi.id;
  }
  try {
    const year = new Date(ctx.em.now() * 1000).getUTCFullYear() + 3;
    const pm = storeCardPaymentMethod(
      ctx,
      cardNumber.replace(/\s/g, ''),
      12,
      year,
      '123',
      { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email, name: null, phone: null },
      {},
    );
    attemptCharge(ctx, pi, pm); // the hosted page completes any 3D Secure challenge itself
  } catch (e) {
    if (e instanceof StripeApiError) return e.body.message;
    throw e;
  }
  const previous = { status: session.status, payment_status: session.payment_status };
  session.status = 'complete';
  session.payment_status = 'paid';
  session.url = null;
  session.customer_details = { email: email ?? session.customer_email, name: null, phone: null, tax_exempt: 'none', tax_ids: [] };
  ctx.em.emit(originOf(ctx), ctx.account, 'checkout.session.completed', session, previous);
  return null;
}

const list = (ctx: RequestContext) =>
  listOwned(ctx, 'checkout_session', '/v1/checkout/sessions', { matching: ['payment_intent', 'customer'] });

const expireRoute = (ctx: RequestContext) => {
  const session = fromPath(ctx, 'checkout_session');
  if (session.status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      {
        code: 'checkout_session_unexpected_state',
      },
    );
  }
  expire(ctx, session);
  return session;
};

const lineItems = (ctx: RequestContext) => {
  const session = fromPath(ctx, 'checkout_session');
  return paginate(ctx, sessionLineItems(ctx.em, session.id), `/v1/checkout/sessions/${session.id}/line_items`);
};

export const checkoutSessionRoutes: Route[] = [
  { method: 'POST', path: '/v1/checkout/sessions', handler: create },
  { method: 'GET', path: '/v1/checkout/sessions', handler: list },
  { method: 'GET', path: '/v1/checkout/sessions/:id', handler: (ctx) => retrieveFromPath(ctx, 'checkout_session') },
  { method: 'POST', path: '/v1/checkout/sessions/:id/expire', handler: expireRoute },
  { method: 'GET', path: '/v1/checkout/sessions/:id/line_items', handler: lineItems },
];
