/** Index queries over bookings for the lifecycle (request paths and scheduled runs never scan). */
import type { BookingRecord, IntentCancelStatus, RefundCaseQueue } from './records';
import { queryIndex } from './repository';
import type { DataDeps } from './transact';

/** A provider's bookings starting between `from` and `to` (inclusive), soonest first (index byProvider). */
export function providerBookingsStartingBetween(
  deps: DataDeps,
  providerId: string,
  from: string,
  to: string,
  limit = 500,
  newestFirst = false,
): Promise<BookingRecord[]> {
  return queryIndex<BookingRecord>(deps, 'Booking', {
    index: 'byProvider',
    key: 'providerId',
    value: providerId,
    sortKey: { name: 'startDateTime', from, to },
    limit,
    ...(newestFirst ? { newestFirst } : {}),
  });
}

/** Bookings whose failed PaymentIntent cancel is due for another attempt by `now` (sparse index byIntentCancelRetry). */
export function bookingsWithIntentCancelDue(deps: DataDeps, now: Date, limit = 100): Promise<BookingRecord[]> {
  return queryIndex<BookingRecord>(deps, 'Booking', {
    index: 'byIntentCancelRetry',
    key: 'intentCancelStatus',
    value: 'PENDING' satisfies IntentCancelStatus,
    sortKey: { name: 'intentCancelRetryAt', to: now.toISOString() },
    limit,
  });
}

/**
 * Bookings with an open refund case in one queue (sparse index byRefundCase), oldest case first; `openedBy`: only
 * cases opened at or before it (the escalation's overdue ones).
 */
export function bookingsWithRefundCase(
  deps: DataDeps,
  queue: RefundCaseQueue,
  options: { openedBy?: string; limit?: number } = {},
): Promise<BookingRecord[]> {
  return queryIndex<BookingRecord>(deps, 'Booking', {
    index: 'byRefundCase',
    key: 'refundCaseState',
    value: queue,
    ...(options.openedBy ? { sortKey: { name: 'refundCaseOpenedAt', to: options.openedBy } } : {}),
    limit: options.limit ?? 200,
  });
}

/** Bookings with reschedule work of one kind due by `now` (sparse index byRescheduleWork), oldest first. */
export function bookingsWithRescheduleWorkDue(
  deps: DataDeps,
  kind: NonNullable<BookingRecord['rescheduleWork']>,
  now: Date,
  limit = 100,
): Promise<BookingRecord[]> {
  return queryIndex<BookingRecord>(deps, 'Booking', {
    index: 'byRescheduleWork',
    key: 'rescheduleWork',
    value: kind,
    sortKey: { name: 'rescheduleWorkDueAt', to: now.toISOString() },
    limit,
  });
}
