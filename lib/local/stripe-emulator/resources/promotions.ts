/**
 * Coupons and promotion codes, the part the app uses: create a coupon (percent_off, or amount_off + currency;
 * redeem_by, max_redemptions), create / list / update (active) promotion codes (code, first_time_transaction,
 * expires_at, max_redemptions), and the discount a promotion code gives when a subscription or a Checkout Session
 * names it in `discounts[][promotion_code]`.
 */
import { originOf, type RequestContext, type Route } from '../context';
import { invalidRequest, parameterMissing } from '../errors';
import type { AppliedDiscount, Coupon, PromotionCode } from '../objects/discounts';
import type { Param } from '../form';
import { fromPath, listOwned, retrieveFromPath } from '../reads';
import { newId, randomToken } from '../store';

const couponCreate = (ctx: RequestContext): Coupon => {
  const p = ctx.params;
  const percentOff = p.str('percent_off');
  const amountOff = p.int('amount_off');
  if (percentOff === undefined && amountOff === undefined) throw parameterMissing('percent_off');
  if (percentOff !== undefined && amountOff !== undefined)
    throw invalidRequest('A coupon has either percent_off or amount_off, not both.', { param: 'amount_off' });
  const percent = percentOff === undefined ? null : Number(percentOff);
  if (percent !== null && !(percent > 0 && percent <= 100))
    throw invalidRequest('percent_off must be greater than 0 and at most 100.', { param: 'percent_off' });
  if (amountOff !== undefined && amountOff < 1) throw invalidRequest('amount_off must be positive.', { param: 'amount_off' });
  const currency = p.str('currency')?.toLowerCase() ?? null;
  if (amountOff !== undefined && !currency) throw parameterMissing('currency');
  const redeemBy = p.int('redeem_by') ?? null;
  if (redeemBy !== null && redeemBy <= ctx.em.now()) throw invalidRequest('redeem_by must be in the future.', { param: 'redeem_by' });
  const coupon: Coupon = {
    id: p.str('id') ?? randomToken(8),
    object: 'coupon',
    amount_off: amountOff ?? null,
    created: ctx.em.now(),
    currency: amountOff !== undefined ? currency : null,
    duration: p.oneOf('duration', ['once', 'repeating', 'forever'] as const) ?? 'once',
    duration_in_months: p.int('duration_in_months') ?? null,
    livemode: false,
    max_redemptions: p.int('max_redemptions') ?? null,
    metadata: p.metadata(),
    name: p.str('name') ?? null,
    percent_off: percent,
    redeem_by: redeemBy,
    times_redeemed: 0,
    valid: true,
  };
  if (ctx.em.store.entry(coupon.id)) throw invalidRequest(`Coupon already exists.`, { param: 'id', code: 'resource_already_exists' });
  ctx.em.store.insert('coupon', ctx.account, coupon);
  ctx.em.emit(originOf(ctx), ctx.account, 'coupon.created', coupon);
  return coupon;
};

const promotionCodeCreate = (ctx: RequestContext): PromotionCode => {
  const p = ctx.params;
  const couponId = p.map('promotion')?.str('coupon') ?? p.str('coupon');
  if (!couponId) throw parameterMissing('promotion[coupon]');
  const coupon = ctx.em.store.get('coupon', couponId, ctx.account, 'promotion[coupon]');
  const code = p.str('code') ?? randomToken(8).toUpperCase();
  const taken = ctx.em.store.all('promotion_code', ctx.account).some((pc) => pc.active && pc.code.toUpperCase() === code.toUpperCase());
  if (taken) throw invalidRequest('An active promotion code with this code already exists.', { param: 'code' });
  const restrictions = p.map('restrictions');
  const promotionCode: PromotionCode = {
    id: newId('promo'),
    object: 'promotion_code',
    active: p.bool('active') ?? true,
    code,
    created: ctx.em.now(),
    customer: p.str('customer') ?? null,
    expires_at: p.int('expires_at') ?? null,
    livemode: false,
    max_redemptions: p.int('max_redemptions') ?? null,
    metadata: p.metadata(),
    promotion: { coupon: coupon.id, type: 'coupon' },
    restrictions: {
      first_time_transaction: restrictions?.bool('first_time_transaction') ?? false,
      minimum_amount: restrictions?.int('minimum_amount') ?? null,
      minimum_amount_currency: restrictions?.str('minimum_amount_currency') ?? null,
    },
    times_redeemed: 0,
  };
  // (no promotion_code.* events: the app uses none, and the bundled spec has no schema to check them against)
  ctx.em.store.insert('promotion_code', ctx.account, promotionCode);
  return promotionCode;
};

