import { originOf, type RequestContext, type Route } from '../context';
import { StripeApiError } from '../errors';
import type { JsonObject } from '../objects/base';
import type { Invoice, InvoiceLineItem, Subscription } from '../objects/billing';
import type { AppliedDiscount } from '../objects/discounts';
import type { PaymentIntent } from '../objects/payments';
import { Params } from '../params';
import { listOwned, retrieveFromPath } from '../reads';
import { newId } from '../store';
import { attemptCharge } from './payment-intent-charge';
import { buildPaymentIntent, insertPaymentIntent } from './payment-intents';
import { resolvePaymentMethod } from './payment-methods';

export function lineItems(sub: Subscription, start: number, end: number, trial: boolean): InvoiceLineItem[] {
  return sub.items.data.map((item) => {
    const amount = trial ? 0 : item.price.unit_amount * item.quantity;
    const product = item.price.product;
    return {
      id: newId('il'),
      object: 'line_item' as const,
      amount,
      amount_excluding_tax: amount,
      currency: item.price.currency,
      description: trial ? `Trial period for ${product}` : `${item.quantity} × ${product}`,
      discount_amounts: [],
      discountable: true,
      discounts: [],
      livemode: false as const,
      metadata: {},
      period: { end, start },
      price: item.price,
      proration: false,
      proration_details: { credited_items: null },
      quantity: item.quantity,
      subscription: sub.id,
      subscription_item: item.id,
      tax_amounts: [],
      tax_rates: [],
      type: 'subscription' as const,
      unit_amount_excluding_tax: String(trial ? 0 : item.price.unit_amount),
    };
  });
}

/**
 * An invoice of a subscription (not stored): one period's lines, or the given ones (prorations). The customer's
 * balance applies as Stripe applies it: a credit (negative balance) lowers the amount due, never below zero, and what
 * is left of it is the ending balance.
 */
export function buildSubscriptionInvoice(
  ctx: RequestContext,
  sub: Subscription,
  reason: Invoice['billing_reason'],
  start: number,
  end: number,
  given?: InvoiceLineItem[],
  id = newId('in'),
  /** A promotion code's discount on this (the first) invoice. */
  discount?: AppliedDiscount,
): Invoice {
  const em = ctx.em;
  const customer = em.store.get('customer', sub.customer, ctx.account, 'customer');
  const lines = given ?? lineItems(sub, start, end, sub.status === 'trialing');
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const off = Math.min(discount?.amount ?? 0, Math.max(0, subtotal));
  const total = subtotal - off;
  const due = Math.max(0, total + customer.balance);
  const now = em.now();
  const discountId = discount ? newId('di') : undefined;
  const count = em.store.all('invoice', ctx.account).filter((i) => i.customer === customer.id).length + 1;
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Emulator platform',
    amount_due: due,
    amount_paid: 0,
    amount_remaining: due,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { enabled: false, status: null },
    confirmation_secret: null,
    billing_reason: reason,
    charge: null,
    collection_method: 'charge_automatically',
    created: now,
    currency: sub.currency,
    customer: customer.id,
    customer_email: customer.email,
    customer_name: customer.name,
    default_payment_method: null,
    default_tax_rates: [],
    description: null,
    discount: null,
    discounts: discountId ? [discountId] : [],
    due_date: null,
    effective_at: now,
    ending_balance: Math.min(0, total + customer.balance),
    hosted_invoice_url: null,
    invoice_pdf: null,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: `${customer.invoice_prefix}-${String(count).padStart(4, '0')}`,
    paid: false,
    paid_out_of_band: false,
    payment_intent: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: end,
    period_start: start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    starting_balance: customer.balance,
    status: 'open',
    status_transitions: { finalized_at: now, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subscription: sub.id,
    subtotal,
    subtotal_excluding_tax: subtotal,
    tax: null,
    total,
    total_discount_amounts: discountId ? [{ amount: off, discount: discountId }] : [],
    total_excluding_tax: total,
    total_tax_amounts: [],
    webhooks_delivered_at: now,
  };
}

