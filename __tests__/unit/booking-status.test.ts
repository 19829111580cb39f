import { describe, expect, it, test } from 'vitest';
import type { BookingStatus } from '../../lib/data/records';
import {
  BOOKING_MACHINE,
  BOOKING_TRANSITIONS,
  canTransition,
  decidePaymentFailureMessage,
  InvalidTransitionError,
  isUnpaidStatus,
  planBookingTransition,
  type BookingActor,
} from '../../lib/domain/booking-status';

const STATUSES: BookingStatus[] = [
  'PENDING_PAYMENT',
  'PAYMENT_FAILED',
  'CONFIRMED',
  'COMPLETED',
  'PAID_OUT',
  'CANCELLED',
  'EXPIRED',
  'DISPUTED',
  'REFUNDED',
];
const ACTORS: BookingActor[] = ['CUSTOMER', 'PROVIDER', 'ADMIN', 'SYSTEM', 'STRIPE'];

/** The intended machine, written out independently of the implementation's table. */
const EXPECTED: Record<string, BookingActor[]> = {
  'PENDING_PAYMENT>CONFIRMED': ['STRIPE', 'SYSTEM'],
  'PENDING_PAYMENT>PAYMENT_FAILED': ['STRIPE'],
  'PAYMENT_FAILED>PAYMENT_FAILED': ['STRIPE'],
  'PAYMENT_FAILED>CONFIRMED': ['STRIPE', 'SYSTEM'],
  'PENDING_PAYMENT>CANCELLED': ['CUSTOMER', 'ADMIN', 'SYSTEM'],
  'PAYMENT_FAILED>CANCELLED': ['CUSTOMER', 'ADMIN', 'SYSTEM'],
  'PENDING_PAYMENT>EXPIRED': ['SYSTEM'],
  'PAYMENT_FAILED>EXPIRED': ['SYSTEM'],
  'CONFIRMED>CANCELLED': ['CUSTOMER', 'PROVIDER', 'ADMIN'],
  'CONFIRMED>COMPLETED': ['PROVIDER', 'ADMIN', 'SYSTEM'],
  // The customer moves a booking to another slot: same status (an unpaid hold too, with its price).
  'CONFIRMED>CONFIRMED': ['CUSTOMER'],
  'PENDING_PAYMENT>PENDING_PAYMENT': ['CUSTOMER'],
  'COMPLETED>PAID_OUT': ['SYSTEM', 'STRIPE'],
  // A payment that arrives after the hold ended is refunded; the booking stays where it is.
  'EXPIRED>EXPIRED': ['STRIPE', 'SYSTEM'],
  'CANCELLED>CANCELLED': ['STRIPE', 'SYSTEM'],
  'PAID_OUT>REFUNDED': ['ADMIN', 'SYSTEM'],
  // A chargeback can open on any status in which money was taken; winning it restores that status.
  'CONFIRMED>DISPUTED': ['STRIPE'],
  'COMPLETED>DISPUTED': ['STRIPE'],
  'PAID_OUT>DISPUTED': ['STRIPE'],
  'CANCELLED>DISPUTED': ['STRIPE'],
  'DISPUTED>CONFIRMED': ['STRIPE'],
  'DISPUTED>COMPLETED': ['STRIPE'],
  'DISPUTED>PAID_OUT': ['STRIPE'],
  'DISPUTED>CANCELLED': ['STRIPE'],
  'DISPUTED>REFUNDED': ['STRIPE'],
};

/** The (from, to) pair the flattened table allows `actor`, with its transition name and effects; throws if none. */
function pairOf(from: BookingStatus, to: BookingStatus, actor: BookingActor) {
  const pair = BOOKING_TRANSITIONS.find((t) => t.from === from && t.to === to && t.by.includes(actor));
  if (!pair) throw new Error(`no ${from} → ${to} by ${actor} in the table`);
  return pair;
}

const pairsFrom = (from: BookingStatus) => BOOKING_TRANSITIONS.filter((t) => t.from === from);

const cases = STATUSES.flatMap((from) => STATUSES.flatMap((to) => ACTORS.map((actor) => [from, to, actor] as const)));

