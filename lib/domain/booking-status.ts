/**
 * The booking state machine as one table. Services check every status change with assertTransition
 * and perform the listed effect; anything not in the table is refused.
 */
import type { BookingStatus } from '../data/records';

export type BookingActor = 'CUSTOMER' | 'PROVIDER' | 'ADMIN' | 'SYSTEM' | 'STRIPE';

export interface BookingTransition {
  from: BookingStatus;
  to: BookingStatus;
  by: readonly BookingActor[];
  effect: string;
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

export const BOOKING_ACTORS: readonly BookingActor[] = ['CUSTOMER', 'PROVIDER', 'ADMIN', 'SYSTEM', 'STRIPE'];

const PAID = 'payment succeeded: store chargeId and confirmedAt; record ledger CHARGE/PLATFORM_FEE/PROVIDER_EARNING';
const UNPAID_CANCEL = 'cancel the PaymentIntent (idempotency key); delete the slot holds; no ledger lines (nothing was charged)';
const EXPIRE =
  'hold expired unpaid (holdExpiresAt passed): cancel the PaymentIntent (idempotency key); delete the slot holds; no ledger lines';
const LATE_PAYMENT =
  'a payment succeeded after the hold ended: never confirm; refund it in full (idempotency key) and record ledger CHARGE/PLATFORM_FEE/PROVIDER_EARNING + REFUND/FEE_REFUND';

const DISPUTE_OPENED =
  'charge.dispute.created: remember statusBeforeDispute; freeze payout and refunds (payoutHold); record ledger DISPUTE (funds withdrawn)';
const DISPUTE_WON = 'charge.dispute.closed (won): restore statusBeforeDispute; lift the hold; record ledger DISPUTE reinstated';
const DISPUTE_LOST =
  'charge.dispute.closed (lost): the bank returned the money; recover the provider share (reversal, or debt netted from future payouts)';

/** Where a dispute can open: any status in which the customer's money is held or was passed on. */
const DISPUTABLE: readonly BookingStatus[] = ['CONFIRMED', 'COMPLETED', 'PAID_OUT', 'CANCELLED'];

export const BOOKING_TRANSITIONS: readonly BookingTransition[] = [
  { from: 'PENDING_PAYMENT', to: 'CONFIRMED', by: ['STRIPE', 'SYSTEM'], effect: PAID },
  { from: 'PENDING_PAYMENT', to: 'PAYMENT_FAILED', by: ['STRIPE'], effect: 'store failure code and customer message; keep slot holds until holdExpiresAt so the customer can retry' },
  { from: 'PAYMENT_FAILED', to: 'PAYMENT_FAILED', by: ['STRIPE'], effect: 'another decline: overwrite failure code and customer message' },
  { from: 'PAYMENT_FAILED', to: 'CONFIRMED', by: ['STRIPE', 'SYSTEM'], effect: `retry ${PAID}` },
  { from: 'PENDING_PAYMENT', to: 'CANCELLED', by: ['CUSTOMER', 'ADMIN', 'SYSTEM'], effect: UNPAID_CANCEL },
  { from: 'PAYMENT_FAILED', to: 'CANCELLED', by: ['CUSTOMER', 'ADMIN', 'SYSTEM'], effect: UNPAID_CANCEL },
  { from: 'PENDING_PAYMENT', to: 'EXPIRED', by: ['SYSTEM'], effect: EXPIRE },
  { from: 'PAYMENT_FAILED', to: 'EXPIRED', by: ['SYSTEM'], effect: EXPIRE },
  { from: 'EXPIRED', to: 'EXPIRED', by: ['STRIPE', 'SYSTEM'], effect: LATE_PAYMENT },
  { from: 'CANCELLED', to: 'CANCELLED', by: ['STRIPE', 'SYSTEM'], effect: LATE_PAYMENT },
  {
    from: 'CONFIRMED',
    to: 'CANCELLED',
    by: ['CUSTOMER', 'PROVIDER', 'ADMIN'],
    effect: 'refund per cancellation policy (full refund when the provider or an admin cancels); release slot holds; record ledger REFUND/FEE_REFUND',
  },
  {
    from: 'CONFIRMED',
    to: 'COMPLETED',
    by: ['PROVIDER', 'ADMIN', 'SYSTEM'],
    effect: 'service delivered (by its provider after the start, or by the scheduled run once the end passed by the grace period): provider earnings become eligible for payout',
  },
  {
    from: 'COMPLETED',
    to: 'PAID_OUT',
    by: ['SYSTEM', 'STRIPE'],
    effect: 'transfer the provider share to the connected account (source_transaction = charge, transfer_group = booking, idempotency key per booking); record ledger TRANSFER',
  },
  {
    from: 'PAID_OUT',
    to: 'REFUNDED',
    by: ['ADMIN', 'SYSTEM'],
    effect: 'a refund brought the refunded total to the amount paid: reverse the provider transfer (what the balance cannot cover becomes debt); record ledger REFUND/FEE_REFUND/TRANSFER_REVERSAL',
  },
  ...DISPUTABLE.map((from): BookingTransition => ({ from, to: 'DISPUTED', by: ['STRIPE'], effect: DISPUTE_OPENED })),
  ...DISPUTABLE.map((to): BookingTransition => ({ from: 'DISPUTED', to, by: ['STRIPE'], effect: DISPUTE_WON })),
  { from: 'DISPUTED', to: 'REFUNDED', by: ['STRIPE'], effect: DISPUTE_LOST },
];

/** Statuses in which the booking holds its slot without having been paid. */
export const UNPAID_STATUSES: readonly BookingStatus[] = ['PENDING_PAYMENT', 'PAYMENT_FAILED'];
export function isUnpaidStatus(status: BookingStatus): boolean {
  return UNPAID_STATUSES.includes(status);
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

function findTransition(from: BookingStatus, to: BookingStatus): BookingTransition | undefined {
  return BOOKING_TRANSITIONS.find((t) => t.from === from && t.to === to);
}

export function canTransition(from: BookingStatus, to: BookingStatus, actor: BookingActor): boolean {
  return findTransition(from, to)?.by.includes(actor) ?? false;
}

/** Returns the transition (so the caller can see its effect) or throws InvalidTransitionError. */
export function assertTransition(from: BookingStatus, to: BookingStatus, actor: BookingActor): BookingTransition {
  const t = findTransition(from, to);
  if (!t || !t.by.includes(actor)) throw new InvalidTransitionError(from, to, actor);
  return t;
}

export function allowedTransitions(from: BookingStatus): BookingTransition[] {
  return BOOKING_TRANSITIONS.filter((t) => t.from === from);
}

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

const GENERIC_DECLINE = 'Your card was declined. Please try a different card or contact your bank.';
const INSUFFICIENT = 'Your card has insufficient funds. Please try a different card.';
const TRY_AGAIN = 'Your bank could not process the payment just now. Please try again in a few minutes.';
const AUTH = 'Your bank needs you to confirm this payment. Please try again and complete the verification step.';

/**
 * Stripe asks that lost/stolen/fraud declines are not revealed to the customer, so they read as a
 * generic decline. decline_code is more specific than code, so it is looked up first.
 */
const DECLINE_MESSAGES = new Map<string, string>(Object.entries({
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
}));

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
