import { originOf, systemContext, type RequestContext, type Route } from '../context';
import { snapshot, type Emulator } from '../emulator';
import { invalidRequest, parameterMissing, StripeApiError } from '../errors';
import { expand } from '../expand';
import type { JsonObject } from '../objects/base';
import type { Invoice, Price, Subscription, SubscriptionItem } from '../objects/billing';
import type { PaymentIntent } from '../objects/payments';
import { Params, updateMetadataAndDescription } from '../params';
import { fromPath, listOwned, retrieveFromPath } from '../reads';
import { newId } from '../store';
import { applyInvoicePayment, collectInvoice, createSubscriptionInvoice, voidInvoice } from './invoices';

const BEHAVIORS = ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const;
/** Stripe expires an unpaid first invoice's subscription after 23 hours. */
const INCOMPLETE_TTL = 23 * 3600;
const LIVE: Subscription['status'][] = ['active', 'trialing', 'past_due'];

/** `ts` plus `count` intervals (months clamp to the end of shorter months, in UTC). */
export function addInterval(ts: number, interval: NonNullable<Price['recurring']>['interval'], count: number): number {
  if (interval === 'day') return ts + count * 86400;
  if (interval === 'week') return ts + count * 7 * 86400;
  const d = new Date(ts * 1000);
  const months = interval === 'year' ? 12 * count : count;
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

function setPeriod(sub: Subscription, start: number, end: number): void {
  sub.current_period_start = start;
  sub.current_period_end = end;
  for (const item of sub.items.data) {
    item.current_period_start = start;
    item.current_period_end = end;
  }
}

function periodEnd(sub: Subscription, start: number): number {
  const recurring = sub.items.data[0]?.price.recurring;
  return recurring ? addInterval(start, recurring.interval, recurring.interval_count) : start + 30 * 86400;
}

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

function setStatus(ctx: RequestContext, sub: Subscription, status: Subscription['status'], extra: JsonObject = {}): void {
  if (sub.status === status) return;
  const previous: JsonObject = { status: sub.status, ...extra };
  sub.status = status;
  ctx.em.emit(originOf(ctx), ctx.account, 'customer.subscription.updated', sub, previous);
}

function defaultPaymentMethod(ctx: RequestContext, sub: Subscription): string | null {
  if (sub.default_payment_method) return sub.default_payment_method;
  return ctx.em.store.find('customer', sub.customer, ctx.account)?.invoice_settings.default_payment_method ?? null;
}

/** Payment hook: an invoice's payment decides its subscription's status. */
export function subscriptionPaymentHook(ctx: RequestContext, pi: PaymentIntent, outcome: 'succeeded' | 'failed'): void {
  const invoice = applyInvoicePayment(ctx, pi, outcome);
  const sub = invoice?.subscription ? ctx.em.store.find('subscription', invoice.subscription, ctx.account) : undefined;
  if (!invoice || !sub) return;
  if (outcome === 'succeeded') {
    if (sub.payment_settings.save_default_payment_method === 'on_subscription' && pi.payment_method) sub.default_payment_method = pi.payment_method;
    const pm = pi.payment_method ? ctx.em.store.find('payment_method', pi.payment_method, ctx.account) : undefined;
    if (pm && !pm.customer) pm.customer = sub.customer;
    if (['incomplete', 'past_due', 'unpaid'].includes(sub.status)) setStatus(ctx, sub, 'active');
  } else if (invoice.billing_reason === 'subscription_cycle') {
    setStatus(ctx, sub, 'past_due');
  }
}

function cancelNow(ctx: RequestContext, sub: Subscription, at: number, reason: Subscription['cancellation_details']['reason']): void {
  const previous = snapshot({ status: sub.status, canceled_at: sub.canceled_at, ended_at: sub.ended_at });
  sub.status = 'canceled';
  sub.canceled_at = sub.canceled_at ?? at;
  sub.ended_at = at;
  sub.cancellation_details = { ...sub.cancellation_details, reason };
  for (const inv of ctx.em.store.all('invoice', ctx.account)) if (inv.subscription === sub.id) voidInvoice(ctx, inv);
  ctx.em.emit(originOf(ctx), ctx.account, 'customer.subscription.deleted', sub, previous);
}

/** On the clock: renew due periods (invoice + charge), end canceled-at-period-end and expired incomplete ones. */
export function renewSubscriptions(em: Emulator): void {
  const now = em.now();
  for (const entry of Object.values(em.store.state.objects)) {
    if (entry.kind !== 'subscription') continue;
    const sub = entry.data as Subscription;
    const ctx = systemContext(em, entry.account);
    if (sub.status === 'incomplete' && sub.created + INCOMPLETE_TTL <= now) {
      for (const inv of em.store.all('invoice', entry.account)) if (inv.subscription === sub.id) voidInvoice(ctx, inv);
      setStatus(ctx, sub, 'incomplete_expired');
      continue;
    }
    for (let guard = 0; guard < 120 && LIVE.includes(sub.status) && sub.current_period_end <= now; guard++) {
      if (sub.cancel_at_period_end) {
        cancelNow(ctx, sub, sub.current_period_end, 'cancellation_requested');
        break;
      }
      const previous: JsonObject = { current_period_start: sub.current_period_start, current_period_end: sub.current_period_end, status: sub.status };
      const start = sub.current_period_end;
      setPeriod(sub, start, periodEnd(sub, start));
      if (sub.status === 'trialing') sub.status = 'active';
      em.emit(originOf(ctx), entry.account, 'customer.subscription.updated', sub, previous);
      const invoice = createSubscriptionInvoice(ctx, sub, 'subscription_cycle', start, sub.current_period_end);
      sub.latest_invoice = invoice.id;
      if (invoice.status === 'open') {
        const pm = defaultPaymentMethod(ctx, sub);
        collectInvoice(ctx, invoice, pm);
        if (!pm) setStatus(ctx, sub, 'past_due');
      }
    }
  }
}

const create = (ctx: RequestContext) => {
  const p = ctx.params;
  const customer = ctx.em.store.get('customer', p.reqStr('customer'), ctx.account, 'customer');
  const behavior = p.oneOf('payment_behavior', BEHAVIORS) ?? 'allow_incomplete';
  const pmParam = p.str('default_payment_method');
  if (pmParam) {
    const pm = ctx.em.store.get('payment_method', pmParam, ctx.account, 'default_payment_method');
    if (pm.customer !== customer.id) {
      throw invalidRequest(`The customer does not have a payment method with the ID ${pm.id}. The payment method must be attached to the customer.`, {
        param: 'default_payment_method',
        code: 'resource_missing',
      });
    }
  }
  const id = newId('sub');
  const items = itemsFrom(ctx, id);
  const first = items[0] as SubscriptionItem;
  const now = ctx.em.now();
  const trialEndParam = p.str('trial_end');
  const trialDays = p.int('trial_period_days') ?? (p.bool('trial_from_plan') ? first.price.recurring?.trial_period_days ?? undefined : undefined);
  const trialEnd = trialEndParam && trialEndParam !== 'now' ? Number(trialEndParam) : trialDays ? now + trialDays * 86400 : null;
  if (trialEnd !== null && (!Number.isInteger(trialEnd) || trialEnd <= now)) throw invalidRequest('trial_end must be in the future.', { param: 'trial_end' });
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
      save_default_payment_method: p.map('payment_settings')?.oneOf('save_default_payment_method', ['off', 'on_subscription'] as const) ?? 'off',
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
  const invoice: Invoice = createSubscriptionInvoice(ctx, sub, 'subscription_create', now, sub.current_period_end);
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
    throw invalidRequest(`A ${sub.status} subscription can only update its cancellation_details and metadata.`, { code: 'subscription_unexpected_state' });
  }
  const previous = snapshot({ cancel_at_period_end: sub.cancel_at_period_end, metadata: sub.metadata, default_payment_method: sub.default_payment_method, items: sub.items });
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
  if (p.has('items')) {
    // Price changes take effect from the next period (no prorations in the emulator).
    const raw = p.raw.items;
    const entries = Array.isArray(raw) ? raw : [];
    for (const [i, entry] of entries.entries()) {
      if (typeof entry === 'string' || Array.isArray(entry)) continue;
      const ip = new Params(entry, `items[${i}]`);
      const item = sub.items.data.find((it) => it.id === ip.str('id')) ?? (entries.length === 1 ? sub.items.data[0] : undefined);
      if (!item) throw invalidRequest(`No such subscription item: '${ip.str('id') ?? ''}'`, { param: `items[${i}][id]`, status: 404, code: 'resource_missing' });
      const priceId = ip.str('price');
      if (priceId) item.price = ctx.em.store.get('price', priceId, ctx.account, `items[${i}][price]`);
      item.quantity = ip.int('quantity') ?? item.quantity;
    }
  }
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
