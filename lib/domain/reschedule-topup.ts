/**
 * A move to a higher price, pure: the top-up charged for the difference, and how a later refund is drawn from the
 * booking's payments (its first PaymentIntent and each top-up's) so no Stripe refund exceeds what one payment took.
 *
 * The top-up's fee is what makes the platform keep exactly 8% of the new price (splitCommission, the one rounding
 * helper) given the fee it keeps now; the provider gets the rest of the difference. Mirror of the lower-price refund.
 */
import { splitCommission } from './commission';
import { assertMinorUnits, type Currency } from './money';

export interface TopUpSplit {
  /** What the customer pays now: the new price less what the booking costs today. */
  amountDueCents: number;
  /** Of it, the platform's: 8% of the new price less the fee it already keeps. */
  platformFeeCents: number;
  providerEarningsCents: number;
  currency: Currency;
}

/** The top-up for a move from `current` (price and fee kept now) to the higher `newPriceCents`. */
export function topUpSplit(
  current: { priceCents: number; platformFeeCents: number; currency: Currency },
  newPriceCents: number,
): TopUpSplit {
  assertMinorUnits(current.priceCents, 'priceCents');
  assertMinorUnits(current.platformFeeCents, 'platformFeeCents');
  assertMinorUnits(newPriceCents, 'newPriceCents');
  if (newPriceCents <= current.priceCents) throw new RangeError('a top-up needs a higher price');
  const amountDueCents = newPriceCents - current.priceCents;
  const feeAfter = splitCommission(newPriceCents, current.currency).platformFeeCents;
  // Never more fee than the difference, nor a negative one.
  const platformFeeCents = Math.min(amountDueCents, Math.max(0, feeAfter - current.platformFeeCents));
  return { amountDueCents, platformFeeCents, providerEarningsCents: amountDueCents - platformFeeCents, currency: current.currency };
}

export interface PaymentPart {
  /** The PaymentIntent refunded against. */
  paymentIntentId: string;
  /** Top-up sequence (absent: the booking's first payment); names the Stripe key of its part. */
  topUpSequence?: number;
  amountCents: number;
}

/**
 * Splits a refund of `refundCents` over the booking's payments, oldest first, after `refundedBeforeCents` already
 * drawn the same way. Deterministic from the booking as the refund claim read it, so a retry asks Stripe the same.
 */
export function allocateRefund(payments: readonly PaymentPart[], refundedBeforeCents: number, refundCents: number): PaymentPart[] {
  let skip = refundedBeforeCents;
  let left = refundCents;
  const parts: PaymentPart[] = [];
  for (const p of payments) {
    const used = Math.min(p.amountCents, Math.max(0, skip));
    skip -= used;
    const take = Math.min(p.amountCents - used, left);
    if (take > 0) parts.push({ ...p, amountCents: take });
    left -= take;
  }
  if (left > 0) throw new RangeError(`refund of ${refundCents} exceeds what the payments left refundable`);
  return parts;
}

/** Ledger reference of a top-up's lines (`<bookingId>#CHARGE#reschedule-topup-<n>`, …). */
export const topUpLedgerReference = (sequence: number) => `reschedule-topup-${sequence}`;
/** Ledger reference of the refund of a top-up paid after its move was dropped. */
export const lateTopUpRefundReference = (sequence: number) => `reschedule-topup-${sequence}:late`;
