/**
 * Prorations of a subscription's price change, as Stripe computes them: for each changed item, the unused time on
 * the old price is credited and the remaining time on the new price charged, each the share of the current period
 * left after the proration date, by seconds, rounded to the cent. Used by `invoices.createPreview` and by
 * `subscriptions.update` with `proration_behavior: 'always_invoice'`, so a preview and the invoice made from the
 * same proration date match to the cent.
 */
import type { RequestContext } from '../context';
import { invalidRequest } from '../errors';
import type { Param } from '../form';
import type { InvoiceLineItem, Price, Subscription, SubscriptionItem } from '../objects/billing';
import { Params } from '../params';
import { newId } from '../store';

/** One item's change: its price and quantity before and after. */
export interface ItemChange {
  item: SubscriptionItem;
  price: Price;
  quantity: number;
}

/** `amount` (positive, minor units) for the part of [start, end) after `at`, by seconds, rounded half up to the cent. */
export function prorate(amount: number, start: number, end: number, at: number): number {
  const total = end - start;
  if (total <= 0) return 0;
  const left = Math.min(Math.max(end - at, 0), total);
  return Math.round((amount * left) / total);
}

/** The item changes an `items[]` parameter asks for (by item id, or the only item when one entry names none). */
export function itemChanges(ctx: RequestContext, sub: Subscription, raw: Param | undefined, param: string): ItemChange[] {
  const entries = Array.isArray(raw) ? raw : [];
  const changes: ItemChange[] = [];
  for (const [i, entry] of entries.entries()) {
    if (typeof entry === 'string' || Array.isArray(entry)) throw invalidRequest(`Invalid ${param}[${i}]`, { param: `${param}[${i}]` });
    const ip = new Params(entry, `${param}[${i}]`);
    const item = sub.items.data.find((it) => it.id === ip.str('id')) ?? (entries.length === 1 ? sub.items.data[0] : undefined);
    if (!item) {
      throw invalidRequest(`No such subscription item: '${ip.str('id') ?? ''}'`, {
        param: `${param}[${i}][id]`,
        status: 404,
        code: 'resource_missing',
      });
    }
    const priceId = ip.str('price');
    const price = priceId ? ctx.em.store.get('price', priceId, ctx.account, `${param}[${i}][price]`) : item.price;
    if (price.currency !== sub.currency || price.recurring?.interval !== item.price.recurring?.interval) {
      throw invalidRequest('The new price must share the subscription’s currency and interval.', { param: `${param}[${i}][price]` });
    }
    changes.push({ item, price, quantity: ip.int('quantity') ?? item.quantity });
  }
  return changes;
}

/** The proration date asked for (default now); Stripe refuses one outside the current period. */
export function prorationDate(ctx: RequestContext, sub: Subscription, value: number | undefined, param: string): number {
  const at = value ?? ctx.em.now();
  if (at < sub.current_period_start || at > sub.current_period_end) {
    throw invalidRequest('The proration date must be within the current billing period.', { param });
  }
  return at;
}

function productName(ctx: RequestContext, price: Price): string {
  return ctx.em.store.find('product', price.product, ctx.account)?.name ?? price.product;
}

function line(sub: Subscription, item: SubscriptionItem, price: Price, quantity: number, amount: number, description: string, at: number) {
  const l: InvoiceLineItem = {
    id: newId('il'),
    object: 'line_item',
    amount,
    amount_excluding_tax: amount,
    currency: price.currency,
    description,
    discount_amounts: [],
    discountable: false,
    discounts: [],
    livemode: false,
    metadata: {},
    period: { start: at, end: sub.current_period_end },
    price,
    proration: true,
    proration_details: { credited_items: null },
    quantity,
    subscription: sub.id,
    subscription_item: item.id,
    tax_amounts: [],
    tax_rates: [],
    type: 'invoiceitem',
    unit_amount_excluding_tax: String(price.unit_amount),
  };
  return l;
}

/** The proration lines of `changes` at `at`: a credit and a charge per item whose price or quantity changes. */
export function prorationLines(ctx: RequestContext, sub: Subscription, changes: ItemChange[], at: number): InvoiceLineItem[] {
  const day = new Date(at * 1000).toISOString().slice(0, 10);
  const { current_period_start: start, current_period_end: end } = sub;
  const lines: InvoiceLineItem[] = [];
  for (const c of changes) {
    if (c.price.id === c.item.price.id && c.quantity === c.item.quantity) continue;
    const unused = prorate(c.item.price.unit_amount * c.item.quantity, start, end, at);
    const remaining = prorate(c.price.unit_amount * c.quantity, start, end, at);
    lines.push(
      line(sub, c.item, c.item.price, c.item.quantity, -unused, `Unused time on ${productName(ctx, c.item.price)} after ${day}`, at),
    );
    lines.push(line(sub, c.item, c.price, c.quantity, remaining, `Remaining time on ${productName(ctx, c.price)} after ${day}`, at));
  }
  return lines;
}
