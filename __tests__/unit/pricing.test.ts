import { describe, expect, it, test } from 'vitest';
import { PricingError, priceBooking, type PricedService } from '../../lib/domain/pricing';

const service = (overrides: Partial<PricedService> = {}): PricedService => ({
  priceCents: 1999,
  currency: 'usd',
  pricingUnit: 'PER_BOOKING',
  maxGroupSize: 6,
  ...overrides,
});

function pricingError(fn: () => unknown): PricingError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PricingError) return err;
    throw err;
  }
  throw new Error('expected a PricingError');
}

describe('priceBooking', () => {
  test.each([
    // unit, price, group, total, fee, provider
    ['PER_BOOKING', 1999, 1, 1999, 160, 1839],
    ['PER_BOOKING', 1999, 6, 1999, 160, 1839], // group size does not change a per-booking price
    ['PER_PERSON', 1999, 1, 1999, 160, 1839],
    ['PER_PERSON', 1999, 3, 5997, 480, 5517], // 479.76
    ['PER_PERSON', 12_345, 6, 74_070, 5_926, 68_144], // 5925.6
    ['PER_PERSON', 1, 6, 6, 0, 6], // 0.48
    ['PER_PERSON', 7, 1, 7, 1, 6], // 0.56
  ] as const)('%s %i × %i → total %i, fee %i, provider %i', (pricingUnit, priceCents, groupSize, total, fee, provider) => {
    expect(priceBooking(service({ pricingUnit, priceCents }), groupSize)).toEqual({
      totalAmountCents: total,
      platformFeeCents: fee,
      providerEarningsCents: provider,
      currency: 'usd',
    });
  });

  it('keeps the service currency', () => {
    expect(priceBooking(service({ currency: 'eur' }), 2).currency).toBe('eur');
  });

  test.each([0, -1, 7, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects group size %s (max 6)', (groupSize) => {
    for (const pricingUnit of ['PER_BOOKING', 'PER_PERSON'] as const) {
      const err = pricingError(() => priceBooking(service({ pricingUnit }), groupSize));
      expect(err.code).toBe('INVALID_GROUP_SIZE');
      expect(err.message).toContain('from 1 to 6');
    }
  });

  it('accepts exactly maxGroupSize', () => {
    expect(priceBooking(service({ pricingUnit: 'PER_PERSON', maxGroupSize: 4 }), 4).totalAmountCents).toBe(4 * 1999);
  });

  test.each([[{ priceCents: 0 }], [{ priceCents: -100 }], [{ priceCents: 19.99 }], [{ maxGroupSize: 0 }], [{ maxGroupSize: 2.5 }]])(
    'rejects bad service data %o',
    (overrides) => {
      expect(pricingError(() => priceBooking(service(overrides), 1)).code).toBe('INVALID_SERVICE_PRICE');
    },
  );

  it('refuses totals beyond the safe integer range', () => {
    const huge = service({ pricingUnit: 'PER_PERSON', priceCents: 2 ** 52, maxGroupSize: 10 });
    expect(pricingError(() => priceBooking(huge, 4)).code).toBe('AMOUNT_OUT_OF_RANGE');
  });
});
