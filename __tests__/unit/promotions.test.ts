import { describe, expect, it, test } from 'vitest';
import { splitCommission } from '../../lib/domain/commission';
import { bookingMoneyFlow, chargeLedgerLines, refundLedgerLines } from '../../lib/domain/ledger';
import {
  discountBooking,
  faceDiscountCents,
  normalizePromotionCode,
  promotionDefinitionProblems,
  redemptionRefusal,
  withDiscountLines,
  type PromotionCodeState,
  type PromotionDiscount,
} from '../../lib/domain/promotions';

const pct = (percentOff: number): PromotionDiscount => ({ kind: 'PERCENT', percentOff });
const usd = (amountOffCents: number): PromotionDiscount => ({ kind: 'AMOUNT', amountOffCents, currency: 'usd' });

describe('a booking’s discount: the platform bears it, the provider keeps 92% of the list price', () => {
  test.each([
    // list price, code, charged, platform fee, provider earning, discount
    [12_000, pct(5), 11_400, 360, 11_040, 600],
    [12_000, usd(500), 11_500, 460, 11_040, 500],
    [12_000, pct(10), 11_040, 0, 11_040, 960], // 1 200 off is capped at the 960 fee: the platform never pays to host
    [12_000, usd(5_000), 11_040, 0, 11_040, 960],
    [4_550, pct(5), 4_322, 136, 4_186, 228], // 227.5 rounds half up to 228 (the one rounding helper)
    [4_550, usd(1_000), 4_186, 0, 4_186, 364],
    [9_999, pct(3), 9_699, 500, 9_199, 300], // 299.97 → 300; fee 799.92 → 800
    [1_001, usd(1), 1_000, 79, 921, 1], // fee 80.08 → 80
    [1_000, pct(100), 920, 0, 920, 80],
    [55, pct(50), 51, 0, 51, 4], // fee 4.4 → 4; Stripe's 50¢ minimum allows 5 off
    [52, pct(50), 50, 2, 48, 2], // fee 4, but only 2 off keeps the charge at the 50¢ minimum
    [50, pct(10), 50, 4, 46, 0], // at the minimum already: nothing off
  ])('list %i with %o → charged %i, fee %i, provider %i, discount %i', (list, code, charged, fee, provider, discount) => {
    const split = discountBooking(splitCommission(list, 'usd'), code);
    expect(split).toEqual({
      totalAmountCents: charged,
      platformFeeCents: fee,
      providerEarningsCents: provider,
      currency: 'usd',
      listPriceCents: list,
      listPlatformFeeCents: splitCommission(list, 'usd').platformFeeCents,
      discountCents: discount,
    });
    // the 8% rule, explicit: the provider's share is the undiscounted one, and the money adds up
    expect(split.providerEarningsCents).toBe(splitCommission(list, 'usd').providerEarningsCents);
    expect(split.platformFeeCents + split.providerEarningsCents).toBe(split.totalAmountCents);
    expect(split.platformFeeCents).toBeGreaterThanOrEqual(0);
  });

  test.each([
    [pct(1), 12_345, 123], // 123.45
    [pct(15), 333, 50], // 49.95
    [pct(100), 777, 777],
    [usd(900), 500, 500], // never more than the price
  ])('face value of %o on %i is %i', (code, list, face) => {
    expect(faceDiscountCents(code, list)).toBe(face);
  });
});

