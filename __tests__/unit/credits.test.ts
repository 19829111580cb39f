import { describe, expect, it } from 'vitest';
import { splitCommission } from '../../lib/domain/commission';
import {
  creditBookingLedgerLines,
  parseCredits,
  planCreditPayment,
  planCreditPurchaseRefund,
  splitBookingRefund,
  bookingFunding,
  unspentCreditsBySource,
  type CreditChange,
} from '../../lib/domain/credits';
import { bookingMoneyFlow } from '../../lib/domain/ledger';

describe('planCreditPayment', () => {
  it.each([
    // total, balance, requested, credits applied, card pays
    [12_000, 20_000, 5_000, 5_000, 7_000],
    [12_000, 20_000, 12_000, 12_000, 0],
    [12_000, 20_000, 'max', 12_000, 0],
    [12_000, 5_000, 'max', 5_000, 7_000],
    [12_000, 11_990, 'max', 11_950, 50], // the card must pay 0 or at least 50 cents
    [12_000, 0, 'max', 0, 12_000],
    [4_550, 4_550, 4_550, 4_550, 0],
    [60, 100, 'max', 60, 0],
    [60, 30, 'max', 10, 50],
  ] as const)('total %i, balance %i, asked %s → %i credits + %i card', (total, balance, requested, credits, card) => {
    const r = planCreditPayment({ totalCents: total, currency: 'usd', balance, requested });
    expect(r).toEqual({ ok: true, plan: { creditsApplied: credits, cardAmountCents: card } });
  });

  it('too few credits: INSUFFICIENT_CREDITS with the balance and the amount needed', () => {
    expect(planCreditPayment({ totalCents: 27_300, currency: 'usd', balance: 15_000, requested: 27_000 })).toEqual({
      ok: false,
      error: { kind: 'INSUFFICIENT_CREDITS', balance: 15_000, needed: 27_000, shortfall: 12_000 },
    });
  });
  it('a card remainder below the minimum charge is refused, with the largest usable amount', () => {
    expect(planCreditPayment({ totalCents: 12_000, currency: 'usd', balance: 20_000, requested: 11_990 })).toEqual({
      ok: false,
      error: { kind: 'REMAINDER_TOO_SMALL', remainderCents: 10, minimumCents: 50, maxCreditsForCard: 11_950 },
    });
    expect(planCreditPayment({ totalCents: 1_000, currency: 'gbp', balance: 2_000, requested: 980 }).ok).toBe(false);
    expect(planCreditPayment({ totalCents: 1_000, currency: 'gbp', balance: 2_000, requested: 970 }).ok).toBe(true);
  });
  it('more credits than the total are refused; fractions and negatives throw', () => {
    expect(planCreditPayment({ totalCents: 100, currency: 'usd', balance: 500, requested: 101 })).toMatchObject({
      ok: false,
      error: { kind: 'MORE_THAN_TOTAL' },
    });
    expect(() => planCreditPayment({ totalCents: 100, currency: 'usd', balance: 500, requested: 1.5 })).toThrow(RangeError);
    expect(() => planCreditPayment({ totalCents: 100, currency: 'usd', balance: 500, requested: -1 })).toThrow(RangeError);
    expect(() => planCreditPayment({ totalCents: 10.5, currency: 'usd', balance: 500, requested: 1 })).toThrow(RangeError);
  });
});

describe('ledger of a credit-paid booking', () => {
  it.each([
    [12_000, 5_000],
    [12_000, 12_000],
    [4_550, 0],
    [13_650, 1],
    [99_999, 33_333],
  ])('total %i with %i credits: card + credits = fee + provider share, and the provider keeps 92%', (total, credits) => {
    const split = splitCommission(total, 'usd');
    const lines = creditBookingLedgerLines(split, credits);
    expect(bookingMoneyFlow(lines)).toMatchObject({
      cardChargedCents: total - credits,
      creditsSpentCents: credits,
      chargedCents: total,
      platformFeeCents: split.platformFeeCents,
      providerNetCents: split.providerEarningsCents,
      balanced: true,
    });
    expect(lines.some((l) => l.type === 'CHARGE')).toBe(credits < total);
    expect(lines.some((l) => l.type === 'CREDIT_SPEND')).toBe(credits > 0);
  });
});

