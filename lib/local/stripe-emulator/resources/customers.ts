import { originOf, type RequestContext, type Route } from '../context';
import { expand } from '../expand';
import { paginate } from '../list';
import type { Customer } from '../objects/billing';
import { fromPath, pageOfOwned, retrieveFromPath } from '../reads';
import { newId, randomToken } from '../store';

function applyParams(ctx: RequestContext, c: Customer): void {
  const p = ctx.params;
  for (const key of ['email', 'name', 'phone', 'description'] as const) {
    const v = p.nullableStr(key);
    if (v !== undefined) c[key] = v;
  }
  c.metadata = p.metadata(c.metadata);
  const settings = p.map('invoice_settings');
  const pm = settings?.nullableStr('default_payment_method');
  if (pm) ctx.em.store.get('payment_method', pm, ctx.account, 'invoice_settings[default_payment_method]');
  if (pm !== undefined) c.invoice_settings.default_payment_method = pm;
}

const create = (ctx: RequestContext) => {
  const c: Customer = {
    id: newId('cus').slice(0, 18),
    object: 'customer',
    address: null,
    balance: 0,
    created: ctx.em.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email: null,
    invoice_prefix: randomToken(8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: null,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
  };
  ctx.em.store.insert('customer', ctx.account, c);
  applyParams(ctx, c);
  const pm = ctx.params.str('payment_method');
  if (pm) {
    const method = ctx.em.store.get('payment_method', pm, ctx.account, 'payment_method');
    method.customer = c.id;
  }
  ctx.em.emit(originOf(ctx), ctx.account, 'customer.created', c);
  return expand(ctx.em, c, ctx.params.expand());
};

const update = (ctx: RequestContext) => {
  const c = fromPath(ctx, 'customer');
  const before = JSON.stringify(c);
  applyParams(ctx, c);
  if (JSON.stringify(c) !== before) ctx.em.emit(originOf(ctx), ctx.account, 'customer.updated', c);
  return expand(ctx.em, c, ctx.params.expand());
};

const remove = (ctx: RequestContext) => {
  const c = fromPath(ctx, 'customer');
  for (const pm of ctx.em.store.all('payment_method', ctx.account)) if (pm.customer === c.id) pm.customer = null;
  ctx.em.store.remove(c.id);
  ctx.em.emit(originOf(ctx), ctx.account, 'customer.deleted', c);
  return { id: c.id, object: 'customer', deleted: true };
};

const list = (ctx: RequestContext) => pageOfOwned(ctx, 'customer', '/v1/customers', { matching: ['email'] });

const paymentMethods = (ctx: RequestContext) => {
  const c = fromPath(ctx, 'customer');
  const items = ctx.em.store.all('payment_method', ctx.account).filter((pm) => pm.customer === c.id);
  return paginate(ctx, items, `/v1/customers/${c.id}/payment_methods`);
};

export const customerRoutes: Route[] = [
  { method: 'POST', path: '/v1/customers', handler: create },
  { method: 'GET', path: '/v1/customers', handler: list },
  { method: 'GET', path: '/v1/customers/:id', handler: (ctx) => retrieveFromPath(ctx, 'customer') },
  { method: 'POST', path: '/v1/customers/:id', handler: update },
  { method: 'DELETE', path: '/v1/customers/:id', handler: remove },
  { method: 'GET', path: '/v1/customers/:id/payment_methods', handler: paymentMethods },
];