describe('booking transitions', () => {
  test.each(cases)('%s → %s by %s', (from, to, actor) => {
    const allowed = EXPECTED[`${from}>${to}`]?.includes(actor) ?? false;
    expect(canTransition(from, to, actor)).toBe(allowed);
    if (allowed) expect(pairOf(from, to, actor)).toMatchObject({ from, to });
  });

  it('has no transition beyond the expected ones, each pair in one named transition with typed effects', () => {
    const keys = BOOKING_TRANSITIONS.map((t) => `${t.from}>${t.to}`);
    // One pair has two names: a delivered booking and a no-show both end COMPLETED (different effects and guards).
    const shared = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(shared).toEqual(['CONFIRMED>COMPLETED']);
    expect(BOOKING_TRANSITIONS.filter((t) => `${t.from}>${t.to}` === 'CONFIRMED>COMPLETED').map((t) => t.name)).toEqual([
      'COMPLETE',
      'MARK_NO_SHOW',
    ]);
    expect([...new Set(keys)].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const t of BOOKING_TRANSITIONS) {
      expect(Object.keys(BOOKING_MACHINE.transitions)).toContain(t.name);
      expect(['keep', 'release', 'move']).toContain(t.effect.slot);
    }
  });

  test.each(STATUSES)('the pairs from %s', (from) => {
    const expected = Object.keys(EXPECTED)
      .filter((k) => k.startsWith(`${from}>`))
      .map((k) => k.split('>')[1]);
    expect([...new Set(pairsFrom(from).map((t) => t.to))].sort()).toEqual(expected.sort());
  });

  it('a no-show: CONFIRMED → COMPLETED by the provider only, never once checked in, refunding per policy, slot kept', () => {
    const t = BOOKING_MACHINE.transitions.MARK_NO_SHOW;
    expect(t).toMatchObject({ from: ['CONFIRMED'], to: 'COMPLETED', by: ['PROVIDER'] });
    expect(t.guard).toEqual([expect.objectContaining({ attribute: 'checkedInAt', is: 'absent' })]);
    expect(t.emits).toEqual({ ledger: ['REFUND', 'FEE_REFUND', 'CREDIT_RETURN'], stripe: ['refund.create'], slot: 'keep' });
    expect(() => planBookingTransition('MARK_NO_SHOW', 'ADMIN', 'CONFIRMED')).toThrow(InvalidTransitionError);
    expect(() => planBookingTransition('MARK_NO_SHOW', 'PROVIDER', 'COMPLETED')).toThrow(InvalidTransitionError);
  });

  it('ends in REFUNDED and EXPIRED; a late payment on EXPIRED refunds once and never leaves it', () => {
    expect(pairsFrom('REFUNDED')).toEqual([]);
    expect(pairsFrom('EXPIRED').map((t) => t.to)).toEqual(['EXPIRED']);
    for (const from of ['CANCELLED', 'EXPIRED'] as const) {
      const t = pairOf(from, from, 'STRIPE');
      expect(t.name).toBe('REFUND_LATE_PAYMENT');
      expect(t.effect.stripe).toEqual(['refund.create']);
    }
    expect(BOOKING_MACHINE.transitions.REFUND_LATE_PAYMENT.guard).toEqual([
      expect.objectContaining({ attribute: 'latePaymentRefundId', is: 'absent' }),
    ]);
  });

  it('freezes the payout while disputed and recovers the provider share when lost', () => {
    expect(pairOf('PAID_OUT', 'DISPUTED', 'STRIPE')).toMatchObject({ name: 'OPEN_DISPUTE', effect: { ledger: ['DISPUTE'] } });
    expect(pairOf('DISPUTED', 'COMPLETED', 'STRIPE')).toMatchObject({ name: 'WIN_DISPUTE', effect: { ledger: ['DISPUTE'] } });
    const lost = pairOf('DISPUTED', 'REFUNDED', 'STRIPE');
    expect(lost.name).toBe('LOSE_DISPUTE');
    expect(lost.effect.stripe).toEqual(['transfer.reverse']);
    expect(lost.effect.ledger).toEqual(expect.arrayContaining(['TRANSFER_REVERSAL', 'PROVIDER_DEBT']));
  });

  it('names the side effect of each lifecycle step', () => {
    expect(pairOf('PENDING_PAYMENT', 'EXPIRED', 'SYSTEM').effect).toEqual({
      ledger: [],
      stripe: ['paymentIntent.cancel'],
      slot: 'release',
    });
    expect(pairOf('PENDING_PAYMENT', 'CANCELLED', 'CUSTOMER').effect).toEqual({
      ledger: [],
      stripe: ['paymentIntent.cancel'],
      slot: 'release',
    });
    expect(pairOf('CONFIRMED', 'COMPLETED', 'PROVIDER').effect).toEqual({ ledger: [], stripe: [], slot: 'keep' });
    expect(pairOf('COMPLETED', 'PAID_OUT', 'SYSTEM').effect).toMatchObject({
      stripe: ['transfer.create'],
      ledger: expect.arrayContaining(['TRANSFER']),
    });
    expect(pairOf('CONFIRMED', 'CANCELLED', 'PROVIDER').effect).toMatchObject({ stripe: ['refund.create'], slot: 'release' });
  });

  it('resolves a named transition like the writer does, refusing the wrong start, actor or target', () => {
    expect(planBookingTransition('CONFIRM_PAYMENT', 'STRIPE', 'PAYMENT_FAILED')).toMatchObject({
      from: ['PAYMENT_FAILED'],
      to: 'CONFIRMED',
    });
    expect(planBookingTransition('REFUND_LATE_PAYMENT', 'SYSTEM', 'EXPIRED').to).toBeUndefined();
    expect(planBookingTransition('WIN_DISPUTE', 'STRIPE', 'DISPUTED', 'PAID_OUT').to).toBe('PAID_OUT');
    expect(() => planBookingTransition('WIN_DISPUTE', 'STRIPE', 'DISPUTED')).toThrow(InvalidTransitionError);
    expect(() => planBookingTransition('WIN_DISPUTE', 'STRIPE', 'DISPUTED', 'REFUNDED')).toThrow(InvalidTransitionError);
    expect(() => planBookingTransition('COMPLETE', 'CUSTOMER', 'CONFIRMED')).toThrow(InvalidTransitionError);
    expect(() => planBookingTransition('COMPLETE', 'PROVIDER', 'PENDING_PAYMENT')).toThrow(InvalidTransitionError);
  });

  test.each(STATUSES)('isUnpaidStatus(%s)', (s) => {
    expect(isUnpaidStatus(s)).toBe(s === 'PENDING_PAYMENT' || s === 'PAYMENT_FAILED');
  });

  it('records the charge ledger lines on confirmation', () => {
    for (const from of ['PENDING_PAYMENT', 'PAYMENT_FAILED'] as const) {
      expect(pairOf(from, 'CONFIRMED', 'STRIPE').effect.ledger).toEqual(
        expect.arrayContaining(['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING']),
      );
    }
  });
});

