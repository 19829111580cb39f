/**
 * The booking state machine as one table of named transitions. The Booking writer (lib/data/booking-writer.ts) takes
 * a transition name and derives its DynamoDB condition from this table; nothing else writes a booking's status.
 */
import type { LedgerEntryType } from './ledger';
import { allowedPairs, planTransition, TransitionRefused, type StateMachine, type Transition } from './state-machine';

export type BookingStatus =
  | 'PENDING_PAYMENT'
  | 'PAYMENT_FAILED'
  | 'CONFIRMED'
  | 'COMPLETED'
  | 'PAID_OUT'
  | 'CANCELLED'
  | 'EXPIRED'
  /** A chargeback is open: payout and refunds frozen until it closes (statusBeforeDispute is restored if won). */
  | 'DISPUTED'
  /** Terminal: every cent went back to the customer (a lost chargeback, or a full refund after the payout). */
  | 'REFUNDED';

export type BookingActor = 'CUSTOMER' | 'PROVIDER' | 'ADMIN' | 'SYSTEM' | 'STRIPE';

/** Stripe writes a transition causes, by name (each carries an idempotency key derived from the booking). */
type StripeEffect = 'paymentIntent.cancel' | 'refund.create' | 'transfer.create' | 'transfer.reverse';

interface BookingEffects {
  /** Ledger line kinds the transition writes in the same transaction (or that its Stripe effect leads to). */
  ledger: readonly LedgerEntryType[];
  stripe: readonly StripeEffect[];
  /** What happens to the slot holds (move: the new slot's are taken and the old one's released, in one write). */
  slot: 'keep' | 'release' | 'move';
}