describe('splitBookingRefund', () => {
  it('splits in proportion and the last refund settles both sides exactly', () => {
    const total = 12_000;
    const creditsApplied = 5_000;
    let creditsReturned = 0;
    let cardRefunded = 0;
    for (const refundCents of [3_333, 3_333, 3_334 + 2_000]) {
      const r = splitBookingRefund({
        totalCents: total,
        creditsApplied,
        creditsReturnedSoFar: creditsReturned,
        cardRefundedSoFar: cardRefunded,
        refundCents,
      });
      expect(r.credits + r.cardCents).toBe(refundCents);
      creditsReturned += r.credits;
      cardRefunded += r.cardCents;
      expect(creditsReturned).toBeLessThanOrEqual(creditsApplied);
      expect(cardRefunded).toBeLessThanOrEqual(total - creditsApplied);
    }
    expect([creditsReturned, cardRefunded]).toEqual([5_000, 7_000]);
  });
  it.each([
    [12_000, 0, 6_000, 0, 6_000],
    [12_000, 12_000, 6_000, 6_000, 0],
    [12_000, 5_000, 6_000, 2_500, 3_500],
    [101, 1, 50, 0, 50],
  ])('total %i, credits %i, refund %i → %i credits + %i card', (total, credits, refund, c, card) => {
    expect(
      splitBookingRefund({
        totalCents: total,
        creditsApplied: credits,
        creditsReturnedSoFar: 0,
        cardRefundedSoFar: 0,
        refundCents: refund,
      }),
    ).toEqual({ credits: c, cardCents: card });
  });
  it('never refunds more than was paid', () => {
    expect(() =>
      splitBookingRefund({ totalCents: 100, creditsApplied: 50, creditsReturnedSoFar: 50, cardRefundedSoFar: 50, refundCents: 1 }),
    ).toThrow(RangeError);
  });
});

describe('bookingFunding: how a confirmed booking was paid, for its refunds', () => {
  it.each([
    // total, applied, returned (all), returned by refunds, refunded total → credits paid, card paid, credits refunded, card refunded
    [12_000, 0, 0, 0, 0, 0, 12_000, 0, 0],
    [12_000, 12_000, 0, 0, 0, 12_000, 0, 0, 0],
    [12_000, 2_000, 0, 0, 6_000, 2_000, 10_000, 0, 6_000],
    [12_000, 2_000, 1_000, 1_000, 6_000, 2_000, 10_000, 1_000, 5_000],
    [12_000, 5_000, 5_000, 0, 0, 0, 12_000, 0, 0], // the card then paid it all: the credits went back at confirmation
    [12_000, 12_000, 12_000, 12_000, 12_000, 12_000, 0, 12_000, 0],
  ])(
    'total %i, %i applied, %i returned (%i by refunds), %i refunded → %i credits + %i card paid; refunded %i credits + %i card',
    (total, applied, returned, byRefunds, refunded, creditsPaid, cardPaid, creditsRefunded, cardRefunded) => {
      expect(
        bookingFunding({
          totalCents: total,
          creditsApplied: applied,
          creditsReturned: returned,
          creditsReturnedByRefunds: byRefunds,
          refundedCents: refunded,
        }),
      ).toEqual({
        creditsPaid,
        cardPaidCents: cardPaid,
        creditsRefunded,
        cardRefundedCents: cardRefunded,
      });
    },
  );
  it('refuses refund returns beyond the returns recorded', () => {
    expect(() =>
      bookingFunding({ totalCents: 100, creditsApplied: 50, creditsReturned: 0, creditsReturnedByRefunds: 10, refundedCents: 10 }),
    ).toThrow(RangeError);
  });
});

describe('planCreditPurchaseRefund', () => {
  it.each([
    // credits bought, price, balance now → removed, refund, spent, full
    [5_000, 5_000, 5_000, 5_000, 5_000, 0, true],
    [5_000, 5_000, 9_000, 5_000, 5_000, 0, true],
    [5_000, 5_000, 2_000, 2_000, 2_000, 3_000, false],
    [10_000, 9_500, 3_333, 3_333, 3_166, 6_667, false], // 9,500 × 3,333 / 10,000 = 3,166.35 → 3,166
    [10_000, 9_500, 1, 1, 1, 9_999, false], // 0.95 → 1
    [5_000, 5_000, 0, 0, 0, 5_000, false],
  ])('%i credits for %i cents, balance %i → remove %i, refund %i, spent %i', (bought, price, balance, removed, refund, spent, full) => {
    expect(planCreditPurchaseRefund({ purchasedCredits: bought, amountCents: price, balance })).toEqual({
      creditsRemoved: removed,
      refundCents: refund,
      spentCredits: spent,
      full,
    });
  });
});

