/** CHECK_IN: the booking's provider records attendance with the code the customer shows. */
import { timingSafeEqual } from 'node:crypto';
import type { Identity } from '../auth/identity';
import { recordCheckIn } from '../data/check-in-writes';
import { repo } from '../data/repository';
import { CHECK_IN_CODE_PATTERN, checkInRefusal, checkInRefusalWords, type CheckInRefusal } from '../domain/check-in';
import { AppError } from '../http/errors';
import type { Deps } from '../ports';
import { authorize } from './access';

/** Same length and bytes, compared in constant time; codes made before they were secret never match. */
function codeMatches(stored: string, given: string): boolean {
  if (!CHECK_IN_CODE_PATTERN.test(stored)) return false;
  const a = Buffer.from(stored);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refused(bookingId: string, refusal: CheckInRefusal): AppError {
  const code = refusal.reason === 'TOO_EARLY' || refusal.reason === 'TOO_LATE' ? 'BAD_REQUEST' : 'CONFLICT';
  return new AppError(code, checkInRefusalWords(refusal), { bookingId, ...refusal });
}

export async function checkIn(
  deps: Deps,
  caller: Identity,
  input: { bookingId: string; code: string },
): Promise<{ bookingId: string; checkedInAt: string }> {
  const { bookingId } = input;
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'checkIn', {
    details: { bookingId },
    forbidden: "Only the booking's provider can check its customer in",
  });
  if (!codeMatches(booking.qrCode, input.code)) {
    throw new AppError(
      'BAD_REQUEST',
      "This code is not this booking's check-in code. Ask the customer to show the code on their booking page.",
      {
        bookingId,
        reason: 'WRONG_CODE',
      },
    );
  }
  const now = deps.clock.now();
  const refusal = checkInRefusal(booking, now);
  if (refusal) throw refused(bookingId, refusal);
  if (await recordCheckIn(deps, bookingId, caller.userId, now)) return { bookingId, checkedInAt: now.toISOString() };
  // refused by the database: checked in (or changed) meanwhile; say what it is now
  const after = (await repo.booking(deps, bookingId)) ?? booking;
  throw refused(bookingId, checkInRefusal(after, now) ?? { reason: 'NOT_CONFIRMED', status: after.status });
}
