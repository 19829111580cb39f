/**
 * Credits: the prepaid balance customers buy in packages or get monthly with a membership, and spend on bookings.
 *
 * Definition: **1 credit pays 1 minor unit (1 cent) of the booking's currency.** Credits carry no currency of their
 * own; a package is sold in one currency at its own price (e.g. 10 000 credits for $90.00: a bulk discount), and a
 * booking of $120.00 takes 12 000 credits whatever currency it is priced in. Credit counts are integers, and all
 * credit math here is integer math. Pure: no I/O.
 */
import type { CommissionSplit } from './commission';
import type { LedgerLine } from './ledger';
import { assertMinorUnits, scaleRoundHalfUp, type Currency } from './money';

/** Smallest card payment Stripe accepts per currency (minor units): a card remainder must be 0 or at least this. */
const MIN_CARD_CHARGE_CENTS: Record<Currency, number> = { usd: 50, eur: 50, gbp: 30 };

function assertCredits(credits: number, label = 'credits'): void {
  if (!Number.isSafeInteger(credits) || credits < 0)
    throw new RangeError(`${label} must be a whole, non-negative number of credits, got ${credits}`);
}

/** A credit count from Stripe metadata ("500"); anything else (missing, "1.5", "-3", "abc") is 0. */
export function parseCredits(value: string | undefined | null): number {
  if (typeof value !== 'string' || !/^\d{1,12}$/.test(value.trim())) return 0;
  return Number(value.trim());
}

export type CreditPlanError =
  /** Fewer credits than the payment asks for. */
  | { kind: 'INSUFFICIENT_CREDITS'; balance: number; needed: number; shortfall: number }
  /** The card would pay more than 0 but less than Stripe's minimum charge. */
  | { kind: 'REMAINDER_TOO_SMALL'; remainderCents: number; minimumCents: number; maxCreditsForCard: number }
  /** More credits than the booking costs. */
  | { kind: 'MORE_THAN_TOTAL'; totalCents: number; requested: number };

export interface CreditPaymentPlan {
  creditsApplied: number;
  /** What the card pays: total − credits (0 = fully paid with credits). */
  cardAmountCents: number;
}

/**
 * How a booking of `totalCents` is paid with `requested` credits (or 'max': as many as the balance allows,
 * leaving the card either nothing or at least the minimum charge).
 */
export function planCreditPayment(input: {
  totalCents: number;
  currency: Currency;
  balance: number;
  requested: number | 'max';
}): { ok: true; plan: CreditPaymentPlan } | { ok: false; error: CreditPlanError } {
  const { totalCents, currency } = input;
  assertMinorUnits(totalCents, 'totalCents');
  if (totalCents <= 0) throw new RangeError('totalCents must be positive');
  const balance = Math.max(0, input.balance);
  assertCredits(balance, 'balance');
  const minimum = MIN_CARD_CHARGE_CENTS[currency];
  const maxCreditsForCard = Math.max(0, totalCents - minimum);

  let credits: number;
  if (input.requested === 'max') {
    credits = Math.min(balance, totalCents);
    const remainder = totalCents - credits;
    if (remainder > 0 && remainder < minimum) credits = maxCreditsForCard;
  } else {
    credits = input.requested;
    assertCredits(credits, 'requested');
    if (credits > totalCents) return { ok: false, error: { kind: 'MORE_THAN_TOTAL', totalCents, requested: credits } };
    if (credits > balance)
      return { ok: false, error: { kind: 'INSUFFICIENT_CREDITS', balance, needed: credits, shortfall: credits - balance } };
    const remainder = totalCents - credits;
    if (remainder > 0 && remainder < minimum) {
      return { ok: false, error: { kind: 'REMAINDER_TOO_SMALL', remainderCents: remainder, minimumCents: minimum, maxCreditsForCard } };
    }
  }
  return { ok: true, plan: { creditsApplied: credits, cardAmountCents: totalCents - credits } };
}

/**
 * The ledger of a confirmed booking paid partly or fully with credits: the card CHARGE (if any) and the
 * CREDIT_SPEND together fund the total, which splits into the platform's 8% and the provider's 92% exactly as a
 * card-only booking does (the provider is paid the same).
 */
