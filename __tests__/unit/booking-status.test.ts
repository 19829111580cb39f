import { describe, expect, it, test } from 'vitest';
import type { BookingStatus } from '../../lib/data/records';
import {
  allowedTransitions,
  assertTransition,
  BOOKING_TRANSITIONS,
  canTransition,
  decidePaymentFailureMessage,
  InvalidTransitionError,
  isUnpaidStatus,
  statusLabel,
  type BookingActor,
} from '../../lib/domain/booking-status';

const STATUSES: BookingStatus[] = ['PENDING_PAYMENT', 'PAYMENT_FAILED', 'CONFIRMED', 'COMPLETED', 'PAID_OUT', 'CANCELLED', 'EXPIRED', 'DISPUTED', 'REFUNDED'];
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

const cases = STATUSES.flatMap((from) => STATUSES.flatMap((to) => ACTORS.map((actor) => [from, to, actor] as const)));

describe('booking transitions', () => {
  test.each(cases)('%s → %s by %s', (from, to, actor) => {
    const allowed = EXPECTED[`${from}>${to}`]?.includes(actor) ?? false;
    expect(canTransition(from, to, actor)).toBe(allowed);
    if (allowed) {
      expect(assertTransition(from, to, actor)).toMatchObject({ from, to });
    } else {
      let thrown: unknown;
      try {
        assertTransition(from, to, actor);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(InvalidTransitionError);
      expect(thrown).toMatchObject({ from, to, actor });
    }
  });

  it('has no transition beyond the expected ones, each listed once with an effect', () => {
    const keys = BOOKING_TRANSITIONS.map((t) => `${t.from}>${t.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const t of BOOKING_TRANSITIONS) expect(t.effect.length).toBeGreaterThan(10);
  });

  test.each(STATUSES)('allowedTransitions(%s)', (from) => {
    const expected = Object.keys(EXPECTED).filter((k) => k.startsWith(`${from}>`)).map((k) => k.split('>')[1]);
    expect(allowedTransitions(from).map((t) => t.to).sort()).toEqual(expected.sort());
  });

  it('ends in REFUNDED and EXPIRED; a late payment on EXPIRED refunds and never leaves it', () => {
    expect(allowedTransitions('REFUNDED')).toEqual([]);
    expect(allowedTransitions('EXPIRED').map((t) => t.to)).toEqual(['EXPIRED']);
    expect(assertTransition('CANCELLED', 'CANCELLED', 'STRIPE').effect).toMatch(/refund/);
    expect(assertTransition('EXPIRED', 'EXPIRED', 'STRIPE').effect).toMatch(/refund/);
  });

  it('freezes the payout while disputed and recovers the provider share when lost', () => {
    expect(assertTransition('PAID_OUT', 'DISPUTED', 'STRIPE').effect).toMatch(/statusBeforeDispute.*payoutHold.*DISPUTE/);
    expect(assertTransition('DISPUTED', 'COMPLETED', 'STRIPE').effect).toMatch(/won.*statusBeforeDispute/);
    expect(assertTransition('DISPUTED', 'REFUNDED', 'STRIPE').effect).toMatch(/lost.*debt/);
  });

  it('names the side effect of each lifecycle step', () => {
    expect(assertTransition('PENDING_PAYMENT', 'EXPIRED', 'SYSTEM').effect).toMatch(/cancel the PaymentIntent.*slot holds/);
    expect(assertTransition('PENDING_PAYMENT', 'CANCELLED', 'CUSTOMER').effect).toMatch(/cancel the PaymentIntent.*slot holds/);
    expect(assertTransition('CONFIRMED', 'COMPLETED', 'PROVIDER').effect).toMatch(/eligible for payout/);
    expect(assertTransition('COMPLETED', 'PAID_OUT', 'SYSTEM').effect).toMatch(/source_transaction.*ledger TRANSFER/);
  });

  test.each(STATUSES)('isUnpaidStatus(%s)', (s) => {
    expect(isUnpaidStatus(s)).toBe(s === 'PENDING_PAYMENT' || s === 'PAYMENT_FAILED');
  });

  it('records the charge ledger lines on confirmation', () => {
    for (const from of ['PENDING_PAYMENT', 'PAYMENT_FAILED'] as const) {
      expect(assertTransition(from, 'CONFIRMED', 'STRIPE').effect).toMatch(/CHARGE\/PLATFORM_FEE\/PROVIDER_EARNING/);
    }
  });
});

describe('statusLabel', () => {
  test.each([
    ['PENDING_PAYMENT', 'Awaiting payment'],
    ['PAYMENT_FAILED', 'Payment failed'],
    ['CONFIRMED', 'Confirmed'],
    ['COMPLETED', 'Completed'],
    ['PAID_OUT', 'Completed'],
    ['CANCELLED', 'Cancelled'],
    ['EXPIRED', 'Expired (not paid in time)'],
    ['DISPUTED', 'Disputed with the bank'],
    ['REFUNDED', 'Refunded'],
  ] as const)('%s → %s', (status, label) => {
    expect(statusLabel(status)).toBe(label);
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
    ['authentication_required', undefined, 'Your bank needs you to confirm this payment. Please try again and complete the verification step.'],
    ['card_declined', 'authentication_required', 'Your bank needs you to confirm this payment. Please try again and complete the verification step.'],
    ['payment_intent_authentication_failure', undefined, 'Your bank needs you to confirm this payment. Please try again and complete the verification step.'],
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
