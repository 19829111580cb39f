/** The Subscriptions API: create (and collect the first invoice), read, update, cancel, list. */
import { originOf, type RequestContext, type Route } from '../context';
import { snapshot } from '../emulator';
import { invalidRequest, parameterMissing, type StripeApiError } from '../errors';
import { expand } from '../expand';
import type { JsonObject } from '../objects/base';
import type { Invoice, Subscription, SubscriptionItem } from '../objects/billing';
import { Params, updateMetadataAndDescription } from '../params';
import { fromPath, listOwned, retrieveFromPath } from '../reads';
import { newId } from '../store';
import { collectInvoice, createSubscriptionInvoice } from './invoices';
import { redeemDiscount } from './promotions';
import { cancelNow, defaultPaymentMethod, periodEnd, setPeriod } from './subscription-cycle';
import { changeSubscriptionItems } from './subscription-change';

const BEHAVIORS = ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const;

function itemsFrom(ctx: RequestContext, subId: string): SubscriptionItem[] {
  const raw = ctx.params.raw.items;
  if (!Array.isArray(raw) || raw.length === 0) throw parameterMissing('items');
  const items = raw.map((entry, i) => {
    if (typeof entry === 'string' || Array.isArray(entry)) throw invalidRequest(`Invalid items[${i}]`, { param: `items[${i}]` });
    const p = new Params(entry, `items[${i}]`);
    const price = ctx.em.store.get('price', p.reqStr('price'), ctx.account, `items[${i}][price]`);
    if (!price.recurring) throw invalidRequest(`The price specified (${price.id}) is not recurring.`, { param: `items[${i}][price]` });
    const now = ctx.em.now();
    return {
      id: newId('si'),
      object: 'subscription_item' as const,
      billing_thresholds: null,
      created: now,
      current_period_end: now,
      current_period_start: now,
      metadata: p.metadata(),
      price,
      quantity: p.int('quantity') ?? 1,
      subscription: subId,
      tax_rates: [],
    };
  });
  const first = items[0]?.price;
  if (items.some((it) => it.price.currency !== first?.currency || it.price.recurring?.interval !== first?.recurring?.interval)) {
    throw invalidRequest('All prices of a subscription must share currency and interval.', { param: 'items' });
  }
  return items;
}

