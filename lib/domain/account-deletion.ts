/**
 * Leaving the marketplace, as pure rules: the phrase that confirms it, what must settle before a provider's connected
 * account can close, what happens to each of the person's bookings, and the pseudonym that replaces their identity on
 * the records the law makes us keep (ledger, payments, bookings).
 */
import type { BookingStatus } from './booking-status';

export const DELETE_CONFIRMATION_PHRASE = 'DELETE MY ACCOUNT';

export const isDeletionConfirmed = (phrase: string) => phrase.trim().toUpperCase() === DELETE_CONFIRMATION_PHRASE;

/** What a provider still has in flight (counts and cents), read before anything is changed. */
export interface ProviderMoneyInFlight {
  /** Paid bookings not yet completed: the customer may still cancel, the provider must deliver or refund. */
  confirmedBookings: number;
  /** Completed bookings whose money has not been transferred to the provider yet. */
  completedUnpaidBookings: number;
  /** Chargebacks open on the provider's bookings. */
  disputedBookings: number;
  /** Refund requests under review on the provider's bookings. */
  openRefundCases: number;
  /** Payouts to the bank still on their way. */
  payoutsInTransit: number;
  /** What the provider owes the platform from refunds after payout. */
  debtCents: number;
}

export interface SettlementBlocker {
  kind: keyof ProviderMoneyInFlight;
  count: number;
  words: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Why the connected account cannot close yet, in words; empty when nothing is in flight. */
export function settlementBlockers(m: ProviderMoneyInFlight): SettlementBlocker[] {
  const out: SettlementBlocker[] = [];
  const add = (kind: keyof ProviderMoneyInFlight, count: number, words: string) => {
    if (count > 0) out.push({ kind, count, words });
  };
  add(
    'confirmedBookings',
    m.confirmedBookings,
    `${plural(m.confirmedBookings, 'paid booking', 'paid bookings')} still to be delivered or cancelled`,
  );
  add(
    'completedUnpaidBookings',
    m.completedUnpaidBookings,
    `${plural(m.completedUnpaidBookings, 'completed booking', 'completed bookings')} not yet paid out to you`,
  );
  add('disputedBookings', m.disputedBookings, `${plural(m.disputedBookings, 'chargeback', 'chargebacks')} still open`);
  add('openRefundCases', m.openRefundCases, `${plural(m.openRefundCases, 'refund request', 'refund requests')} under review`);
  add('payoutsInTransit', m.payoutsInTransit, `${plural(m.payoutsInTransit, 'payout', 'payouts')} on the way to your bank`);
  add('debtCents', m.debtCents, 'an amount owed to the platform from refunds');
  return out;
}

export function settlementMessage(blockers: readonly SettlementBlocker[]): string {
  return `Your provider account cannot be closed while money is in flight. First let these settle: ${blockers.map((b) => b.words).join('; ')}.`;
}

/** What deleting the account does to one of the person's bookings as a customer. */
export type BookingOnDeletion = 'cancelUnpaid' | 'cancelPaid' | 'keep';

export function bookingOnDeletion(b: { status: BookingStatus; startDateTime: string }, now: Date): BookingOnDeletion {
  if (b.status === 'PENDING_PAYMENT' || b.status === 'PAYMENT_FAILED') return 'cancelUnpaid';
  // A paid booking still to come is cancelled under its policy, with the refund the policy gives.
  if (b.status === 'CONFIRMED' && b.startDateTime > now.toISOString()) return 'cancelPaid';
  return 'keep';
}

/** Replaces the person's name and email on every record kept: stable per user, never an address anyone receives. */
export function pseudonymOf(userId: string): { displayName: string; email: string } {
  return { displayName: 'Deleted user', email: `deleted-${userId.replace(/[^A-Za-z0-9_-]/g, '')}@deleted.invalid` };
}
