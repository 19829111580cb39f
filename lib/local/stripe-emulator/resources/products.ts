import { originOf, type RequestContext, type Route } from '../context';
import { invalidRequest, parameterMissing } from '../errors';
import { expand } from '../expand';
import type { Price, Product } from '../objects/billing';
import type { Params } from '../params';
import { fromPath, listOwned, pageOfOwned, retrieveFromPath } from '../reads';
import { newId } from '../store';

const INTERVALS = ['day', 'week', 'month', 'year'] as const;

function createProduct(ctx: RequestContext, p: Params): Product {
  const now = ctx.em.now();
  const product: Product = {
    id: p.str('id') ?? newId('prod').slice(0, 19),
    object: 'product',
    active: p.bool('active') ?? true,
    created: now,
    default_price: null,
    description: p.str('description') ?? null,
    features: [],
    images: p.strArray('images') ?? [],
    livemode: false,
    metadata: p.metadata(),
    name: p.reqStr('name'),
    package_dimensions: null,
    shippable: p.bool('shippable') ?? null,
    statement_descriptor: p.str('statement_descriptor') ?? null,
    tax_code: p.str('tax_code') ?? null,
    unit_label: p.str('unit_label') ?? null,
    updated: now,
    url: p.str('url') ?? null,
  };
  if (ctx.em.store.entry(product.id))
    throw invalidRequest(`Product already exists: ${product.id}`, { param: 'id', code: 'resource_already_exists' });
  ctx.em.store.insert('product', ctx.account, product);
  ctx.em.emit(originOf(ctx), ctx.account, 'product.created', product);
  return product;
}

/** A Price from `currency`, `unit_amount`, `recurring[...]`, for `product` (an id) or `product_data`. */
export function createPrice(ctx: RequestContext, p: Params, productId?: string): Price {
  const productData = p.map('product_data');
  const product = productId ?? (productData ? createProduct(ctx, productData).id : p.str('product'));
  if (!product) throw parameterMissing('product');
  ctx.em.store.get('product', product, ctx.account, 'product');
  const amount = p.int('unit_amount') ?? Number(p.str('unit_amount_decimal') ?? NaN);
  if (!Number.isInteger(amount) || amount < 0) throw parameterMissing('unit_amount');
  const recurring = p.map('recurring');
  const price: Price = {
    id: newId('price'),
    object: 'price',
    active: p.bool('active') ?? true,
    billing_scheme: 'per_unit',
    created: ctx.em.now(),
    currency: p.reqStr('currency').toLowerCase(),
    custom_unit_amount: null,
    livemode: false,
    lookup_key: p.str('lookup_key') ?? null,
    metadata: p.metadata(),
    nickname: p.str('nickname') ?? null,
    product,
    recurring: recurring
      ? {
          aggregate_usage: null,
          interval: recurring.oneOf('interval', INTERVALS) ?? 'month',
          interval_count: recurring.int('interval_count') ?? 1,
          trial_period_days: recurring.int('trial_period_days') ?? null,
          usage_type: 'licensed',
        }
      : null,
    tax_behavior: p.oneOf('tax_behavior', ['unspecified', 'inclusive', 'exclusive'] as const) ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: amount,
    unit_amount_decimal: String(amount),
  };
  ctx.em.store.insert('price', ctx.account, price);
  ctx.em.emit(originOf(ctx), ctx.account, 'price.created', price);
  return price;
}

const productCreate = (ctx: RequestContext) => {
  const product = createProduct(ctx, ctx.params);
  const dp = ctx.params.map('default_price_data');
  if (dp) product.default_price = createPrice(ctx, dp, product.id).id;
  return expand(ctx.em, product, ctx.params.expand());
};

const productUpdate = (ctx: RequestContext) => {
  const product = fromPath(ctx, 'product');
  const p = ctx.params;
  const previous = { name: product.name, active: product.active, metadata: product.metadata, description: product.description };
  product.name = p.str('name') ?? product.name;
  product.active = p.bool('active') ?? product.active;
  const description = p.nullableStr('description');
  if (description !== undefined) product.description = description;
  const dp = p.str('default_price');
  if (dp) product.default_price = ctx.em.store.get('price', dp, ctx.account, 'default_price').id;
  product.metadata = p.metadata(product.metadata);
  product.updated = ctx.em.now();
  ctx.em.emit(originOf(ctx), ctx.account, 'product.updated', product, previous);
  return product;
};

const productDelete = (ctx: RequestContext) => {
  const product = fromPath(ctx, 'product');
  if (ctx.em.store.all('price', ctx.account).some((pr) => pr.product === product.id)) {
    throw invalidRequest('This product cannot be deleted because it has one or more user-created prices.', { code: 'product_has_prices' });
  }
  ctx.em.store.remove(product.id);
  ctx.em.emit(originOf(ctx), ctx.account, 'product.deleted', product);
  return { id: product.id, object: 'product', deleted: true };
};

const productList = (ctx: RequestContext) => {
  const active = ctx.params.bool('active');
  return pageOfOwned(ctx, 'product', '/v1/products', { keep: (p) => active === undefined || p.active === active });
};

const priceUpdate = (ctx: RequestContext) => {
  const price = fromPath(ctx, 'price');
  const previous = { active: price.active, metadata: price.metadata, nickname: price.nickname };
  price.active = ctx.params.bool('active') ?? price.active;
  price.metadata = ctx.params.metadata(price.metadata);
  const nickname = ctx.params.nullableStr('nickname');
  if (nickname !== undefined) price.nickname = nickname;
  ctx.em.emit(originOf(ctx), ctx.account, 'price.updated', price, previous);
  return price;
};

const priceList = (ctx: RequestContext) => {
  const active = ctx.params.bool('active');
  return listOwned(ctx, 'price', '/v1/prices', { matching: ['product', 'type'], keep: (p) => active === undefined || p.active === active });
};

export const productRoutes: Route[] = [
  { method: 'POST', path: '/v1/products', handler: productCreate },
  { method: 'GET', path: '/v1/products', handler: productList },
  { method: 'GET', path: '/v1/products/:id', handler: (ctx) => retrieveFromPath(ctx, 'product') },
  { method: 'POST', path: '/v1/products/:id', handler: productUpdate },
  { method: 'DELETE', path: '/v1/products/:id', handler: productDelete },
  { method: 'POST', path: '/v1/prices', handler: (ctx) => expand(ctx.em, createPrice(ctx, ctx.params), ctx.params.expand()) },
  { method: 'GET', path: '/v1/prices', handler: priceList },
  { method: 'GET', path: '/v1/prices/:id', handler: (ctx) => retrieveFromPath(ctx, 'price') },
  { method: 'POST', path: '/v1/prices/:id', handler: priceUpdate },
];