describe('the ledger of a discounted booking', () => {
  const split = discountBooking(splitCommission(12_000, 'usd'), pct(5));
  const lines = withDiscountLines(chargeLedgerLines(split), split.discountCents, 'SPRING5');

  it('books CHARGE of what was paid, PLATFORM_FEE at 8% of the list price, the DISCOUNT, and PROVIDER_EARNING unchanged', () => {
    expect(lines.map((l) => [l.type, l.amountCents])).toEqual([
      ['CHARGE', 11_400],
      ['PLATFORM_FEE', 960],
      ['PROVIDER_EARNING', 11_040],
      ['DISCOUNT', 600],
    ]);
    expect(bookingMoneyFlow(lines)).toMatchObject({
      balanced: true,
      chargedCents: 11_400,
      platformNetCents: 360,
      providerNetCents: 11_040,
    });
  });

  it('a full refund of what was charged leaves both nets at zero; a discount above the fee does not balance', () => {
    const refund = refundLedgerLines(
      {
        refundCents: 11_400,
        platformFeeRefundCents: 360,
        providerEarningReductionCents: 11_040,
        providerReversalCents: 0,
        providerCompensationCents: 0,
        reverseCents: 0,
        currency: 'usd',
      },
      'requested',
    );
    expect(bookingMoneyFlow([...lines, ...refund])).toMatchObject({ balanced: true, platformNetCents: 0, providerNetCents: 0 });
    const tooMuch = lines.map((l) =>
      l.type === 'DISCOUNT' ? { ...l, amountCents: 1_000 } : l.type === 'CHARGE' ? { ...l, amountCents: 11_000 } : l,
    );
    expect(bookingMoneyFlow(tooMuch).balanced).toBe(false);
  });

  it('no discount, no DISCOUNT line', () => {
    const plain = chargeLedgerLines(splitCommission(12_000, 'usd'));
    expect(withDiscountLines(plain, 0, 'X')).toEqual(plain);
  });
});

describe('code rules', () => {
  it('normalises codes: trimmed, upper-case', () => {
    expect(normalizePromotionCode('  spring-5 ')).toBe('SPRING-5');
  });

  const now = new Date('2026-06-01T12:00:00Z');
  test.each([
    [{ code: 'SPRING', discount: pct(10) }, []],
    [{ code: 'AB', discount: pct(10) }, ['code']],
    [{ code: 'SPRING 5', discount: pct(10) }, ['code']],
    [{ code: 'SPRING', discount: pct(0) }, ['percentOff']],
    [{ code: 'SPRING', discount: pct(101) }, ['percentOff']],
    [{ code: 'SPRING', discount: pct(12.5) }, ['percentOff']],
    [{ code: 'SPRING', discount: usd(0) }, ['amountOffCents']],
    [{ code: 'SPRING', discount: pct(5), expiresAt: '2026-06-01T11:59:59Z' }, ['expiresAt']],
    [{ code: 'SPRING', discount: pct(5), maxRedemptions: 0 }, ['maxRedemptions']],
  ])('%o → problems with %o', (definition, fields) => {
    expect(Object.keys(promotionDefinitionProblems(definition, now)).sort()).toEqual(fields);
  });

  const code: PromotionCodeState = {
    code: 'SPRING',
    discount: usd(500),
    active: true,
    expiresAt: '2026-07-01T00:00:00Z',
    maxRedemptions: 3,
    redemptionCount: 2,
    firstTimeOnly: true,
  };
  const at = { now, currency: 'usd' as const, hasPaidBefore: false };
  test.each([
    ['redeemable', code, at, undefined],
    ['deactivated', { ...code, active: false }, at, 'INACTIVE'],
    ['expired', code, { ...at, now: new Date('2026-07-01T00:00:00Z') }, 'EXPIRED'],
    ['used up', { ...code, redemptionCount: 3 }, at, 'EXHAUSTED'],
    ['not a first-time customer', code, { ...at, hasPaidBefore: true }, 'NOT_FIRST_TIME'],
    ['another currency', code, { ...at, currency: 'eur' as const }, 'CURRENCY'],
    ['a percentage fits any currency', { ...code, discount: pct(5) }, { ...at, currency: 'gbp' as const }, undefined],
    ['no limit, no expiry', { ...code, maxRedemptions: undefined, expiresAt: undefined, redemptionCount: 10_000 }, at, undefined],
  ])('%s', (_case, state, when, refusal) => {
    expect(redemptionRefusal(state, when)).toBe(refusal);
  });
});
