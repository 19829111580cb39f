/**
 * Money is always an integer count of minor units (cents) with its currency.
 * Floats never enter a money path; every rounding goes through `scaleRoundHalfUp`.
 */
export type Currency = 'usd' | 'eur' | 'gbp';
export const SUPPORTED_CURRENCIES: readonly Currency[] = ['usd', 'eur', 'gbp'];

/**
 * Stripe's minimum charge per currency, in minor units: a smaller PaymentIntent is refused (amount_too_small).
 * https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts
 */
export const MINIMUM_CHARGE_CENTS: Readonly<Record<Currency, number>> = { usd: 50, eur: 50, gbp: 30 };

/** The smallest amount Stripe charges in this currency. */
export function minimumCharge(currency: Currency): Money {
  return { amountCents: MINIMUM_CHARGE_CENTS[currency], currency };
}

interface Money {
  readonly amountCents: number;
  readonly currency: Currency;
}

export function assertMinorUnits(amountCents: number, label = 'amount'): void {
  if (!Number.isSafeInteger(amountCents)) {
    throw new RangeError(`${label} must be an integer number of minor units, got ${amountCents}`);
  }
}

/**
 * The one rounding helper: amount × (numerator / denominator), rounded once, half away from zero, in integers.
 * BigInt keeps it exact beyond 2^53 intermediate products (amount × basis points).
 */
export function scaleRoundHalfUp(amountCents: number, numerator: number, denominator: number): number {
  assertMinorUnits(amountCents);
  assertMinorUnits(numerator, 'numerator');
  assertMinorUnits(denominator, 'denominator');
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const product = BigInt(amountCents) * BigInt(numerator);
  const d = BigInt(denominator);
  const sign = product < 0n ? -1n : 1n;
  const result = ((product * sign * 2n + d) / (d * 2n)) * sign;
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('amount out of range');
  }
  return Number(result);
}

/** "$1,234.56" — for display only; never parse it back. Formats the exact decimal, not a float. */
export function formatMoney(m: Money, locale = 'en-US'): string {
  const abs = BigInt(Math.abs(m.amountCents));
  const decimal = `${m.amountCents < 0 ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency.toUpperCase() }).format as (
    value: number | bigint | `${number}`,
  ) => string;
  return format(decimal as `${number}`);
}
