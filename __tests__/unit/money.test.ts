import { describe, expect, it, test } from 'vitest';
import { formatMoney, scaleRoundHalfUp } from '../../lib/domain/money';

const MAX = Number.MAX_SAFE_INTEGER; // 9_007_199_254_740_991

describe('scaleRoundHalfUp as a division (numerator 1)', () => {
  test.each([
    [0, 1, 0],
    [10, 5, 2],
    [1, 3, 0], // 0.33
    [2, 3, 1], // 0.67
    [1, 2, 1], // exact half rounds up
    [3, 2, 2],
    [5, 2, 3],
    [10, 4, 3], // 2.5
    [9, 4, 2], // 2.25
    [11, 4, 3], // 2.75
    [-1, 2, -1], // halves round away from zero, symmetric for refunds/reversals
    [-5, 2, -3],
    [-2, 3, -1],
    [-1, 3, 0],
    [MAX, 1, MAX],
    [MAX, 2, 4_503_599_627_370_496], // 4503599627370495.5
    [-MAX, 2, -4_503_599_627_370_496],
    [MAX - 1, 2, 4_503_599_627_370_495],
  ])('%i / %i = %i', (n, d, expected) => {
    expect(scaleRoundHalfUp(n, 1, d)).toBe(expected);
  });

  test.each([
    [1, 0],
    [1, -2],
    [1.5, 2],
    [1, 2.5],
    [Number.NaN, 1],
    [MAX + 1, 1],
  ])('rejects %s / %s', (n, d) => {
    expect(() => scaleRoundHalfUp(n, 1, d)).toThrow(RangeError);
  });
});

describe('scaleRoundHalfUp', () => {
  test.each([
    [0, 800, 10_000, 0],
    [1999, 800, 10_000, 160], // 159.92
    [12345, 800, 10_000, 988], // 987.6
    [625, 800, 10_000, 50], // exact
    [5, 1, 10, 1], // 0.5
    [25, 1, 10, 3], // 2.5
    [24, 1, 10, 2], // 2.4
    [-5, 1, 10, -1], // -0.5 away from zero
    [-25, 1, 10, -3],
    [-1999, 800, 10_000, -160],
    [1, 1, 3, 0],
    [2, 1, 3, 1],
    // products far beyond 2^53: exact only because of BigInt
    [MAX, 800, 10_000, 720_575_940_379_279], // 720575940379279.28
    [MAX, 10_000, 10_000, MAX],
    [MAX, 5_000, 10_000, 4_503_599_627_370_496], // .5 → up
    [9_007_199_254_740_990, 3, 7, 3_860_228_252_031_853], // 3860228252031852.857
  ])('%i × %i / %i = %i', (amount, num, den, expected) => {
    expect(scaleRoundHalfUp(amount, num, den)).toBe(expected);
  });

  it('agrees with integer half-away-from-zero rounding when the product is small', () => {
    const reference = (product: number, d: number) => Math.sign(product) * Math.floor((Math.abs(product) * 2 + d) / (2 * d));
    for (let a = -3000; a <= 3000; a += 7) {
      for (const [n, d] of [
        [800, 10_000],
        [1, 3],
        [5_000, 10_000],
        [2, 7],
      ] as const) {
        expect(scaleRoundHalfUp(a, n, d)).toBe(reference(a * n, d) || 0);
      }
    }
  });

  it('rejects results above the safe integer range', () => {
    expect(() => scaleRoundHalfUp(MAX, 2, 1)).toThrow(RangeError);
  });

  it('rejects fractional amounts', () => {
    expect(() => scaleRoundHalfUp(1.5, 1, 1)).toThrow(RangeError);
  });

  it('rejects results below the safe integer range', () => {
    expect(() => scaleRoundHalfUp(-MAX, 2, 1)).toThrow(RangeError);
  });

  it('rejects a zero, negative or fractional denominator', () => {
    expect(() => scaleRoundHalfUp(5, 1, -10)).toThrow(RangeError);
    expect(() => scaleRoundHalfUp(5, 1, 0)).toThrow(RangeError);
    expect(() => scaleRoundHalfUp(5, 1, 2.5)).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  test.each([
    [0, 'usd', 'en-US', '$0.00'],
    [1, 'usd', 'en-US', '$0.01'],
    [123_456, 'usd', 'en-US', '$1,234.56'],
    [-150, 'usd', 'en-US', '-$1.50'],
    [123_456, 'gbp', 'en-GB', '£1,234.56'],
    [123_456, 'eur', 'de-DE', '1.234,56\u00a0€'],
    [900_719_925_474_099, 'usd', 'en-US', '$9,007,199,254,740.99'],
  ] as const)('%i %s in %s → %s', (amountCents, currency, locale, expected) => {
    expect(formatMoney({ amountCents, currency }, locale)).toBe(expected);
  });

  it('defaults to en-US', () => {
    expect(formatMoney({ amountCents: 5, currency: 'eur' })).toBe('€0.05');
    // Exact at the edge of the safe range, where amountCents / 100 as a float would lose the last cent.
    expect(formatMoney({ amountCents: MAX, currency: 'usd' })).toBe('$90,071,992,547,409.91');
    expect(formatMoney({ amountCents: -1999, currency: 'usd' })).toBe('-$19.99');
  });
});
