/**
 * Promotion codes: what a code is, when it may be redeemed, and what it takes off a booking.
 *
 * Bookings are paid with PaymentIntents, which Stripe coupons cannot discount, so the app discounts them itself: the
 * platform bears the discount. The provider's earning stays 92% of the undiscounted (list) price; the platform's fee
 * is 8% of the list price less the discount. The discount is capped at the platform's fee (the platform never pays
 * to host a booking) and at what keeps the charge at Stripe's minimum. Memberships and credit packages are discounted
 * by Stripe (coupons + promotion codes): there the price is the platform's own, so the whole discount is its own.
 */
import { splitCommission, type CommissionSplit } from './commission';
import { MINIMUM_CHARGE_CENTS, scaleRoundHalfUp, type Currency } from './money';
import type { LedgerLine } from './ledger';

export type PromotionDiscount = { kind: 'PERCENT'; percentOff: number } | { kind: 'AMOUNT'; amountOffCents: number; currency: Currency };

/** Where a code is redeemed: a booking (the app's discount), or a Stripe checkout (membership, credit package). */
export type PromotionPurpose = 'BOOKING' | 'MEMBERSHIP' | 'CREDITS';

export interface PromotionCodeState {
  code: string;
  discount: PromotionDiscount;
  active: boolean;
  /** ISO date-time after which the code is refused; absent: never expires. */
  expiresAt?: string | undefined;
  /** At most this many redemptions in all; absent: no limit. */
  maxRedemptions?: number | undefined;
  redemptionCount: number;
  /** Only for customers who have never paid for anything. */
  firstTimeOnly: boolean;
}

export const PROMOTION_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,29}$/;

/** Codes are case-insensitive: stored and compared upper-case, without surrounding spaces. */
export function normalizePromotionCode(raw: string): string {
  return raw.trim().toUpperCase();
}

export interface PromotionDefinition {
  code: string;
  discount: PromotionDiscount;
  expiresAt?: string | undefined;
  maxRedemptions?: number | undefined;
}

/** What is wrong with a new code, per field (empty: nothing). */
export function promotionDefinitionProblems(d: PromotionDefinition, now: Date): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!PROMOTION_CODE_PATTERN.test(d.code))
    problems.code = 'Use 3 to 30 letters, digits, dashes or underscores, starting with a letter or digit.';
  if (d.discount.kind === 'PERCENT') {
    const p = d.discount.percentOff;
    if (!Number.isInteger(p) || p < 1 || p > 100) problems.percentOff = 'The percentage is a whole number from 1 to 100.';
  } else {
    const a = d.discount.amountOffCents;
    if (!Number.isSafeInteger(a) || a < 1) problems.amountOffCents = 'The amount off is at least one cent.';
  }
  if (d.expiresAt !== undefined && !(Date.parse(d.expiresAt) > now.getTime())) problems.expiresAt = 'The expiry must be in the future.';
  if (d.maxRedemptions !== undefined && (!Number.isSafeInteger(d.maxRedemptions) || d.maxRedemptions < 1)) {
    problems.maxRedemptions = 'The redemption limit is a whole number, at least 1.';
  }
  return problems;
}

export type RedemptionRefusal = 'UNKNOWN' | 'INACTIVE' | 'EXPIRED' | 'EXHAUSTED' | 'NOT_FIRST_TIME' | 'CURRENCY' | 'ALREADY_REDEEMED';

export const REFUSAL_WORDS: Readonly<Record<RedemptionRefusal, string>> = {
  UNKNOWN: 'This promotion code does not exist.',
  INACTIVE: 'This promotion code is no longer active.',
  EXPIRED: 'This promotion code has expired.',
  EXHAUSTED: 'This promotion code has been used the maximum number of times.',
  NOT_FIRST_TIME: 'This promotion code is for first-time customers only.',
  CURRENCY: 'This promotion code is for another currency.',
  ALREADY_REDEEMED: 'You have already used this promotion code.',
};

/** Why `code` cannot be redeemed now by this customer for an amount in `currency` (undefined: it can). */
export function redemptionRefusal(
  code: PromotionCodeState,
  at: { now: Date; currency: Currency; hasPaidBefore: boolean },
): RedemptionRefusal | undefined {
  if (!code.active) return 'INACTIVE';
  if (code.expiresAt !== undefined && Date.parse(code.expiresAt) <= at.now.getTime()) return 'EXPIRED';
  if (code.maxRedemptions !== undefined && code.redemptionCount >= code.maxRedemptions) return 'EXHAUSTED';
  if (code.firstTimeOnly && at.hasPaidBefore) return 'NOT_FIRST_TIME';
  if (code.discount.kind === 'AMOUNT' && code.discount.currency !== at.currency) return 'CURRENCY';
  return undefined;
}

/** The discount's face value on `listCents` (percent: rounded half up by the one rounding helper), never more than the price. */
export function faceDiscountCents(discount: PromotionDiscount, listCents: number): number {
  const raw = discount.kind === 'PERCENT' ? scaleRoundHalfUp(listCents, discount.percentOff, 100) : discount.amountOffCents;
  return Math.min(raw, listCents);
}

/** A booking's price after a code: what is charged, the platform's fee after the discount, the provider's unchanged earning. */
export interface DiscountedBookingSplit extends CommissionSplit {
  listPriceCents: number;
  /** 8% of the list price (before the discount). */
  listPlatformFeeCents: number;
  discountCents: number;
}

/**
 * The platform bears the discount: charged = list − discount, fee = 8% of list − discount, provider = 92% of list.
 * discount = min(face value, 8% fee of the list price, list − Stripe's minimum charge).
 */
export function discountBooking(list: CommissionSplit, discount: PromotionDiscount): DiscountedBookingSplit {
  const floor = Math.max(0, list.totalAmountCents - MINIMUM_CHARGE_CENTS[list.currency]);
  const discountCents = Math.min(faceDiscountCents(discount, list.totalAmountCents), list.platformFeeCents, floor);
  return {
    totalAmountCents: list.totalAmountCents - discountCents,
    platformFeeCents: list.platformFeeCents - discountCents,
    providerEarningsCents: list.providerEarningsCents,
    currency: list.currency,
    listPriceCents: list.totalAmountCents,
    listPlatformFeeCents: list.platformFeeCents,
    discountCents,
  };
}

/** The list split of a discounted booking's stored amounts (charged total + discount = the list price). */
export function listSplitOf(chargedCents: number, discountCents: number, currency: Currency): CommissionSplit {
  return splitCommission(chargedCents + discountCents, currency);
}

/**
 * A discounted booking's confirmation lines: the funding lines (CHARGE / CREDIT_SPEND of what was charged) and
 * PROVIDER_EARNING as for any booking, PLATFORM_FEE at 8% of the list price, and the DISCOUNT the platform bears, so
 * CHARGE + CREDIT_SPEND + DISCOUNT = PLATFORM_FEE + PROVIDER_EARNING and the platform's net is PLATFORM_FEE − DISCOUNT.
 */
export function withDiscountLines(lines: readonly LedgerLine[], discountCents: number, code: string): LedgerLine[] {
  if (discountCents <= 0) return [...lines];
  const out = lines.map((l) =>
    l.type === 'PLATFORM_FEE'
      ? { ...l, amountCents: l.amountCents + discountCents, description: 'Platform commission (8% of the list price)' }
      : l,
  );
  const currency = lines[0]?.currency ?? 'usd';
  return [...out, { type: 'DISCOUNT', amountCents: discountCents, currency, description: `Promotion code ${code}, borne by the platform` }];
}
