/**
 * A subscription's billing cycle: its periods, the status its invoices' payments give it, renewals on the emulator's
 * clock (an invoice and a charge per period) and the end of it (canceled now, at period end, or expired unpaid).
 */
import { originOf, systemContext, type RequestContext } from '../context';
import { snapshot, type Emulator } from '../emulator';
import type { JsonObject } from '../objects/base';
import type { Price, Subscription } from '../objects/billing';
import type { PaymentIntent } from '../objects/payments';
import { applyInvoicePayment, collectInvoice, createSubscriptionInvoice, voidInvoice } from './invoices';

/** Stripe expires an unpaid first invoice's subscription after 23 hours. */
const INCOMPLETE_TTL = 23 * 3600;
const LIVE: Subscription['status'][] = ['active', 'trialing', 'past_due'];
/** Stripe sends `customer.subscription.trial_will_end` three days before a trial ends (at once for a shorter trial). */
const TRIAL_WILL_END_NOTICE = 3 * 86400;

function trialWillEndSent(em: Emulator, account: string, subId: string): boolean {
  return em.store
    .all('event', account)
    .some((e) => e.type === 'customer.subscription.trial_will_end' && (e.data.object as { id?: string }).id === subId);
}

/** `ts` plus `count` intervals (months clamp to the end of shorter months, in UTC). */
function addInterval(ts: number, interval: NonNullable<Price['recurring']>['interval'], count: number): number {
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

export function setPeriod(sub: Subscription, start: number, end: number): void {
  sub.current_period_start = start;
  sub.current_period_end = end;
  for (const item of sub.items.data) {
    item.current_period_start = start;
    item.current_period_end = end;
  }
}

export function periodEnd(sub: Subscription, start: number): number {
  const recurring = sub.items.data[0]?.price.recurring;
  return recurring ? addInterval(start, recurring.interval, recurring.interval_count) : start + 30 * 86400;
}

function setStatus(ctx: RequestContext, sub: Subscription, status: Subscription['status'], extra: JsonObject = {}): void {
  if (sub.status === status) return;
  const previous: JsonObject = { status: sub.status, ...extra };
  sub.status = status;
  ctx.em.emit(originOf(ctx), ctx.account, 'customer.subscription.updated', sub, previous);
}

export function defaultPaymentMethod(ctx: RequestContext, sub: Subscription): string | null {
  if (sub.default_payment_method) return sub.default_payment_method;
  return ctx.em.store.find('customer', sub.customer, ctx.account)?.invoice_settings.default_payment_method ?? null;
}

/** Payment hook: an invoice's payment decides its subscription's status. */
export function subscriptionPaymentHook(ctx: RequestContext, pi: PaymentIntent, outcome: 'succeeded' | 'failed'): void {
  const invoice = applyInvoicePayment(ctx, pi, outcome);
  const sub = invoice?.subscription ? ctx.em.store.find('subscription', invoice.subscription, ctx.account) : undefined;
  if (!invoice || !sub) return;
  if (outcome === 'succeeded') {
    if (sub.payment_settings.save_default_payment_method === 'on_subscription' && pi.payment_method)
      sub.default_payment_method = pi.payment_method;
    const pm = pi.payment_method ? ctx.em.store.find('payment_method', pi.payment_method, ctx.account) : undefined;
    if (pm && !pm.customer) pm.customer = sub.customer;
    if (['incomplete', 'past_due', 'unpaid'].includes(sub.status)) setStatus(ctx, sub, 'active');
  } else if (invoice.billing_reason === 'subscription_cycle') {
    setStatus(ctx, sub, 'past_due');
  }
}

export function cancelNow(
  ctx: RequestContext,
  sub: Subscription,
  at: number,
  reason: Subscription['cancellation_details']['reason'],
): void {
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
  for (const entry of em.store.entriesOf('subscription')) {
    const sub = entry.data;
    const ctx = systemContext(em, entry.account);
    if (sub.status === 'trialing' && sub.trial_end !== null && sub.trial_end - TRIAL_WILL_END_NOTICE <= now) {
      if (!trialWillEndSent(em, entry.account, sub.id)) em.emit(originOf(ctx), entry.account, 'customer.subscription.trial_will_end', sub);
    }
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
      const previous: JsonObject = {
        current_period_start: sub.current_period_start,
        current_period_end: sub.current_period_end,
        status: sub.status,
      };
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
