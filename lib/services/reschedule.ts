/**
 * RESCHEDULE_BOOKING: the customer moves their booking to another free slot of the same service (rules in
 * lib/domain/reschedule.ts). The move is one transaction (lib/data/reschedule-writes.ts): new slot held, old slot
 * released, the booking's times and its BookingRescheduled event — one booking id throughout. A move to a lower price
 * then refunds the difference through the one refund path (processRefund), its request id `reschedule-<n>` naming its
 * Stripe key and ledger lines; a replay with the same requestId answers the same move and finishes a refund that
 * did not complete. A move to a higher price waits for its top-up payment (reschedule-topup.ts).
 */
import type { Identity } from '../auth/identity';
import { isBookableSlot, slotHoldKeys } from '../domain/availability';
import { bookingWindowDetails, bookingWindowOf } from '../domain/booking-window';
import { rescheduleRefundRequestId, rescheduleRefusal, rescheduleRefusalWords, type RescheduleRefusal } from '../domain/reschedule';
import type { BookingRecord, RescheduleEntry } from '../data/records';
import { updateBooking } from '../data/booking-writer';
import { bookingsWithRescheduleWorkDue } from '../data/booking-queries';
import { moveBooking, type BookingMove, type MoveOutcome } from '../data/reschedule-writes';
import { repo } from '../data/repository';
import type { RescheduleRequest, RescheduleResult } from '../http/booking-processor';
import { AppError } from '../http/errors';
import type { Deps } from '../ports';
import { authorize } from './access';
import { getBooking } from './bookings';
import { processRefund } from './refund-processing';
import { priceChangeOf } from './reschedule-price';
import { answerPendingMove, endPendingMove, startTopUpMove, type TopUpPlan } from './reschedule-topup';

/** How many times a move refused because the booking changed (paid meanwhile, a concurrent write) is decided again. */
const MOVE_ATTEMPTS = 3;