const promotionCodeUpdate = (ctx: RequestContext): PromotionCode => {
  const pc = fromPath(ctx, 'promotion_code');
  pc.active = ctx.params.bool('active') ?? pc.active;
  pc.metadata = ctx.params.metadata(pc.metadata);
  return pc;
};

/** Whether the customer has paid anything before (Stripe's first_time_transaction: no successful payment yet). */
function hasPaidBefore(ctx: RequestContext, customer: string | null): boolean {
  if (!customer) return false;
  return ctx.em.store.all('charge', ctx.account).some((c) => c.customer === customer && c.status === 'succeeded');
}

/**
 * The discount of `discounts[0][promotion_code]` (or `[coupon]`) on `amount` in `currency` for `customer`: checked as
 * Stripe checks it (active, not expired, under its limits, first-time only, the coupon's currency) and redeemed
 * (times_redeemed + 1 on the code and its coupon). Undefined when `discounts` is absent.
 */
export function redeemDiscount(
  ctx: RequestContext,
  discounts: Param | undefined,
  amount: number,
  currency: string,
  customer: string | null,
): AppliedDiscount | undefined {
  if (discounts === undefined || discounts === '') return undefined;
  const first = Array.isArray(discounts) ? discounts[0] : typeof discounts === 'object' ? Object.values(discounts)[0] : undefined;
  if (!first || typeof first !== 'object' || Array.isArray(first)) throw invalidRequest('Invalid discounts.', { param: 'discounts' });
  const promoId = typeof first.promotion_code === 'string' ? first.promotion_code : undefined;
  const promo = promoId ? ctx.em.store.get('promotion_code', promoId, ctx.account, 'discounts[0][promotion_code]') : undefined;
  const couponId = promo?.promotion.coupon ?? (typeof first.coupon === 'string' ? first.coupon : undefined);
  if (!couponId) throw parameterMissing('discounts[0][promotion_code]');
  const coupon = ctx.em.store.get('coupon', couponId, ctx.account, 'discounts[0][coupon]');
  const now = ctx.em.now();
  const refuse = (message: string) => invalidRequest(message, { param: 'discounts', code: 'coupon_expired' });
  if (promo) {
    if (!promo.active) throw refuse('This promotion code is inactive.');
    if (promo.expires_at !== null && promo.expires_at <= now) throw refuse('This promotion code has expired.');
    if (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions)
      throw refuse('This promotion code has been redeemed the maximum number of times.');
    if (promo.restrictions.first_time_transaction && hasPaidBefore(ctx, customer))
      throw invalidRequest('This promotion code cannot be redeemed because the associated customer has prior transactions.', {
        param: 'discounts',
      });
  }
  if (!coupon.valid || (coupon.redeem_by !== null && coupon.redeem_by <= now)) throw refuse('This coupon has expired.');
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions)
    throw refuse('This coupon has been redeemed the maximum number of times.');
  if (coupon.amount_off !== null && coupon.currency !== currency)
    throw invalidRequest(`This coupon is for ${coupon.currency ?? '?'}, not ${currency}.`, { param: 'discounts' });
  const off = coupon.percent_off !== null ? Math.round((amount * coupon.percent_off) / 100) : Math.min(amount, coupon.amount_off ?? 0);
  coupon.times_redeemed += 1;
  if (promo) promo.times_redeemed += 1;
  return { coupon: coupon.id, promotion_code: promo?.id ?? '', amount: off };
}

export const promotionRoutes: Route[] = [
  { method: 'POST', path: '/v1/coupons', handler: couponCreate },
  { method: 'GET', path: '/v1/coupons/:id', handler: (ctx) => retrieveFromPath(ctx, 'coupon') },
  { method: 'POST', path: '/v1/promotion_codes', handler: promotionCodeCreate },
  {
    method: 'GET',
    path: '/v1/promotion_codes',
    handler: (ctx) => {
      const active = ctx.params.bool('active');
      const code = ctx.params.str('code');
      const coupon = ctx.params.str('coupon');
      return listOwned(ctx, 'promotion_code', '/v1/promotion_codes', {
        keep: (pc) =>
          (active === undefined || pc.active === active) &&
          (code === undefined || pc.code.toUpperCase() === code.toUpperCase()) &&
          (coupon === undefined || pc.promotion.coupon === coupon),
      });
    },
  },
  { method: 'GET', path: '/v1/promotion_codes/:id', handler: (ctx) => retrieveFromPath(ctx, 'promotion_code') },
  { method: 'POST', path: '/v1/promotion_codes/:id', handler: promotionCodeUpdate },
];
