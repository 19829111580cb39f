import { describe, expect, it, test } from 'vitest';
import { PLATFORM_FEE_BPS, splitCommission } from '../../lib/domain/commission';

/** Independent oracle: 8% = 2/25; round half up on the remainder, in plain small integers. */
function expectedFee(total: number): number {
  const r = (total * 2) % 25;
  return (total * 2 - r) / 25 + (r * 2 >= 25 ? 1 : 0);
}

describe('splitCommission', () => {
  it('is 800 basis points', () => {
    expect(PLATFORM_FEE_BPS).toBe(800);
  });

  test.each([
    // total, fee, provider       8% of total
    [0, 0, 0],
    [1, 0, 1], // 0.08
    [6, 0, 6], // 0.48: the closest 8% of a whole cent gets to .5 from below
    [7, 1, 6], // 0.56
    [13, 1, 12], // 1.04
    [19, 2, 17], // 1.52: closest to .5 from above
    [31, 2, 29], // 2.48
    [44, 4, 40], // 3.52
    [625, 50, 575], // $6.25 → exactly 50
    [1999, 160, 1839], // 159.92
    [10_000, 800, 9_200],
    [12_345, 988, 11_357], // 987.6
    [999_999_999, 80_000_000, 919_999_999], // 79999999.92
    [Number.MAX_SAFE_INTEGER, 720_575_940_379_279, 8_286_623_314_361_712],
    // 720575940379278.48: float math (Math.round(total * 0.08)) gets this one wrong
    [9_007_199_254_740_981, 720_575_940_379_278, 8_286_623_314_361_703],
  ])('total %i → fee %i, provider %i', (total, fee, provider) => {
    const split = splitCommission(total, 'usd');
    expect(split).toEqual({ totalAmountCents: total, platformFeeCents: fee, providerEarningsCents: provider, currency: 'usd' });
    expect(split.platformFeeCents + split.providerEarningsCents).toBe(total);
  });

  it('never lands on an exact half cent at 8% (x·2/25 has no .5), so ties cannot arise', () => {
    for (let t = 0; t < 1000; t++) expect(((t * 2) % 25) * 2).not.toBe(25);
  });

  it('rounds half up and always adds up, for every total from 0 to 20 000 cents', () => {
    for (let total = 0; total <= 20_000; total++) {
      const { platformFeeCents, providerEarningsCents, totalAmountCents } = splitCommission(total, 'eur');
      expect(totalAmountCents).toBe(total);
      expect(platformFeeCents).toBe(expectedFee(total));
      expect(platformFeeCents + providerEarningsCents).toBe(total);
      // within half a cent of the exact 8%
      expect(Math.abs(platformFeeCents * 10_000 - total * 800)).toBeLessThanOrEqual(5_000);
    }
  });

  it('keeps the currency', () => {
    expect(splitCommission(1000, 'gbp').currency).toBe('gbp');
  });

  test.each([[-1], [1.5], [Number.NaN], [Number.MAX_SAFE_INTEGER + 1]])('rejects total %s', (total) => {
    expect(() => splitCommission(total, 'usd')).toThrow(RangeError);
  });
});
