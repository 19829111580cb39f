import { assertMinorUnits, scaleRoundHalfUp, type Currency } from './money';

/** The platform keeps 8%: 800 basis points of every booking total. */
export const PLATFORM_FEE_BPS = 800;
export const BPS_DENOMINATOR = 10_000;
/** For display and API responses only; money math uses the basis points. */
export const PLATFORM_FEE_RATE = PLATFORM_FEE_BPS / BPS_DENOMINATOR;

export interface CommissionSplit {
  totalAmountCents: number;
  platformFeeCents: number;
  providerEarningsCents: number;
  currency: Currency;
}

/** fee = round-half-up(total × 8%); the provider gets the rest, so the two always add up to the total. */
export function splitCommission(totalAmountCents: number, currency: Currency): CommissionSplit {
  assertMinorUnits(totalAmountCents, 'totalAmountCents');
  if (totalAmountCents < 0) throw new RangeError('totalAmountCents must not be negative');
  const platformFeeCents = scaleRoundHalfUp(totalAmountCents, PLATFORM_FEE_BPS, BPS_DENOMINATOR);
  return {
    totalAmountCents,
    platformFeeCents,
    providerEarningsCents: totalAmountCents - platformFeeCents,
    currency,
  };
}