export const BOOKING_STATUSES: readonly BookingStatus[] = [
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

const BOOKING_ACTORS: readonly BookingActor[] = ['CUSTOMER', 'PROVIDER', 'ADMIN', 'SYSTEM', 'STRIPE'];

/** Statuses in which the booking holds its slot without having been paid. */
export const UNPAID_STATUSES = ['PENDING_PAYMENT', 'PAYMENT_FAILED'] as const satisfies readonly BookingStatus[];
/** Where a chargeback can open: any status in which the customer's money is held or was passed on. */
const DISPUTABLE_STATUSES = ['CONFIRMED', 'COMPLETED', 'PAID_OUT', 'CANCELLED'] as const satisfies readonly BookingStatus[];

const CHARGE_LINES = ['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING', 'CREDIT_SPEND', 'DISCOUNT'] as const;
const REFUND_LINES = ['REFUND', 'FEE_REFUND', 'CREDIT_RETURN'] as const;
const RECOVERY_LINES = ['TRANSFER_REVERSAL', 'PROVIDER_DEBT'] as const;
const none = { ledger: [], stripe: [], slot: 'keep' } as const satisfies BookingEffects;

const BOOKING_TABLE = {
  record: 'booking',
  statuses: BOOKING_STATUSES,
  actors: BOOKING_ACTORS,
  transitions: {
    /** The payment succeeded (webhook, or the page reconciling with Stripe): store the charge, record the split. */
    CONFIRM_PAYMENT: { from: UNPAID_STATUSES, to: 'CONFIRMED', by: ['STRIPE', 'SYSTEM'], emits: { ...none, ledger: CHARGE_LINES } },
    /** A decline: store the code and the customer's message; the slot stays held until holdExpiresAt for a retry. */
    FAIL_PAYMENT: { from: UNPAID_STATUSES, to: 'PAYMENT_FAILED', by: ['STRIPE'], emits: none },
    /** The customer (or an admin, or the system) ends an unpaid hold. Nothing was charged: no ledger lines. */
    CANCEL_UNPAID: {
      from: UNPAID_STATUSES,
      to: 'CANCELLED',
      by: ['CUSTOMER', 'ADMIN', 'SYSTEM'],
      emits: { ledger: [], stripe: ['paymentIntent.cancel'], slot: 'release' },
    },
    /** holdExpiresAt passed unpaid. */
    EXPIRE_HOLD: {
      from: UNPAID_STATUSES,
      to: 'EXPIRED',
      by: ['SYSTEM'],
      emits: { ledger: [], stripe: ['paymentIntent.cancel'], slot: 'release' },
    },
    /** A payment that succeeded after the hold ended is never confirmed: refunded in full, once. */
    REFUND_LATE_PAYMENT: {
      from: ['EXPIRED', 'CANCELLED'],
      to: null,
      by: ['STRIPE', 'SYSTEM'],
      guard: [{ attribute: 'latePaymentRefundId', is: 'absent', why: 'a late payment is refunded once' }],
      emits: { ledger: ['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING', 'REFUND', 'FEE_REFUND'], stripe: ['refund.create'], slot: 'keep' },
    },
    /** A paid booking cancelled: refund per the cancellation policy (in full when the provider or an admin cancels). */
    CANCEL_PAID: {
      from: ['CONFIRMED'],
      to: 'CANCELLED',
      by: ['CUSTOMER', 'PROVIDER', 'ADMIN'],
      emits: { ledger: REFUND_LINES, stripe: ['refund.create'], slot: 'release' },
    },
    /**
     * The customer moves the booking to another free slot of its service (lib/domain/reschedule.ts decides when): same
     * id, same status. A lower price refunds the difference (its own refund); an unpaid hold keeps its price.
     */
    RESCHEDULE: {
      from: ['CONFIRMED', 'PENDING_PAYMENT'],
      to: null,
      by: ['CUSTOMER'],
      emits: { ledger: REFUND_LINES, stripe: ['refund.create'], slot: 'move' },
    },
    /** Delivered (by its provider after the start, or by the scheduled run after the grace period): earnings eligible. */
    COMPLETE: { from: ['CONFIRMED'], to: 'COMPLETED', by: ['PROVIDER', 'ADMIN', 'SYSTEM'], emits: none },
    /**
     * The customer never came (the provider marks it after the start's grace, never once checked in): refund per the
     * no-show policy (nothing, or a part), and the booking counts as delivered, so the rest is paid out as usual.
     */
    MARK_NO_SHOW: {
      from: ['CONFIRMED'],
      to: 'COMPLETED',
      by: ['PROVIDER'],
      guard: [{ attribute: 'checkedInAt', is: 'absent', why: 'a checked-in customer came' }],
      emits: { ledger: REFUND_LINES, stripe: ['refund.create'], slot: 'keep' },
    },
    /** The provider's share transferred to the connected account (debt netted from it). */
    PAY_OUT: {
      from: ['COMPLETED'],
      to: 'PAID_OUT',
      by: ['SYSTEM', 'STRIPE'],
      emits: { ledger: ['TRANSFER', 'PROVIDER_DEBT'], stripe: ['transfer.create'], slot: 'keep' },
    },
    /** A refund brought the refunded total to what was paid after the payout: the transfer is reversed. */
    REFUND_IN_FULL_AFTER_PAYOUT: {
      from: ['PAID_OUT'],
      to: 'REFUNDED',
      by: ['ADMIN', 'SYSTEM'],
      emits: { ledger: [...REFUND_LINES, ...RECOVERY_LINES], stripe: ['refund.create', 'transfer.reverse'], slot: 'keep' },
    },
    /** charge.dispute.created: remember statusBeforeDispute; payout and refunds frozen; funds withdrawn. */
    OPEN_DISPUTE: { from: DISPUTABLE_STATUSES, to: 'DISPUTED', by: ['STRIPE'], emits: { ...none, ledger: ['DISPUTE'] } },
    /** charge.dispute.closed (won): back to statusBeforeDispute; funds reinstated. */
    WIN_DISPUTE: { from: ['DISPUTED'], to: DISPUTABLE_STATUSES, by: ['STRIPE'], emits: { ...none, ledger: ['DISPUTE'] } },
    /** charge.dispute.closed (lost): the bank returned the money; the provider's share is reversed or becomes debt. */
    LOSE_DISPUTE: {
      from: ['DISPUTED'],
      to: 'REFUNDED',
      by: ['STRIPE'],
      emits: { ledger: ['FEE_REFUND', ...RECOVERY_LINES], stripe: ['transfer.reverse'], slot: 'keep' },
    },
  },
} as const satisfies StateMachine<string, BookingStatus, BookingActor, BookingEffects>;

export type BookingTransitionName = keyof typeof BOOKING_TABLE.transitions;
type BookingTransition = Transition<BookingStatus, BookingActor, BookingEffects>;
export const BOOKING_MACHINE: StateMachine<BookingTransitionName, BookingStatus, BookingActor, BookingEffects> = BOOKING_TABLE;

/** The table flattened to (from, to) pairs: what the API and the unit test walk. */
export const BOOKING_TRANSITIONS = allowedPairs(BOOKING_MACHINE).map((p) => ({ ...p, effect: BOOKING_MACHINE.transitions[p.name].emits }));

export function isUnpaidStatus(status: BookingStatus): boolean {
  return (UNPAID_STATUSES as readonly BookingStatus[]).includes(status);
}

export class InvalidTransitionError extends Error {
  readonly from: BookingStatus;
  readonly to: BookingStatus;
  readonly actor: BookingActor;
  constructor(from: BookingStatus, to: BookingStatus, actor: BookingActor) {
    super(`booking cannot go from ${from} to ${to} by ${actor}`);
    this.name = 'InvalidTransitionError';
    this.from = from;
    this.to = to;
    this.actor = actor;
  }
}

export function canTransition(from: BookingStatus, to: BookingStatus, actor: BookingActor): boolean {
  return BOOKING_TRANSITIONS.some((t) => t.from === from && t.to === to && t.by.includes(actor));
}

/**
 * Checks a named transition for a booking now in `from`, in memory, before any Stripe call: the same rule the writer
 * enforces in the database. Throws InvalidTransitionError (the API's 409).
 */
export function planBookingTransition(
  name: BookingTransitionName,
  actor: BookingActor,
  from: BookingStatus,
  to?: BookingStatus,
): { from: readonly BookingStatus[]; to: BookingStatus | undefined; transition: BookingTransition } {
  try {
    return planTransition(BOOKING_MACHINE, name, actor, { from, to });
  } catch (err) {
    if (err instanceof TransitionRefused) throw new InvalidTransitionError(from, to ?? from, actor);
    throw err;
  }
}

const GENERIC_DECLINE = 'Your card was declined. Please try a different card or contact your bank.';
const INSUFFICIENT = 'Your card has insufficient funds. Please try a different card.';
const TRY_AGAIN = 'Your bank could not process the payment just now. Please try again in a few minutes.';
const AUTH = 'Your bank needs you to confirm this payment. Please try again and complete the verification step.';

/**
 * Stripe asks that lost/stolen/fraud declines are not revealed to the customer, so they read as a
 * generic decline. decline_code is more specific than code, so it is looked up first.
 */
const DECLINE_MESSAGES = new Map<string, string>(
  Object.entries({
    generic_decline: GENERIC_DECLINE,
    card_declined: GENERIC_DECLINE,
    do_not_honor: GENERIC_DECLINE,
    lost_card: GENERIC_DECLINE,
    stolen_card: GENERIC_DECLINE,
    fraudulent: GENERIC_DECLINE,
    pickup_card: GENERIC_DECLINE,
    restricted_card: GENERIC_DECLINE,
    merchant_blacklist: GENERIC_DECLINE,
    security_violation: GENERIC_DECLINE,
    insufficient_funds: INSUFFICIENT,
    card_velocity_exceeded: 'Your card has reached its spending limit. Please try a different card.',
    withdrawal_count_limit_exceeded: 'Your card has reached its spending limit. Please try a different card.',
    expired_card: 'Your card has expired. Please use a different card.',
    incorrect_cvc: "Your card's security code (CVC) is incorrect. Please check it and try again.",
    invalid_cvc: "Your card's security code (CVC) is incorrect. Please check it and try again.",
    incorrect_number: 'Your card number is incorrect. Please check it and try again.',
    invalid_number: 'Your card number is incorrect. Please check it and try again.',
    invalid_expiry_month: "Your card's expiry date is incorrect. Please check it and try again.",
    invalid_expiry_year: "Your card's expiry date is incorrect. Please check it and try again.",
    incorrect_zip: 'Your postal code does not match your card. Please check it and try again.',
    authentication_required: AUTH,
    payment_intent_authentication_failure: AUTH,
    processing_error: 'An error occurred while processing your card. Please try again.',
    try_again_later: TRY_AGAIN,
    issuer_not_available: TRY_AGAIN,
    reenter_transaction: TRY_AGAIN,
    card_not_supported: 'Your card does not support this type of purchase. Please try a different card.',
    currency_not_supported: 'Your card does not support this currency. Please try a different card.',
    duplicate_transaction: 'An identical payment was just made. Please check your bookings before trying again.',
  }),
);

const MAX_STRIPE_MESSAGE = 200;

/** Words for the customer about a failed payment. Unknown codes fall back to Stripe's (customer-safe) card message. */
export function decidePaymentFailureMessage(code?: string, declineCode?: string, stripeMessage?: string): string {
  // A Map, not an object lookup: a code such as 'constructor' must not hit Object.prototype.
  const known = DECLINE_MESSAGES.get(declineCode ?? '') ?? DECLINE_MESSAGES.get(code ?? '');
  if (known) return known;
  const fallback = stripeMessage?.trim();
  if (fallback && fallback.length <= MAX_STRIPE_MESSAGE) return fallback;
  return 'Your payment could not be completed. Please try again or use a different card.';
}

/** A booking's status in the words customers and providers read (badges, lists). */
const LABELS: Record<BookingStatus, string> = {
  PENDING_PAYMENT: 'Awaiting payment',
  PAYMENT_FAILED: 'Payment failed',
  CONFIRMED: 'Confirmed',
  COMPLETED: 'Completed',
  // The provider's payout is not the customer's concern: to them the booking is simply done.
  PAID_OUT: 'Completed',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired (not paid in time)',
  DISPUTED: 'Disputed with the bank',
  REFUNDED: 'Refunded',
};
export function statusLabel(status: BookingStatus): string {
  return LABELS[status] ?? status;
}
