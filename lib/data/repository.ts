import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ModelName } from './tables';
import type { DataDeps } from './transact';
import type { BookingRecord, BookingStatus, PayoutRecord, ServiceRecord, TransactionRecord, UserProfileRecord } from './records';

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

  /** Bookings in a status whose end is at or before `endedBy` (all of them without it), earliest end first. */
  bookingsInStatusEndedBy: (deps: Db, status: BookingStatus, endedBy?: string, limit?: number) =>
    queryIndex<BookingRecord>(deps, 'Booking', {
      index: 'byStatusEnd',
      key: 'status',
      value: status,
      ...(endedBy ? { sortKey: { name: 'endDateTime', to: endedBy } } : {}),
      ...(limit ? { limit } : {}),
    }),

  /** Bookings in a status whose end is at or after `endedFrom`. */
  bookingsInStatusEndedSince: (deps: Db, status: BookingStatus, endedFrom: string) =>
    queryIndex<BookingRecord>(deps, 'Booking', {
      index: 'byStatusEnd',
      key: 'status',
      value: status,
      sortKey: { name: 'endDateTime', from: endedFrom },
    }),

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
