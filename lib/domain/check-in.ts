/**
 * Check-in: the customer shows a secret code (a QR code on their booking page) and the provider scans or types it,
 * which records that the customer came. The code is random per booking and shown only to the customer, so a
 * provider cannot record attendance alone and nobody can derive a code from a booking id.
 */
import type { BookingStatus } from './booking-status';

/** How early before the start a provider may check a customer in (people arrive early). */
export const CHECK_IN_OPENS_MINUTES_BEFORE = 120;
/** How long after the end a check-in is still taken (a provider catching up after a session). */
export const CHECK_IN_CLOSES_MINUTES_AFTER = 60;

export interface CheckInSubject {
  status: BookingStatus;
  startDateTime: string;
  endDateTime: string;
  checkedInAt?: string | undefined;
}

export type CheckInRefusal =
  | { reason: 'ALREADY_CHECKED_IN'; checkedInAt: string }
  | { reason: 'NOT_CONFIRMED'; status: BookingStatus }
  | { reason: 'TOO_EARLY'; opensAt: string }
  | { reason: 'TOO_LATE'; closedAt: string };

/** Why this booking cannot be checked in now, or null when it can. A paid, confirmed booking only, once, near its time. */
export function checkInRefusal(booking: CheckInSubject, now: Date): CheckInRefusal | null {
  if (booking.checkedInAt) return { reason: 'ALREADY_CHECKED_IN', checkedInAt: booking.checkedInAt };
  if (booking.status !== 'CONFIRMED') return { reason: 'NOT_CONFIRMED', status: booking.status };
  const opensAt = Date.parse(booking.startDateTime) - CHECK_IN_OPENS_MINUTES_BEFORE * 60_000;
  const closedAt = Date.parse(booking.endDateTime) + CHECK_IN_CLOSES_MINUTES_AFTER * 60_000;
  if (now.getTime() < opensAt) return { reason: 'TOO_EARLY', opensAt: new Date(opensAt).toISOString() };
  if (now.getTime() > closedAt) return { reason: 'TOO_LATE', closedAt: new Date(closedAt).toISOString() };
  return null;
}

/** The refusal in words for the provider's screen. */
export function checkInRefusalWords(refusal: CheckInRefusal): string {
  switch (refusal.reason) {
    case 'ALREADY_CHECKED_IN':
      return `This code was already used: the customer was checked in at ${refusal.checkedInAt}.`;
    case 'NOT_CONFIRMED':
      return 'Only a paid, confirmed booking can be checked in.';
    case 'TOO_EARLY':
      return `Check-in opens ${CHECK_IN_OPENS_MINUTES_BEFORE / 60} hours before the booking starts (${refusal.opensAt}).`;
    case 'TOO_LATE':
      return `Check-in closed an hour after the booking ended (${refusal.closedAt}).`;
  }
}

/** A code the server made: `ci_` and a random id (the booking id is not in it). */
export const CHECK_IN_CODE_PATTERN = /^ci_[A-Za-z0-9]{16,64}$/;
