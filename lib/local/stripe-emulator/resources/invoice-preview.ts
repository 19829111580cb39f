/**
 * POST /v1/invoices/create_preview for a subscription's price change (the part the app uses): the invoice the change
 * would make now (`always_invoice`: its prorations) or the upcoming one (`create_prorations`: the prorations and the
 * next period on the new prices). Nothing is stored; the same proration date gives the same amounts as the update.
 */
import type { RequestContext, Route } from '../context';
import { invalidRequest, parameterMissing } from '../errors';
import type { Subscription } from '../objects/billing';
import { newId } from '../store';
import { buildSubscriptionInvoice, lineItems } from './invoices';
import { itemChanges, prorationDate, prorationLines } from './prorations';
import { periodEnd } from './subscription-cycle';

const BEHAVIORS = ['always_invoice', 'create_prorations', 'none'] as const;

const createPreview = (ctx: RequestContext) => {
  const p = ctx.params;
  const subId = p.str('subscription');
  if (!subId) throw parameterMissing('subscription');
  const sub = ctx.em.store.get('subscription', subId, ctx.account, 'subscription');
  const customer = p.str('customer');
  if (customer && customer !== sub.customer) throw invalidRequest('The subscription is not this customer’s.', { param: 'customer' });
  const details = p.map('subscription_details');
  const behavior = details?.oneOf('proration_behavior', BEHAVIORS) ?? 'create_prorations';
  const changes = itemChanges(ctx, sub, details?.raw.items, 'subscription_details[items]');
  const at = prorationDate(ctx, sub, details?.int('proration_date'), 'subscription_details[proration_date]');
  const prorations = behavior === 'none' ? [] : prorationLines(ctx, sub, changes, at);
  const id = `upcoming_${newId('in')}`;
  if (behavior === 'always_invoice') {
    const invoice = buildSubscriptionInvoice(ctx, sub, 'subscription_update', at, sub.current_period_end, prorations, id);
    return { ...invoice, status: 'draft', subscription_proration_date: at };
  }
  const changed: Subscription = {
    ...sub,
    status: 'active',
    items: {
      ...sub.items,
      data: sub.items.data.map((it) => {
        const c = changes.find((x) => x.item.id === it.id);
        return c ? { ...it, price: c.price, quantity: c.quantity } : it;
      }),
    },
  };
  const start = sub.current_period_end;
  const end = periodEnd(changed, start);
  const lines = [...prorations, ...lineItems(changed, start, end, false)];
  return {
    ...buildSubscriptionInvoice(ctx, changed, 'subscription_cycle', start, end, lines, id),
    status: 'draft',
    subscription_proration_date: at,
  };
};

export const invoicePreviewRoutes: Route[] = [{ method: 'POST', path: '/v1/invoices/create_preview', handler: createPreview }];