const GENERIC = 'Your card was declined. Please try a different card or contact your bank.';

describe('decidePaymentFailureMessage', () => {
  test.each([
    ['card_declined', 'generic_decline', GENERIC],
    ['card_declined', undefined, GENERIC],
    ['card_declined', 'insufficient_funds', 'Your card has insufficient funds. Please try a different card.'],
    ['expired_card', undefined, 'Your card has expired. Please use a different card.'],
    ['card_declined', 'expired_card', 'Your card has expired. Please use a different card.'],
    ['incorrect_cvc', undefined, "Your card's security code (CVC) is incorrect. Please check it and try again."],
    [
      'authentication_required',
      undefined,
      'Your bank needs you to confirm this payment. Please try again and complete the verification step.',
    ],
    [
      'card_declined',
      'authentication_required',
      'Your bank needs you to confirm this payment. Please try again and complete the verification step.',
    ],
    [
      'payment_intent_authentication_failure',
      undefined,
      'Your bank needs you to confirm this payment. Please try again and complete the verification step.',
    ],
    ['processing_error', undefined, 'An error occurred while processing your card. Please try again.'],
    // never tell the customer the card is flagged
    ['card_declined', 'lost_card', GENERIC],
    ['card_declined', 'stolen_card', GENERIC],
    ['card_declined', 'fraudulent', GENERIC],
  ])('code %s, decline %s', (code, declineCode, message) => {
    expect(decidePaymentFailureMessage(code, declineCode, 'Stripe says something else')).toBe(message);
  });

  it('falls back to Stripe’s message, then to a generic sentence', () => {
    // an unknown decline code falls back to its code's words
    expect(decidePaymentFailureMessage('card_declined', 'something_new', 'Stripe words')).toBe(GENERIC);
    expect(decidePaymentFailureMessage('something_new', undefined, ' Your card was declined for a new reason. ')).toBe(
      'Your card was declined for a new reason.',
    );
    const fallback = 'Your payment could not be completed. Please try again or use a different card.';
    expect(decidePaymentFailureMessage()).toBe(fallback);
    expect(decidePaymentFailureMessage('weird', undefined, '')).toBe(fallback);
    expect(decidePaymentFailureMessage('weird', undefined, 'x'.repeat(201))).toBe(fallback);
    expect(decidePaymentFailureMessage('constructor', '__proto__')).toBe(fallback);
  });
});