export async function rescheduleBooking(deps: Deps, caller: Identity, input: RescheduleRequest): Promise<RescheduleResult> {
  const { bookingId } = input;
  for (let attempt = 1; ; attempt++) {
    const booking = await repo.booking(deps, bookingId);
    authorize(caller, 'booking', booking, 'reschedule', {
      details: { bookingId },
      forbidden: "Only the booking's customer can reschedule it",
    });
    const done = input.requestId ? booking.reschedules?.find((r) => r.requestId === input.requestId) : undefined;
    if (done) return answer(deps, caller, booking, done, true);
    const pending = booking.pendingMove;
    if (pending && input.requestId && pending.requestId === input.requestId) {
      const replay = await answerPendingMove(deps, caller, booking, pending);
      if (replay !== 'moved') return replay;
      continue;
    }
    if (pending) {
      if (pending.holdExpiresAt > deps.clock.now().toISOString()) {
        throw new AppError('CONFLICT', 'Another change of time is waiting for its payment. Pay it, or wait until its hold ends.', {
          bookingId,
          reason: 'MOVE_PENDING',
          holdExpiresAt: pending.holdExpiresAt,
        });
      }
      await endPendingMove(deps, booking, pending);
      continue;
    }
    await finishPendingRefund(deps, booking);
    const decided = await decideMove(deps, booking, input);
    let outcome: MoveOutcome | 'retry';
    if (decided.kind === 'TOP_UP') {
      const started = await startTopUpMove(deps, caller, booking, decided.plan);
      if (started !== 'retry') return started;
      outcome = started;
    } else {
      outcome = await moveBooking(deps, booking, decided.move);
      if (outcome === 'moved') return answer(deps, caller, booking, decided.move.entry, false);
    }
    if (outcome === 'slot-taken') {
      throw new AppError('SLOT_UNAVAILABLE', 'This time was just booked by someone else. Please pick another time.', {
        bookingId,
        startTime: input.startTime,
      });
    }
    if (attempt >= MOVE_ATTEMPTS) {
      throw new AppError('CONFLICT', 'This booking changed while it was being rescheduled. Please look at it again and retry.', {
        bookingId,
        reason: 'BOOKING_CHANGED',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
  }
}

/**
 * The move's entry and holds, decided from the booking as read (or, to a higher price, the top-up move's plan);
 * refusals are 4xx before anything is written.
 */
async function decideMove(
  deps: Deps,
  booking: BookingRecord,
  input: RescheduleRequest,
): Promise<{ kind: 'MOVE'; move: BookingMove } | { kind: 'TOP_UP'; plan: TopUpPlan }> {
  const now = deps.clock.now();
  const service = await repo.service(deps, booking.serviceId);
  if (!service?.isActive) {
    throw new AppError('CONFLICT', 'This service no longer takes bookings, so this booking cannot be moved.', {
      bookingId: booking.id,
      reason: 'SERVICE_UNAVAILABLE',
    });
  }
  const window = bookingWindowOf(service);
  const start = new Date(input.startTime);
  const refusal = rescheduleRefusal({
    status: booking.status,
    checkedIn: booking.checkedInAt !== undefined,
    oldStart: new Date(booking.startDateTime),
    newStart: start,
    now,
    policy: service.cancellationPolicy,
    window,
  });
  if (refusal) throw refused(booking, refusal, { startTime: input.startTime, ...bookingWindowDetails(window, now) });
  const end = new Date(start.getTime() + service.durationMinutes * 60_000);
  if (!isBookableSlot({ service, start, end, now })) {
    throw new AppError('VALIDATION_FAILED', 'That time is not one of the service\u2019s available times. Pick a time from the list.', {
      bookingId: booking.id,
      startTime: input.startTime,
      reason: 'NOT_A_SLOT',
    });
  }
  const price = priceChangeOf(booking, service);
  const newHoldIds = slotHoldKeys(booking.providerId, start, end);
  if (price.kind === 'INCREASE') {
    return { kind: 'TOP_UP', plan: { start, end, newHoldIds, priceCents: price.priceCents, requestId: input.requestId } };
  }
  const sequence = (booking.rescheduleCount ?? 0) + 1;
  const refundCents = price.kind === 'REFUND' ? price.refundCents : 0;
  const entry: RescheduleEntry = {
    sequence,
    ...(input.requestId ? { requestId: input.requestId } : {}),
    fromStart: booking.startDateTime,
    fromEnd: booking.endDateTime,
    toStart: start.toISOString(),
    toEnd: end.toISOString(),
    at: now.toISOString(),
    priceCents: price.priceCents,
    refundCents,
    ...(price.kind === 'REFUND'
      ? { refundRequestId: rescheduleRefundRequestId(sequence), feeRefundCents: price.platformFeeRefundCents }
      : {}),
  };
  return { kind: 'MOVE', move: { from: booking.status as 'CONFIRMED' | 'PENDING_PAYMENT', entry, newHoldIds, now } };
}

function refused(booking: BookingRecord, r: RescheduleRefusal, window: Record<string, unknown>): AppError {
  const details = { bookingId: booking.id, ...r };
  switch (r.reason) {
    case 'WRONG_STATUS':
      return new AppError('INVALID_TRANSITION', rescheduleRefusalWords(r), {
        ...details,
        currentStatus: booking.status,
        requestedStatus: booking.status,
      });
    case 'TOO_SOON':
    case 'TOO_FAR':
      return new AppError('VALIDATION_FAILED', rescheduleRefusalWords(r), { ...details, ...window });
    case 'SAME_TIME':
      return new AppError('BAD_REQUEST', rescheduleRefusalWords(r), details);
    default:
      return new AppError('CONFLICT', rescheduleRefusalWords(r), details);
  }
}

/** The last move's refund, when it did not complete (Stripe unreachable): done before anything else happens. */
async function finishPendingRefund(deps: Deps, booking: BookingRecord): Promise<void> {
  const last = booking.reschedules?.at(-1);
  if (last?.refundRequestId && !booking.refunds?.some((r) => r.refundRequestId === last.refundRequestId)) {
    await refundDifference(deps, booking.id, last, booking.customerId);
  }
  if (booking.rescheduleWork === 'REFUND_PENDING') {
    await updateBooking(deps, booking.id, {
      change: { remove: ['rescheduleWork', 'rescheduleWorkDueAt'] },
      expect: [{ attr: 'rescheduleWork', eq: 'REFUND_PENDING' }],
      now: deps.clock.now(),
    });
  }
}

/** Flags the booking for the scheduled run's retry of its reschedule refund (sparse index byRescheduleWork). */
async function markRefundPending(deps: Deps, bookingId: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  await updateBooking(deps, bookingId, {
    change: { set: { rescheduleWork: 'REFUND_PENDING', rescheduleWorkDueAt: now } },
    expect: [{ attr: 'pendingMove', absent: true }],
  }).catch((err: unknown) =>
    console.error(JSON.stringify({ level: 'error', at: 'reschedule-refund-mark', bookingId, error: String(err) })),
  );
}

/** The scheduled run's step: reschedule refunds Stripe did not take, tried again with their own keys. */
export async function retryPendingRescheduleRefunds(deps: Deps, limit = 100): Promise<{ refunded: number; failed: number }> {
  const result = { refunded: 0, failed: 0 };
  for (const candidate of await bookingsWithRescheduleWorkDue(deps, 'REFUND_PENDING', deps.clock.now(), limit)) {
    try {
      const booking = await repo.booking(deps, candidate.id);
      if (booking?.rescheduleWork !== 'REFUND_PENDING') continue;
      await finishPendingRefund(deps, booking);
      result.refunded++;
    } catch (err) {
      result.failed++;
      console.error(JSON.stringify({ level: 'error', at: 'reschedule-refund-retry', bookingId: candidate.id, error: String(err) }));
    }
  }
  return result;
}

function refundDifference(deps: Deps, bookingId: string, entry: RescheduleEntry, customerId: string) {
  // The amounts the move fixed, so a resumed refund gives back exactly what the move decided.
  return processRefund(deps, bookingId, {
    mode: { kind: 'RESCHEDULE', refundCents: entry.refundCents, platformFeeRefundCents: entry.feeRefundCents ?? 0 },
    reason: 'Rescheduled to a lower price',
    requestedBy: customerId,
    requestId: entry.refundRequestId,
    refundActor: 'CUSTOMER',
  });
}

async function answer(
  deps: Deps,
  caller: Identity,
  booking: BookingRecord,
  entry: RescheduleEntry,
  replayed: boolean,
): Promise<RescheduleResult> {
  let refundStatus: RescheduleResult['reschedule']['refundStatus'] = 'NONE';
  if (entry.refundRequestId) {
    try {
      await refundDifference(deps, booking.id, entry, booking.customerId);
      refundStatus = 'REFUNDED';
    } catch (err) {
      // The move stands; the refund is finished by a replay of this request, the booking's next move or the scheduled run.
      console.error(JSON.stringify({ level: 'error', at: 'reschedule-refund', bookingId: booking.id, error: String(err) }));
      refundStatus = 'PENDING';
      await markRefundPending(deps, booking.id);
    }
  }
  return {
    booking: await getBooking(deps, caller, booking.id),
    reschedule: {
      sequence: entry.sequence,
      fromStart: entry.fromStart,
      toStart: entry.toStart,
      toEnd: entry.toEnd,
      priceCents: entry.priceCents,
      refundCents: entry.refundCents,
      currency: booking.currency,
      refundStatus,
      ...(entry.topUpCents ? { topUp: { status: 'PAID' as const, amountDueCents: entry.topUpCents, holdExpiresAt: entry.at } } : {}),
    },
    replayed,
  };
}
