/**
 * A subscription's price change (`subscriptions.update` with `items`). `always_invoice` invoices the prorations at
 * once (billing_reason `subscription_update`) and charges the default payment method; with `payment_behavior:
 * 'error_if_incomplete'` a declined charge undoes the change (the invoice is voided) and the decline is the answer.
 * A negative invoice (a downgrade) is paid by nothing: its credit stays on the customer's balance for the next
 * invoice. `none` (and, in the emulator, an update that names no behavior) changes prices from the next period.
 */
import type { RequestContext } from '../context';
import { invalidRequest } from '../errors';
import type { Subscription } from '../objects/billing';
import { collectInvoice, createSubscriptionInvoice, voidInvoice } from './invoices';
import { itemChanges, prorationDate, prorationLines } from './prorations';
import { defaultPaymentMethod } from './subscription-cycle';

const PRORATION = ['always_invoice', 'create_prorations', 'none'] as const;
const PAYMENT = ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const;

export function changeSubscriptionItems(ctx: RequestContext, sub: Subscription): void {
  const p = ctx.params;
  const changes = itemChanges(ctx, sub, p.raw.items, 'items');
  const behavior = p.oneOf('proration_behavior', PRORATION);
  const before = changes.map((c) => ({ item: c.item, price: c.item.price, quantity: c.item.quantity }));
  if (behavior === undefined || behavior === 'none') {
    for (const c of changes) Object.assign(c.item, { price: c.price, quantity: c.quantity });
    return;
  }
  if (behavior === 'create_prorations') {
    throw invalidRequest('The emulator invoices prorations at once only: use proration_behavior always_invoice or none.', {
      param: 'proration_behavior',
    });
  }
  if (sub.status !== 'active') {
    throw invalidRequest(`The emulator prorates price changes of active subscriptions only (status ${sub.status}).`, {
      code: 'subscription_unexpected_state',
    });
  }
  const at = prorationDate(ctx, sub, p.int('proration_date'), 'proration_date');
  const lines = prorationLines(ctx, sub, changes, at);
  for (const c of changes) Object.assign(c.item, { price: c.price, quantity: c.quantity });
  if (lines.length === 0) return;
  const invoice = createSubscriptionInvoice(ctx, sub, 'subscription_update', at, sub.current_period_end, lines);
  const previousInvoice = sub.latest_invoice;
  sub.latest_invoice = invoice.id;
  if (invoice.status !== 'open') return;
  const declined = collectInvoice(ctx, invoice, defaultPaymentMethod(ctx, sub));
  const unpaid = declined ?? (invoice.status === 'open' ? invalidRequest('The subscription has no payment method to charge.') : null);
  if (unpaid && p.oneOf('payment_behavior', PAYMENT) === 'error_if_incomplete') {
    for (const b of before) Object.assign(b.item, { price: b.price, quantity: b.quantity });
    voidInvoice(ctx, invoice);
    const customer = ctx.em.store.get('customer', sub.customer, ctx.account);
    customer.balance = invoice.starting_balance;
    sub.latest_invoice = previousInvoice;
    throw unpaid;
  }
}
