/**
 * The booking machine and the access policy as the lifecycle services use them: a named transition checked in
 * memory before any Stripe call (refused: the API's 409 INVALID_TRANSITION), and the caller's relation as the
 * machine's actor.
 */
import type { Identity } from '../auth/identity';
import type { ActionOf, Relation } from '../domain/access-policy';
import {
  BOOKING_MACHINE,
  InvalidTransitionError,
  planBookingTransition,
  type BookingActor,
  type BookingStatus,
  type BookingTransitionName,
} from '../domain/booking-status';
import type { BookingRecord } from '../data/records';
import { AppError } from '../http/errors';
import { actingAs } from './access';

const words = (status: string) => status.toLowerCase().replace(/_/g, ' ');

/** The status a transition leads to, for the words of a refusal (a transition that keeps the status: the current one). */
function targetOf(name: BookingTransitionName, from: BookingStatus): BookingStatus {
  const to = BOOKING_MACHINE.transitions[name].to;
  return typeof to === 'string' ? to : from;
}

/** Plans `name` for the booking as read, or throws the API's 409 (with the current and requested status). */
export function planOrConflict(
  booking: Pick<BookingRecord, 'id' | 'status'>,
  name: BookingTransitionName,
  actor: BookingActor,
  message?: string,
) {
  try {
    return planBookingTransition(name, actor, booking.status);
  } catch (err) {
    if (!(err instanceof InvalidTransitionError)) throw err;
    const to = targetOf(name, booking.status);
    throw new AppError('INVALID_TRANSITION', message ?? `A ${words(booking.status)} booking cannot become ${words(to)}`, {
      bookingId: booking.id,
      currentStatus: booking.status,
      requestedStatus: to,
    });
  }
}

/** The machine's actor for the relation the policy granted (bookings know no OWNER). */
function bookingActorOf(relation: Relation): BookingActor {
  if (relation === 'OWNER' || relation === 'NONE') throw new AppError('FORBIDDEN', 'Not allowed');
  return relation;
}

/** The actor for an action already authorized. */
export function actorFor(caller: Identity, booking: BookingRecord, action: ActionOf<'booking'>): BookingActor {
  return bookingActorOf(actingAs(caller, 'booking', booking, action));
}
