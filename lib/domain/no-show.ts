/**
 * No-shows and what a provider's bookings page asks them to do. A provider may mark a paid booking a no-show once its
 * start plus a short grace has passed and nobody checked the customer in; the service's cancellation policy decides what
 * the customer gets back (NO_SHOW_REFUND_BPS in cancellation-policy.ts). A no-show is a delivered booking as far as the
 * money goes: it ends COMPLETED and the provider's remaining share is paid out like any other.
 */
import type { BookingStatus } from './booking-status';

/** The refund request id of a booking's no-show refund (one per booking: its Stripe key derives from it). */
export const NO_SHOW_REFUND_ID = 'no-show';

/** People run late: a booking becomes a possible no-show this long after its start. */
export const NO_SHOW_GRACE_MINUTES = 15;

export interface NoShowSubject {
  status: BookingStatus;
  startDateTime: string;
  checkedInAt?: string | undefined;
  noShowAt?: string | undefined;
}

export type NoShowRefusal =
  | { reason: 'ALREADY_NO_SHOW'; noShowAt: string }
  | { reason: 'CHECKED_IN'; checkedInAt: string }
  | { reason: 'NOT_CONFIRMED'; status: BookingStatus }
  | { reason: 'TOO_EARLY'; opensAt: string };

/** The moment a booking may be marked a no-show. */
export function noShowOpensAt(startDateTime: string): Date {
  return new Date(Date.parse(startDateTime) + NO_SHOW_GRACE_MINUTES * 60_000);
}

/** Why this booking cannot be marked a no-show now, or null when it can. */
export function noShowRefusal(booking: NoShowSubject, now: Date): NoShowRefusal | null {
  if (booking.noShowAt) return { reason: 'ALREADY_NO_SHOW', noShowAt: booking.noShowAt };
  if (booking.checkedInAt) return { reason: 'CHECKED_IN', checkedInAt: booking.checkedInAt };
  if (booking.status !== 'CONFIRMED') return { reason: 'NOT_CONFIRMED', status: booking.status };
  const opensAt = noShowOpensAt(booking.startDateTime);
  if (now.getTime() < opensAt.getTime()) return { reason: 'TOO_EARLY', opensAt: opensAt.toISOString() };
  return null;
}

/** The refusal in words for the provider's screen. */
export function noShowRefusalWords(refusal: NoShowRefusal): string {
  switch (refusal.reason) {
    case 'ALREADY_NO_SHOW':
      return `This booking was already marked a no-show at ${refusal.noShowAt}.`;
    case 'CHECKED_IN':
      return `The customer was checked in at ${refusal.checkedInAt}: a booking with a check-in cannot be a no-show.`;
    case 'NOT_CONFIRMED':
      return 'Only a paid, confirmed booking that has not been completed can be marked a no-show.';
    case 'TOO_EARLY':
      return `A no-show can be marked from ${NO_SHOW_GRACE_MINUTES} minutes after the start (${refusal.opensAt}).`;
  }
}

// ---- what needs the provider's action -----------------------------------------------------------

export interface NeedsActionSubject extends NoShowSubject {
  endDateTime: string;
  refundCaseOpen?: boolean | undefined;
  /** A chargeback still open (the booking is DISPUTED). */
  chargebackOpen?: boolean | undefined;
}

export type NeedsActionReason = 'CHARGEBACK_OPEN' | 'REFUND_CASE_OPEN' | 'COMPLETE_AFTER_CHECK_IN' | 'ATTENDANCE_UNDECIDED';

export interface NeedsAction {
  reason: NeedsActionReason;
  /** Why, in the words the provider reads beside the booking. */
  words: string;
}

/**
 * Why a booking waits on its provider, or null: an open chargeback or refund case on it; a checked-in booking whose
 * time is over but which is not marked completed; a booking that started with nobody checked in (check the customer in,
 * complete it, or mark a no-show once the grace is over).
 */
export function needsAction(b: NeedsActionSubject, now: Date): NeedsAction | null {
  if (b.status === 'DISPUTED' || b.chargebackOpen)
    return { reason: 'CHARGEBACK_OPEN', words: 'The customer disputed the payment with their bank: an admin may ask you for evidence.' };
  if (b.refundCaseOpen)
    return { reason: 'REFUND_CASE_OPEN', words: 'A refund decision on this booking is contested: follow the case under Refunds.' };
  if (b.status !== 'CONFIRMED' || Date.parse(b.startDateTime) > now.getTime()) return null;
  if (b.checkedInAt) {
    if (Date.parse(b.endDateTime) > now.getTime()) return null;
    return { reason: 'COMPLETE_AFTER_CHECK_IN', words: 'The customer was checked in and the time is over: mark it completed.' };
  }
  return noShowRefusal(b, now)
    ? { reason: 'ATTENDANCE_UNDECIDED', words: 'Started and nobody is checked in yet: check the customer in or mark it completed.' }
    : { reason: 'ATTENDANCE_UNDECIDED', words: 'Started and nobody is checked in: check the customer in, mark it completed or a no-show.' };
}

/** The provider bookings page's three views. */
export type ProviderBookingsView = 'upcoming' | 'past' | 'needsAction';
export const PROVIDER_BOOKINGS_VIEWS: readonly ProviderBookingsView[] = ['upcoming', 'past', 'needsAction'];