export function creditBookingLedgerLines(split: CommissionSplit, creditsApplied: number): LedgerLine[] {
  assertCredits(creditsApplied, 'creditsApplied');
  if (creditsApplied > split.totalAmountCents) throw new RangeError('credits applied exceed the booking total');
  const card = split.totalAmountCents - creditsApplied;
  const c = split.currency;
  return [
    ...(card > 0 ? [{ type: 'CHARGE' as const, amountCents: card, currency: c, description: 'Customer card payment captured' }] : []),
    ...(creditsApplied > 0
      ? [{ type: 'CREDIT_SPEND' as const, amountCents: creditsApplied, currency: c, description: `Paid with ${creditsApplied} credits` }]
      : []),
    { type: 'PLATFORM_FEE', amountCents: split.platformFeeCents, currency: c, description: 'Platform commission (8%)' },
    {
      type: 'PROVIDER_EARNING',
      amountCents: split.providerEarningsCents,
      currency: c,
      description: 'Provider share (92%), held until the service is completed',
    },
  ];
}

export interface BookingFunding {
  /** Credits that paid the booking (applied, less those given back outside refunds, e.g. when the card then paid it all). */
  creditsPaid: number;
  cardPaidCents: number;
  /** Given back by refunds so far. */
  creditsRefunded: number;
  cardRefundedCents: number;
}

/**
 * How a confirmed booking of `totalCents` was funded and what its refunds gave back so far. `creditsReturned` is
 * the booking's creditsReturnedCents (every return), `creditsReturnedByRefunds` the part refunds made, `refundedCents`
 * the refunds' total (card + credits).
 */
export function bookingFunding(input: {
  totalCents: number;
  creditsApplied: number;
  creditsReturned: number;
  creditsReturnedByRefunds: number;
  refundedCents: number;
}): BookingFunding {
  for (const [k, v] of Object.entries(input)) assertCredits(v, k);
  const { totalCents, creditsApplied, creditsReturned, creditsReturnedByRefunds, refundedCents } = input;
  const returnedOutsideRefunds = creditsReturned - creditsReturnedByRefunds;
  if (returnedOutsideRefunds < 0) throw new RangeError('credits returned by refunds exceed the credits returned');
  const creditsPaid = Math.max(0, Math.min(totalCents, creditsApplied - returnedOutsideRefunds));
  return {
    creditsPaid,
    cardPaidCents: totalCents - creditsPaid,
    creditsRefunded: creditsReturnedByRefunds,
    cardRefundedCents: refundedCents - creditsReturnedByRefunds,
  };
}

/**
 * Splits a refund of `refundCents` of a booking paid with credits and card into the credits to give back and
 * the card amount to refund, in proportion to how it was paid; cumulative refunds never exceed what was paid
 * either way, and the refund that reaches the total settles both remainders exactly.
 */
export function splitBookingRefund(input: {
  totalCents: number;
  creditsApplied: number;
  creditsReturnedSoFar: number;
  cardRefundedSoFar: number;
  refundCents: number;
}): { credits: number; cardCents: number } {
  const { totalCents, creditsApplied, creditsReturnedSoFar, cardRefundedSoFar, refundCents } = input;
  for (const [k, v] of Object.entries(input)) assertCredits(v, k);
  const cardPaid = totalCents - creditsApplied;
  if (cardPaid < 0) throw new RangeError('credits applied exceed the total');
  const refundedSoFar = creditsReturnedSoFar + cardRefundedSoFar;
  if (refundCents > totalCents - refundedSoFar) throw new RangeError('refund exceeds what is left to refund');
  if (refundedSoFar + refundCents === totalCents) {
    return { credits: creditsApplied - creditsReturnedSoFar, cardCents: cardPaid - cardRefundedSoFar };
  }
  // Cumulative target for credits after this refund, rounded once, then clamped to what each side has left.
  const cumulativeCredits = scaleRoundHalfUp(refundedSoFar + refundCents, creditsApplied, totalCents);
  let credits = Math.min(Math.max(cumulativeCredits - creditsReturnedSoFar, 0), creditsApplied - creditsReturnedSoFar, refundCents);
  let cardCents = refundCents - credits;
  if (cardCents > cardPaid - cardRefundedSoFar) {
    cardCents = cardPaid - cardRefundedSoFar;
    credits = refundCents - cardCents;
  }
  return { credits, cardCents };
}

/** One change of a user's credit balance, as the history records it (signed credits). */
export interface CreditChange {
  type: 'PURCHASE' | 'MEMBERSHIP_GRANT' | 'SPEND' | 'SPEND_RETURN' | 'PURCHASE_REFUND';
  credits: number;
  creditPurchaseId?: string;
  bookingId?: string;
}

export interface UnspentCredits {
  /** Unspent credits that came from membership grants (never refundable as cash). */
  membership: number;
  /** Unspent credits of each purchase, by purchase id. */
  byPurchase: Record<string, number>;
}

