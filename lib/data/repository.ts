import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ModelName } from './tables';
import type { DataDeps } from './transact';
import type { BookingRecord, BookingStatus, PayoutRecord, ServiceRecord, TransactionRecord, UserProfileRecord } from './records';
import { awaitingKeys, paidOutKeys, type AwaitingStatus } from '../domain/booking-schedule';

type Db = DataDeps;

export async function getItem<T>(deps: Db, model: ModelName, id: string, consistent = true): Promise<T | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.tables[model], Key: { id }, ConsistentRead: consistent }));
  return out.Item as T | undefined;
}

interface IndexQuery {
  index: string;
  key: string;
  value: string;
  /** optional sort-key range (inclusive) */
  sortKey?: { name: string; from?: string; to?: string };
  newestFirst?: boolean;
  limit?: number;
}

/** Queries a secondary index, following pages; request paths never scan. */
export async function queryIndex<T>(deps: Db, model: ModelName, q: IndexQuery): Promise<T[]> {
  const names: Record<string, string> = { '#pk': q.key };
  const values: Record<string, unknown> = { ':pk': q.value };
  let condition = '#pk = :pk';
  if (q.sortKey && (q.sortKey.from || q.sortKey.to)) {
    names['#sk'] = q.sortKey.name;
    if (q.sortKey.from && q.sortKey.to) {
      condition += ' AND #sk BETWEEN :from AND :to';
      values[':from'] = q.sortKey.from;
      values[':to'] = q.sortKey.to;
    } else if (q.sortKey.from) {
      condition += ' AND #sk >= :from';
      values[':from'] = q.sortKey.from;
    } else {
      condition += ' AND #sk <= :to';
      values[':to'] = q.sortKey.to;
    }
  }
  const items: T[] = [];
  let startKey: QueryCommandInput['ExclusiveStartKey'];
  do {
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.tables[model],
        IndexName: q.index,
        KeyConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: !q.newestFirst,
        ExclusiveStartKey: startKey,
        ...(q.limit ? { Limit: q.limit - items.length } : {}),
      }),
    );
    items.push(...((out.Items ?? []) as T[]));
    startKey = out.LastEvaluatedKey;
  } while (startKey && (!q.limit || items.length < q.limit));
  return items;
}

/** The bookings of these byScheduleEnd partitions whose end is in the range, merged earliest end first. */
async function scheduledBookings(deps: Db, keys: string[], end: { from?: string; to?: string }, limit?: number): Promise<BookingRecord[]> {
  const sets = await Promise.all(
    keys.map((value) =>
      queryIndex<BookingRecord>(deps, 'Booking', {
        index: 'byScheduleEnd',
        key: 'scheduleShard',
        value,
        sortKey: { name: 'endDateTime', ...end },
        ...(limit ? { limit } : {}),
      }),
    ),
  );
  const merged = sets.flat().sort((a, b) => a.endDateTime.localeCompare(b.endDateTime) || a.id.localeCompare(b.id));
  return limit ? merged.slice(0, limit) : merged;
}