const create = (ctx: RequestContext) => {
  const p = ctx.params;
  const customer = ctx.em.store.get('customer', p.reqStr('customer'), ctx.account, 'customer');
  const behavior = p.oneOf('payment_behavior', BEHAVIORS) ?? 'allow_incomplete';
  const pmParam = p.str('default_payment_method');
  if (pmParam) {
    const pm = ctx.em.store.get('payment_method', pmParam, ctx.account, 'default_payment_method');
    if (pm.customer !== customer.id) {
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${pm.id}. The payment method must be attached to the customer.`,
        {
          param: 'default_payment_method',
          code: 'resource_missing',
        },
      );
    }
  }
  const id = newId('sub');
  const items = itemsFrom(ctx, id);
  const first = items[0] as SubscriptionItem;
  const now = ctx.em.now();
  const trialEndParam = p.str('trial_end');
  const trialDays =
    p.int('trial_period_days') ?? (p.bool('trial_from_plan') ? (first.price.recurring?.trial_period_days ?? undefined) : undefined);
  const trialEnd = trialEndParam && trialEndParam !== 'now' ? Number(trialEndParam) : trialDays ? now + trialDays * 86400 : null;
  if (trialEnd !== null && (!Number.isInteger(trialEnd) || trialEnd <= now))
    throw invalidRequest('trial_end must be in the future.', { param: 'trial_end' });
  // A promotion code's coupon (duration once): checked and redeemed now, taken off the first invoice.
  const subtotal = trialEnd ? 0 : items.reduce((sum, item) => sum + item.price.unit_amount * item.quantity, 0);
  const discount = redeemDiscount(ctx, p.raw.discounts, subtotal, first.price.currency, customer.id);
  const sub: Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { enabled: false },
    billing_cycle_anchor: trialEnd ?? now,
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: p.bool('cancel_at_period_end') ?? false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: first.price.currency,
    current_period_end: now,
    current_period_start: now,
    customer: customer.id,
    days_until_due: null,
    default_payment_method: pmParam ?? null,
    default_source: null,
    default_tax_rates: [],
    description: p.str('description') ?? null,
    discount: null,
    ended_at: null,
    items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    metadata: p.metadata(),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method:
        p.map('payment_settings')?.oneOf('save_default_payment_method', ['off', 'on_subscription'] as const) ?? 'off',
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: trialEnd ? 'trialing' : 'incomplete',
    test_clock: null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
    trial_start: trialEnd ? now : null,
  };
  setPeriod(sub, now, trialEnd ?? periodEnd(sub, now));
  ctx.em.store.insert('subscription', ctx.account, sub);
  ctx.em.emit(originOf(ctx), ctx.account, 'customer.subscription.created', sub);
  const invoice: Invoice = createSubscriptionInvoice(ctx, sub, 'subscription_create', now, sub.current_period_end, undefined, discount);
  sub.latest_invoice = invoice.id;
  if (invoice.status === 'open') {
    const pm = defaultPaymentMethod(ctx, sub);
    if (behavior === 'default_incomplete' || !pm) {
      if (pm && invoice.payment_intent) {
        const pi = ctx.em.store.get('payment_intent', invoice.payment_intent, ctx.account);
        pi.payment_method = pm;
        pi.status = 'requires_confirmation';
      }
    } else {
      const declined: StripeApiError | null = collectInvoice(ctx, invoice, pm);
      if (declined && behavior === 'error_if_incomplete') {
        cancelNow(ctx, sub, now, 'payment_failed');
        throw declined;
      }
    }
  }
  return expand(ctx.em, sub, p.expand());
};

const update = (ctx: RequestContext) => {
  const sub = fromPath(ctx, 'subscription');
  const p = ctx.params;
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    throw invalidRequest(`A ${sub.status} subscription can only update its cancellation_details and metadata.`, {
      code: 'subscription_unexpected_state',
    });
  }
  const previous = snapshot({
    cancel_at_period_end: sub.cancel_at_period_end,
    metadata: sub.metadata,
    default_payment_method: sub.default_payment_method,
    items: sub.items,
    latest_invoice: sub.latest_invoice,
  });
  // First: a declined plan change throws before anything else of the update is applied.
  if (p.has('items')) changeSubscriptionItems(ctx, sub);
  const capeParam = p.bool('cancel_at_period_end');
  if (capeParam !== undefined) {
    sub.cancel_at_period_end = capeParam;
    sub.cancel_at = capeParam ? sub.current_period_end : null;
    sub.canceled_at = capeParam ? ctx.em.now() : null;
  }
  updateMetadataAndDescription(p, sub);
  const pm = p.nullableStr('default_payment_method');
  if (pm) ctx.em.store.get('payment_method', pm, ctx.account, 'default_payment_method');
  if (pm !== undefined) sub.default_payment_method = pm;
  const changed: JsonObject = {};
  const now = snapshot(sub);
  for (const [k, v] of Object.entries(previous)) if (JSON.stringify(v) !== JSON.stringify(now[k])) changed[k] = v;
  if (Object.keys(changed).length > 0) ctx.em.emit(originOf(ctx), ctx.account, 'customer.subscription.updated', sub, changed);
  return expand(ctx.em, sub, p.expand());
};

const cancel = (ctx: RequestContext) => {
  const sub = fromPath(ctx, 'subscription');
  if (sub.status === 'canceled') throw invalidRequest(`This subscription is already canceled.`, { code: 'subscription_unexpected_state' });
  const details = ctx.params.map('cancellation_details');
  sub.cancellation_details = { comment: details?.str('comment') ?? null, feedback: details?.str('feedback') ?? null, reason: null };
  cancelNow(ctx, sub, ctx.em.now(), 'cancellation_requested');
  return expand(ctx.em, sub, ctx.params.expand());
};

const list = (ctx: RequestContext) => {
  const price = ctx.params.str('price');
  const status = ctx.params.str('status');
  return listOwned(ctx, 'subscription', '/v1/subscriptions', {
    matching: ['customer'],
    keep: (s) =>
      (price === undefined || s.items.data.some((it) => it.price.id === price)) &&
      (status === 'all' || (status === undefined ? s.status !== 'canceled' && s.status !== 'incomplete_expired' : s.status === status)),
  });
};

const resume = (ctx: RequestContext) => {
  const sub = fromPath(ctx, 'subscription');
  throw invalidRequest(`Only paused subscriptions can be resumed (status ${sub.status}).`, { code: 'subscription_unexpected_state' });
};

export const subscriptionRoutes: Route[] = [
  { method: 'POST', path: '/v1/subscriptions', handler: create },
  { method: 'GET', path: '/v1/subscriptions', handler: list },
  { method: 'GET', path: '/v1/subscriptions/:id', handler: (ctx) => retrieveFromPath(ctx, 'subscription') },
  { method: 'POST', path: '/v1/subscriptions/:id', handler: update },
  { method: 'DELETE', path: '/v1/subscriptions/:id', handler: cancel },
  { method: 'POST', path: '/v1/subscriptions/:id/resume', handler: resume },
];