/**
 * Where a user's unspent credits came from. THE rule, replayed over the history oldest first:
 * - credits are spent oldest first: every purchase and every membership grant is a lot, and a spend takes from the
 *   oldest lots that still hold credits;
 * - credits given back for a booking (SPEND_RETURN) go back to the lots that booking's spend took them from, the
 *   last taken first (a returned credit keeps its origin);
 * - a purchase refund removes credits of that purchase's lot.
 * So a membership grant never counts as a purchase's credit, and a purchase refund can only pay cash for credits that
 * purchase bought and the customer still has.
 */
export function unspentCreditsBySource(history: readonly CreditChange[]): UnspentCredits {
  const lots: { purchaseId?: string; left: number }[] = [];
  const taken = new Map<string, { lot: number; n: number }[]>();
  for (const change of history) {
    const n = Math.abs(change.credits);
    if (change.type === 'PURCHASE' || change.type === 'MEMBERSHIP_GRANT') {
      lots.push({ ...(change.type === 'PURCHASE' && change.creditPurchaseId ? { purchaseId: change.creditPurchaseId } : {}), left: n });
    } else if (change.type === 'SPEND') {
      let need = n;
      const takes = taken.get(change.bookingId ?? '') ?? [];
      for (let i = 0; i < lots.length && need > 0; i++) {
        const lot = lots[i] as { left: number };
        const t = Math.min(lot.left, need);
        if (t <= 0) continue;
        lot.left -= t;
        need -= t;
        takes.push({ lot: i, n: t });
      }
      taken.set(change.bookingId ?? '', takes);
    } else if (change.type === 'SPEND_RETURN') {
      let give = n;
      const takes = taken.get(change.bookingId ?? '') ?? [];
      while (give > 0 && takes.length > 0) {
        const last = takes[takes.length - 1] as { lot: number; n: number };
        const g = Math.min(last.n, give);
        (lots[last.lot] as { left: number }).left += g;
        last.n -= g;
        give -= g;
        if (last.n === 0) takes.pop();
      }
    } else {
      const lot = lots.find((l) => l.purchaseId === change.creditPurchaseId);
      if (lot) lot.left -= Math.min(lot.left, n);
    }
  }
  const out: UnspentCredits = { membership: 0, byPurchase: {} };
  for (const lot of lots) {
    if (lot.purchaseId === undefined) out.membership += lot.left;
    else out.byPurchase[lot.purchaseId] = (out.byPurchase[lot.purchaseId] ?? 0) + lot.left;
  }
  return out;
}

/**
 * An admin refund of a credit purchase: the credits of THIS purchase the customer still has are removed, and the
 * card is refunded for that share of the price (everything unspent → the full price). "Still has" is
 * `unspentOfPurchase` (unspentCreditsBySource), bounded by the balance less the unspent membership credits, so
 * membership credits are never taken back nor paid out as cash even when the history and the balance disagree.
 * Without a history (both omitted) the whole balance counts, as for a customer who only ever bought credits.
 */
export function planCreditPurchaseRefund(input: {
  purchasedCredits: number;
  amountCents: number;
  balance: number;
  unspentOfPurchase?: number;
  unspentMembership?: number;
}): {
  creditsRemoved: number;
  refundCents: number;
  /** Credits of this purchase already spent (not refunded). */
  spentCredits: number;
  full: boolean;
} {
  const { purchasedCredits, amountCents } = input;
  assertCredits(purchasedCredits, 'purchasedCredits');
  assertMinorUnits(amountCents, 'amountCents');
  if (purchasedCredits <= 0) throw new RangeError('purchasedCredits must be positive');
  const balance = Math.max(0, input.balance);
  const ofPurchase = Math.max(0, input.unspentOfPurchase ?? purchasedCredits);
  const notMembership = Math.max(0, balance - Math.max(0, input.unspentMembership ?? 0));
  const creditsRemoved = Math.min(purchasedCredits, ofPurchase, notMembership);
  const full = creditsRemoved === purchasedCredits;
  const refundCents = full ? amountCents : Math.min(amountCents, scaleRoundHalfUp(amountCents, creditsRemoved, purchasedCredits));
  return { creditsRemoved, refundCents, spentCredits: purchasedCredits - creditsRemoved, full };
}

/** "12,000 credits" */
export function formatCredits(credits: number): string {
  return `${new Intl.NumberFormat('en-US').format(credits)} credit${credits === 1 ? '' : 's'}`;
}