/** A finalized invoice for one period of a subscription (or its prorations), with the PaymentIntent that collects it. */
export function createSubscriptionInvoice(
  ctx: RequestContext,
  sub: Subscription,
  reason: Invoice['billing_reason'],
  start: number,
  end: number,
  lines?: InvoiceLineItem[],
  /** A promotion code's discount on this (the first) invoice. */
  discount?: AppliedDiscount,
): Invoice {
  const em = ctx.em;
  const invoice = buildSubscriptionInvoice(ctx, sub, reason, start, end, lines, undefined, discount);
  const customer = em.store.get('customer', sub.customer, ctx.account, 'customer');
  customer.balance = invoice.ending_balance ?? 0;
  const total = invoice.amount_due;
  em.store.insert('invoice', ctx.account, invoice);
  em.emit(originOf(ctx), ctx.account, 'invoice.created', invoice);
  em.emit(originOf(ctx), ctx.account, 'invoice.finalized', invoice);
  if (total === 0) {
    markPaid(ctx, invoice, null);
    return invoice;
  }
  const pi = buildPaymentIntent(ctx, new Params({}), total, sub.currency);
  pi.customer = customer.id;
  pi.description = reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update';
  pi.invoice = invoice.id;
  pi.automatic_payment_methods = null;
  insertPaymentIntent(ctx, pi);
  invoice.payment_intent = pi.id;
  invoice.confirmation_secret = { client_secret: pi.client_secret, type: 'payment_intent' };
  return invoice;
}

function markPaid(ctx: RequestContext, invoice: Invoice, pi: PaymentIntent | null): void {
  const previous: JsonObject = {
    status: invoice.status,
    paid: invoice.paid,
    amount_paid: invoice.amount_paid,
    amount_remaining: invoice.amount_remaining,
  };
  invoice.status = 'paid';
  invoice.paid = true;
  invoice.attempted = true;
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.charge = pi?.latest_charge ?? null;
  invoice.status_transitions.paid_at = ctx.em.now();
  ctx.em.emit(originOf(ctx), ctx.account, 'invoice.paid', invoice, previous);
  ctx.em.emit(originOf(ctx), ctx.account, 'invoice.payment_succeeded', invoice, previous);
}

/**
 * Charges an open invoice's PaymentIntent with a payment method. The outcome reaches the invoice
 * through the payment hook (`applyInvoicePayment`); a decline is returned, not thrown.
 */
export function collectInvoice(ctx: RequestContext, invoice: Invoice, paymentMethod: string | null): StripeApiError | null {
  const pi = invoice.payment_intent ? ctx.em.store.get('payment_intent', invoice.payment_intent, ctx.account) : undefined;
  if (!pi || invoice.status !== 'open') return null;
  if (!paymentMethod) {
    invoiceAttemptFailed(ctx, invoice);
    return null;
  }
  try {
    const pm = resolvePaymentMethod(ctx, paymentMethod);
    pi.payment_method = pm.id;
    pi.status = 'requires_confirmation';
    attemptCharge(ctx, pi, pm);
    return null;
  } catch (e) {
    if (e instanceof StripeApiError) return e;
    throw e;
  }
}

function invoiceAttemptFailed(ctx: RequestContext, invoice: Invoice): void {
  const previous: JsonObject = { attempt_count: invoice.attempt_count, attempted: invoice.attempted };
  invoice.attempt_count += 1;
  invoice.attempted = true;
  ctx.em.emit(originOf(ctx), ctx.account, 'invoice.payment_failed', invoice, previous);
}

/** An invoice's PaymentIntent succeeded or failed: the invoice is paid, or records the attempt. */
export function applyInvoicePayment(ctx: RequestContext, pi: PaymentIntent, outcome: 'succeeded' | 'failed'): Invoice | undefined {
  if (!pi.invoice) return undefined;
  const invoice = ctx.em.store.find('invoice', pi.invoice, ctx.account);
  if (!invoice || invoice.status !== 'open') return undefined;
  if (outcome === 'succeeded') markPaid(ctx, invoice, pi);
  else invoiceAttemptFailed(ctx, invoice);
  return invoice;
}

export function voidInvoice(ctx: RequestContext, invoice: Invoice): void {
  if (invoice.status !== 'open') return;
  const em = ctx.em;
  const previous: JsonObject = { status: invoice.status };
  invoice.status = 'void';
  invoice.status_transitions.voided_at = em.now();
  const pi = invoice.payment_intent ? em.store.find('payment_intent', invoice.payment_intent) : undefined;
  if (pi && ['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)) {
    pi.status = 'canceled';
    pi.canceled_at = em.now();
    pi.cancellation_reason = 'void_invoice';
  }
  em.emit(originOf(ctx), ctx.account, 'invoice.voided', invoice, previous);
}

const list = (ctx: RequestContext) => listOwned(ctx, 'invoice', '/v1/invoices', { matching: ['customer', 'subscription', 'status'] });

export const invoiceRoutes: Route[] = [
  { method: 'GET', path: '/v1/invoices', handler: list },
  { method: 'GET', path: '/v1/invoices/:id', handler: (ctx) => retrieveFromPath(ctx, 'invoice') },
];