export const repo = {
  service: (deps: Db, id: string) => getItem<ServiceRecord>(deps, 'Service', id),
  booking: (deps: Db, id: string) => getItem<BookingRecord>(deps, 'Booking', id),
  userProfile: (deps: Db, id: string) => getItem<UserProfileRecord>(deps, 'UserProfile', id),

  listedServices: (deps: Db) =>
    queryIndex<ServiceRecord>(deps, 'Service', { index: 'byListingStatus', key: 'listingStatus', value: 'LISTED', newestFirst: true }),

  bookingsOfCustomer: (deps: Db, customerId: string) =>
    queryIndex<BookingRecord>(deps, 'Booking', { index: 'byCustomer', key: 'customerId', value: customerId, newestFirst: true }),

  /** A provider's bookings starting in [from, to], for availability. */
  bookingsOfProviderBetween: (deps: Db, providerId: string, from: string, to: string) =>
    queryIndex<BookingRecord>(deps, 'Booking', {
      index: 'byProvider',
      key: 'providerId',
      value: providerId,
      sortKey: { name: 'startDateTime', from, to },
    }),

  /** A provider's services, newest first (active and deactivated). */
  servicesOfProvider: (deps: Db, providerId: string) =>
    queryIndex<ServiceRecord>(deps, 'Service', { index: 'byProvider', key: 'providerId', value: providerId, newestFirst: true }),

  /** The profiles pointing at a connected account (one, unless something went very wrong). */
  profilesByStripeAccount: (deps: Db, stripeAccountId: string) =>
    queryIndex<UserProfileRecord>(deps, 'UserProfile', { index: 'byStripeAccountId', key: 'stripeAccountId', value: stripeAccountId }),

  ledgerOfBooking: (deps: Db, bookingId: string) =>
    queryIndex<TransactionRecord>(deps, 'Transaction', { index: 'byBooking', key: 'bookingId', value: bookingId }),

  // ---- lifecycle and payouts ----
  payout: (deps: Db, id: string) => getItem<PayoutRecord>(deps, 'Payout', id),

  /** Unpaid holds (PENDING_PAYMENT or PAYMENT_FAILED) whose holdExpiresAt is at or before `at`, oldest first. */
  bookingsWithHoldExpiredBy: (deps: Db, status: BookingStatus, at: string, limit?: number) =>
    queryIndex<BookingRecord>(deps, 'Booking', {
      index: 'byStatusHoldExpiry',
      key: 'status',
      value: status,
      sortKey: { name: 'holdExpiresAt', to: at },
      ...(limit ? { limit } : {}),
    }),

  /**
   * Bookings awaiting the scheduler in a status (CONFIRMED: to complete; COMPLETED: to pay out) whose end is at or
   * before `endedBy` (all of them without it), earliest end first: every shard of byScheduleEnd.
   */
  bookingsInStatusEndedBy: (deps: Db, status: AwaitingStatus, endedBy?: string, limit?: number) =>
    scheduledBookings(deps, awaitingKeys(status), { ...(endedBy ? { to: endedBy } : {}) }, limit),

  /** Bookings awaiting the scheduler in a status whose end is at or after `endedFrom`, earliest end first. */
  bookingsInStatusEndedSince: (deps: Db, status: AwaitingStatus, endedFrom: string) =>
    scheduledBookings(deps, awaitingKeys(status), { from: endedFrom }),

  /** PAID_OUT bookings whose end is at or after `endedFrom` (paid out since then, up to `now`: those months only). */
  bookingsPaidOutEndedSince: (deps: Db, endedFrom: string, now: Date) =>
    scheduledBookings(deps, paidOutKeys(endedFrom, now.toISOString()), { from: endedFrom }),

  /** A provider's bookings in one status. */
  bookingsOfProviderInStatus: (deps: Db, providerId: string, status: BookingStatus) =>
    queryIndex<BookingRecord>(deps, 'Booking', {
      index: 'byProviderStatus',
      key: 'providerId',
      value: providerId,
      sortKey: { name: 'status', from: status, to: status },
    }),

  /** One page of a provider's payouts, newest first; `cursor` is the previous page's `nextCursor`. */
  payoutsOfProviderPage: (deps: Db, providerId: string, limit: number, cursor?: Record<string, unknown>) =>
    queryPage<PayoutRecord>(
      deps,
      'Payout',
      { index: 'byProvider', key: 'providerId', value: providerId, newestFirst: true, limit },
      cursor,
    ),
};

/** One page of an index query: at most `limit` items and the key to continue from (absent on the last page). */
export async function queryPage<T>(
  deps: Db,
  model: ModelName,
  q: IndexQuery & { limit: number },
  cursor?: Record<string, unknown>,
): Promise<{ items: T[]; nextCursor?: Record<string, unknown> }> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.tables[model],
      IndexName: q.index,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': q.key },
      ExpressionAttributeValues: { ':pk': q.value },
      ScanIndexForward: !q.newestFirst,
      Limit: q.limit,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  return { items: (out.Items ?? []) as T[], ...(out.LastEvaluatedKey ? { nextCursor: out.LastEvaluatedKey } : {}) };
}
