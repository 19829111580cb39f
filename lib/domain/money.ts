/**
 * Money is always an integer count of minor units (cents) with its currency.
 * Floats never enter a money path; every rounding goes through `divideRoundHalfUp`.
 */
export type Currency = 'usd' | 'eur' | 'gbp';
export const SUPPORTED_CURRENCIES: readonly Currency[] = ['usd', 'eur', 'gbp'];

export interface Money {
  readonly amountCents: number;
  readonly currency: Currency;
}

export function assertMinorUnits(amountCents: number, label = 'amount'): void {
  if (!Number.isSafeInteger(amountCents)) {
    throw new RangeError(`${label} must be an integer number of minor units, got ${amountCents}`);
  }
}

export function money(amountCents: number, currency: Currency): Money {
  assertMinorUnits(amountCents);
  return { amountCents, currency };
}

/**
 * The one rounding helper: numerator / denominator rounded half away from zero, in integers.
 * BigInt keeps it exact beyond 2^53 intermediate products (amount × basis points).
 */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  assertMinorUnits(numerator, 'numerator');
  assertMinorUnits(denominator, 'denominator');
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  const sign = n < 0n ? -1n : 1n;
  const abs = n * sign;
  const rounded = (abs * 2n + d) / (d * 2n);
  return Number(rounded * sign);
}

/** amount × (numerator / denominator), rounded half-up once. */
export function scaleRoundHalfUp(amountCents: number, numerator: number, denominator: number): number {
  assertMinorUnits(amountCents);
  const product = BigInt(amountCents) * BigInt(numerator);
  const d = BigInt(denominator);
  const sign = product < 0n ? -1n : 1n;
  const rounded = ((product * sign) * 2n + d) / (d * 2n);
  const result = rounded * sign;
  if (result > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount out of range');
  return Number(result);
}

export function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} vs ${b.currency}`);
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amountCents + b.amountCents, a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amountCents - b.amountCents, a.currency);
}

/** "$1,234.56" — for display only; never parse it back. */
export function formatMoney(m: Money, locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency.toUpperCase() }).format(
    m.amountCents / 100,
  );
}