describe('planCreditPurchaseRefund with the credits’ origins', () => {
  it.each([
    // credits bought, price, balance, unspent of this purchase, unspent membership → removed, refund cents, full
    [5_000, 5_000, 4_000, 2_000, 2_000, 2_000, 2_000, false], // bought, spent 3,000, then granted 2,000: only the 2,000 left of the purchase
    [5_000, 5_000, 7_000, 5_000, 2_000, 5_000, 5_000, true], // nothing spent: the whole purchase, the grant stays
    [10_000, 9_500, 12_000, 10_000, 2_000, 10_000, 9_500, true],
    [10_000, 9_500, 3_000, 1_000, 2_000, 1_000, 950, false], // 9,500 × 1,000 / 10,000
    [10_000, 9_500, 2_001, 1, 2_000, 1, 1, false], // 0.95 → 1
    [5_000, 5_000, 2_000, 0, 2_000, 0, 0, false], // only membership credits left: nothing to refund
    // the history says more is left than the balance holds beyond the membership credits: the balance bounds it
    [5_000, 5_000, 3_000, 5_000, 2_000, 1_000, 1_000, false],
    [5_000, 4_999, 5_000, 3_333, 0, 3_333, 3_332, false], // 4,999 × 3,333 / 5,000 = 3,332.33 → 3,332
  ])(
    '%i credits for %i cents, balance %i, %i of it left, %i membership → remove %i, refund %i',
    (bought, price, balance, ofPurchase, membership, removed, refund, full) => {
      expect(
        planCreditPurchaseRefund({
          purchasedCredits: bought,
          amountCents: price,
          balance,
          unspentOfPurchase: ofPurchase,
          unspentMembership: membership,
        }),
      ).toEqual({ creditsRemoved: removed, refundCents: refund, spentCredits: bought - removed, full });
    },
  );
});

describe('unspentCreditsBySource (credits are spent oldest first; returned credits go back where they came from)', () => {
  const buy = (id: string, n: number): CreditChange => ({ type: 'PURCHASE', credits: n, creditPurchaseId: id });
  const grant = (n: number): CreditChange => ({ type: 'MEMBERSHIP_GRANT', credits: n });
  const spend = (booking: string, n: number): CreditChange => ({ type: 'SPEND', credits: -n, bookingId: booking });
  const back = (booking: string, n: number): CreditChange => ({ type: 'SPEND_RETURN', credits: n, bookingId: booking });
  const refund = (id: string, n: number): CreditChange => ({ type: 'PURCHASE_REFUND', credits: -n, creditPurchaseId: id });
  it.each<[string, CreditChange[], number, Record<string, number>]>([
    ['nothing', [], 0, {}],
    ['a purchase, then a spend, then a grant', [buy('p1', 5_000), spend('b1', 3_000), grant(2_000)], 2_000, { p1: 2_000 }],
    [
      'a grant, then a purchase, then a spend (the grant is older: spent first)',
      [grant(2_000), buy('p1', 5_000), spend('b1', 3_000)],
      0,
      { p1: 4_000 },
    ],
    ['two purchases, the older spent first', [buy('p1', 1_000), buy('p2', 1_000), spend('b1', 1_500)], 0, { p1: 0, p2: 500 }],
    [
      'a spend returned in full goes back to its lots',
      [grant(1_000), buy('p1', 1_000), spend('b1', 1_500), back('b1', 1_500)],
      1_000,
      { p1: 1_000 },
    ],
    [
      'a partial return restores the last taken first',
      [grant(1_000), buy('p1', 1_000), spend('b1', 1_500), back('b1', 300)],
      0,
      { p1: 800 },
    ],
    [
      'a return of one booking does not touch another’s lots',
      [buy('p1', 1_000), grant(1_000), spend('b1', 1_000), spend('b2', 500), back('b2', 500)],
      1_000,
      { p1: 0 },
    ],
    ['a purchase refund removes that purchase’s credits', [buy('p1', 5_000), grant(2_000), refund('p1', 5_000)], 2_000, { p1: 0 }],
    ['a spend beyond what was received is ignored', [buy('p1', 100), spend('b1', 500)], 0, { p1: 0 }],
  ])('%s', (_name, history, membership, byPurchase) => {
    expect(unspentCreditsBySource(history)).toEqual({ membership, byPurchase });
  });
});

describe('parseCredits', () => {
  it.each([
    ['500', 500],
    [' 12000 ', 12_000],
    ['1.5', 0],
    ['-3', 0],
    ['abc', 0],
    [undefined, 0],
    ['', 0],
  ] as const)('%s → %i', (value, credits) => expect(parseCredits(value)).toBe(credits));
});
