/**
 * Promotion codes on the checkouts Stripe discounts: a membership's first invoice (the coupon's duration is `once`)
 * and a credit package's Checkout Session. The code is redeemed on our side first (once per customer, the limit under
 * DynamoDB's condition); Stripe then applies its own promotion code and checks it again.
 */
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import type { Currency } from '../domain/money';
import type { CreditPackageRecord, MembershipPlanRecord } from '../data/records';
import type { CustomerRequest } from '../http/stripe-connect';
import { redeemForStripeCheckout } from './promotions';
import type { Deps } from '../ports';

interface StripeCheckoutPromotion {
  redeemed: { code: string };
  /** What the redemption is for (a retry of the same request finds it). */
  subject: string;
  params: { discounts: { promotion_code: string }[] };
}

async function promotionFor(
  deps: Deps,
  caller: Identity,
  code: string | undefined,
  purpose: 'MEMBERSHIP' | 'CREDITS',
  currency: Currency,
  subject: string,
): Promise<StripeCheckoutPromotion | undefined> {
  if (!code) return undefined;
  const redeemed = await redeemForStripeCheckout(deps, caller, code, purpose, currency, subject);
  return { redeemed, subject, params: { discounts: [{ promotion_code: redeemed.stripePromotionCodeId }] } };
}

export function membershipPromotion(deps: Deps, caller: Identity, input: CustomerRequest<'SUBSCRIBE'>, plan: MembershipPlanRecord) {
  return promotionFor(
    deps,
    caller,
    input.promotionCode,
    'MEMBERSHIP',
    plan.currency as Currency,
    `membership:${plan.id}:${input.requestId}`,
  );
}

export function creditPackagePromotion(deps: Deps, caller: Identity, input: CustomerRequest<'BUY_CREDITS'>, pkg: CreditPackageRecord) {
  return promotionFor(deps, caller, input.promotionCode, 'CREDITS', pkg.currency, `credits:${pkg.id}:${input.requestId}`);
}

/** What the first invoice asks (after its discount), and the discount; the plan's price when the invoice is not expanded. */
export function firstInvoiceAmounts(
  invoice: Stripe.Invoice | string | null,
  planPriceCents: number,
): { amountCents: number; discountCents?: number } {
  if (!invoice || typeof invoice === 'string') return { amountCents: planPriceCents };
  const discountCents = (invoice.total_discount_amounts ?? []).reduce((sum, d) => sum + d.amount, 0);
  return { amountCents: invoice.amount_due, ...(discountCents > 0 ? { discountCents } : {}) };
}
