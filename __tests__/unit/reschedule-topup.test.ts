import { describe, expect, test } from 'vitest';
import { splitCommission } from '../../lib/domain/commission';
import { allocateRefund, topUpSplit } from '../../lib/domain/reschedule-topup';

describe('the top-up of a move to a higher price, to the cent', () => {
  test.each([
    // price now, fee kept now, new price → due, platform's part, provider's part
    [8_999, 720, 9_500, 501, 40, 461],
    [10_000, 800, 12_345, 2_345, 188, 2_157],
    // after a move to a lower price (10 000 → 9 000, 80 of the fee given back): 8% of the new price kept in the end
    [9_000, 720, 11_000, 2_000, 160, 1_840],
    // rounding: 8% of 1 006 is 80.48 → 80, so the platform takes nothing of this difference
    [1_000, 80, 1_006, 6, 0, 6],
    [1_000, 80, 1_019, 19, 2, 17],
    [5_000, 400, 5_001, 1, 0, 1],
  ])('%i (fee %i) → %i: %i due, %i fee, %i provider', (price, fee, newPrice, due, platform, provider) => {
    const split = topUpSplit({ priceCents: price, platformFeeCents: fee, currency: 'usd' }, newPrice);
    expect(split).toEqual({ amountDueCents: due, platformFeeCents: platform, providerEarningsCents: provider, currency: 'usd' });
    expect(split.platformFeeCents + split.providerEarningsCents).toBe(split.amountDueCents);
    // the fee kept after the top-up is exactly the one rounding helper's 8% of the new price
    expect(fee + split.platformFeeCents).toBe(splitCommission(newPrice, 'usd').platformFeeCents);
  });

  test.each([
    [9_500, 9_500],
    [9_500, 9_000],
    [9_500, 9_499.5],
  ])('refuses %i → %i (not higher, or not minor units)', (price, newPrice) => {
    expect(() => topUpSplit({ priceCents: price, platformFeeCents: 760, currency: 'usd' }, newPrice)).toThrow(RangeError);
  });
});

describe('a refund drawn from the first payment, then the top-ups', () => {
  const payments = [
    { paymentIntentId: 'pi_first', amountCents: 8_999 },
    { paymentIntentId: 'pi_topup', topUpSequence: 1, amountCents: 501 },
  ];
  test.each([
    // refunded before, this refund → parts
    [
      0,
      9_500,
      [
        ['pi_first', 8_999],
        ['pi_topup', 501],
      ],
    ],
    [0, 4_750, [['pi_first', 4_750]]],
    [
      1_986,
      7_514,
      [
        ['pi_first', 7_013],
        ['pi_topup', 501],
      ],
    ],
    [8_999, 501, [['pi_topup', 501]]],
    [
      8_998,
      2,
      [
        ['pi_first', 1],
        ['pi_topup', 1],
      ],
    ],
  ])('after %i refunded, %i is drawn as %j', (before, refund, parts) => {
    const drawn = allocateRefund(payments, before, refund);
    expect(drawn.map((p) => [p.paymentIntentId, p.amountCents])).toEqual(parts);
    expect(drawn.reduce((s, p) => s + p.amountCents, 0)).toBe(refund);
  });

  test('never more than the payments left refundable', () => {
    expect(() => allocateRefund(payments, 9_000, 501)).toThrow(RangeError);
  });
});
