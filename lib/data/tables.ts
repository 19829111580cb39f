/**
 * The DynamoDB tables behind the Amplify Data models: keys and secondary indexes.
 * amplify/data/resource.ts declares the same models; a test synthesizes the backend and holds the two equal,
 * and the local stack creates its tables from this list, so local and production cannot drift.
 */
export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey?: string;
}

export interface TableDefinition {
  /** Amplify Data model name (the table is `<model>-<apiId>-<env>` in AWS). */
  model: ModelName;
  /** Environment variable a function reads the table name from. */
  envVar: string;
  partitionKey: 'id';
  indexes: IndexDefinition[];
  /** The table's change stream (DynamoDB Streams) feeds a consumer: the outbox. Amplify model tables have one anyway. */
  stream?: 'NEW_IMAGE';
}

export const MODEL_NAMES = [
  'UserProfile',
  'Service',
  'Booking',
  'SlotHold',
  'Transaction',
  'ProcessedEvent',
  'Payout',
  // customers, payments, memberships, credits
  'Customer',
  'Payment',
  'Subscription',
  'MembershipPlan',
  'CreditPackage',
  'CreditPurchase',
  'CreditTransaction',
  // refunds, disputes, admin
  'WebhookEventLog',
  'Dispute',
  // domain events (the outbox) and what their consumers keep
  'DomainEvent',
  'ConsumedEvent',
  'EventTally',
  'Rollup',
  // sign-in sessions refused before they expire
  'RevokedSession',
  // reviews of completed bookings
  'Review',
  // outgoing messages (the notifier's outbox) and who switched which off
  'Notification',
  'NotificationPreference',
  // our books against Stripe's: what the reconciliation found
  'ReconciliationMismatch',
  // promotion codes (id: the upper-case code) and who redeemed which (`<CODE>#<userId>`: once per customer per code)
  'PromotionCode',
  'PromotionRedemption',
  // service search entries (one per word of a title, category and price band of each listed service)
  'ServiceSearch',
  // admins' CSV exports: the job (QUEUED → READY | FAILED) and where its file is
  'ExportJob',
] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
export type TableNames = Record<ModelName, string>;

/** What sets a table apart: its secondary indexes (none by default), and whether its stream feeds a consumer. */
type TableSpec = Partial<Pick<TableDefinition, 'indexes' | 'stream'>>;

/** Every table is keyed on `id`, and a function reads its name from `<MODEL>_TABLE_NAME` (UserProfile: USER_PROFILE_TABLE_NAME). */
function defineTables(specs: Record<ModelName, TableSpec>): Record<ModelName, TableDefinition> {
  const tables = {} as Record<ModelName, TableDefinition>;
  for (const model of MODEL_NAMES) {
    const envVar = `${model.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_TABLE_NAME`;
    tables[model] = { model, envVar, partitionKey: 'id', indexes: [], ...specs[model] };
  }
  return tables;
}

export const TABLES = defineTables({
  UserProfile: {
    indexes: [
      { name: 'byEmail', partitionKey: 'email' },
      { name: 'byStripeAccountId', partitionKey: 'stripeAccountId' },
      // Admin providers list: providers by onboarding status, newest first (only providers have the attribute).
      { name: 'byStripeAccountStatus', partitionKey: 'stripeAccountStatus', sortKey: 'createdAt' },
    ],
  },
  Service: {
    indexes: [
      { name: 'byProvider', partitionKey: 'providerId', sortKey: 'createdAt' },
      // Public catalogue: listingStatus is 'LISTED' for bookable services, absent otherwise (sparse index).
      { name: 'byListingStatus', partitionKey: 'listingStatus', sortKey: 'createdAt' },
    ],
  },
  Booking: {
    indexes: [
      { name: 'byCustomer', partitionKey: 'customerId', sortKey: 'startDateTime' },
      { name: 'byProvider', partitionKey: 'providerId', sortKey: 'startDateTime' },
      { name: 'byService', partitionKey: 'serviceId', sortKey: 'startDateTime' },
      { name: 'byPaymentIntent', partitionKey: 'paymentIntentId' },
      // The scheduled run: unpaid holds past holdExpiresAt (status PENDING_PAYMENT / PAYMENT_FAILED partitions only
      // ever hold live holds, so the query reads just those).
      { name: 'byStatusHoldExpiry', partitionKey: 'status', sortKey: 'holdExpiresAt' },
      // Sparse, write-sharded: CONFIRMED bookings to complete, COMPLETED ones awaiting their payout (`<status>#<shard>`),
      // PAID_OUT ones by payout month (lib/domain/booking-schedule.ts), by end.
      { name: 'byScheduleEnd', partitionKey: 'scheduleShard', sortKey: 'endDateTime' },
      // A provider's bookings in one status (earnings: CONFIRMED pending, COMPLETED eligible, PAID_OUT transferred).
      { name: 'byProviderStatus', partitionKey: 'providerId', sortKey: 'status' },
      // Admin list, unfiltered: one month of bookings per partition (`createdMonth` = YYYY-MM, set at creation),
      // walked month by month (lib/data/list-keys.ts).
      { name: 'byCreatedMonth', partitionKey: 'createdMonth', sortKey: 'createdAt' },
      // Admin search by customer email (customerEmail is on every booking).
      { name: 'byCustomerEmail', partitionKey: 'customerEmail', sortKey: 'createdAt' },
      // Sparse: only bookings whose PaymentIntent cancel failed and awaits a retry (intentCancelStatus 'PENDING'), by
      // when the next attempt is due, so the scheduled run reads just those.
      { name: 'byIntentCancelRetry', partitionKey: 'intentCancelStatus', sortKey: 'intentCancelRetryAt' },
      // Admin list filtered by status, by creation (byScheduleEnd holds only bookings the scheduler awaits): `statusListShard` =
      // `<status>#<0..3>`, rewritten by the booking writer with every status change; the list merges the four shards.
      { name: 'byStatusListShard', partitionKey: 'statusListShard', sortKey: 'createdAt' },
      // Sparse: only bookings with an open refund case (refundCaseState OPEN or ESCALATED), oldest case first: the
      // scheduled run's escalation reads the overdue OPEN ones, the admins' queue both partitions.
      { name: 'byRefundCase', partitionKey: 'refundCaseState', sortKey: 'refundCaseOpenedAt' },
      // Sparse: bookings with reschedule work for the scheduled run (a top-up's hold to end, a refund to retry), by when due.
      { name: 'byRescheduleWork', partitionKey: 'rescheduleWork', sortKey: 'rescheduleWorkDueAt' },
    ],
  },
  SlotHold: {},
  Transaction: {
    indexes: [
      { name: 'byBooking', partitionKey: 'bookingId', sortKey: 'createdAt' },
      // Ledger lines of one type on one UTC day (`<type>#<YYYY-MM-DD>`), by time: time-bucketed, so a day's lines of a
      // type, not all of them, share a partition (the dashboard itself reads the rollups).
      { name: 'byTypeDay', partitionKey: 'typeDay', sortKey: 'createdAt' },
    ],
  },
  ProcessedEvent: {},
  Payout: {
    // GET_PAYOUT_HISTORY: a provider's payouts, newest first (createdAt = Stripe's `created`).
    indexes: [{ name: 'byProvider', partitionKey: 'providerId', sortKey: 'createdAt' }],
  },
  // ---- customers, payments, memberships, credits ----
  Customer: {
    indexes: [
      // Webhooks about a Stripe customer's objects find the user from the customer id.
      { name: 'byStripeCustomerId', partitionKey: 'stripeCustomerId' },
      // Admin credit-purchase search by the customer's email.
      { name: 'byEmail', partitionKey: 'email' },
    ],
  },
  Payment: {
    // The payment history page: a user's payments, newest first.
    indexes: [{ name: 'byUser', partitionKey: 'userId', sortKey: 'createdAt' }],
  },
  Subscription: {
    indexes: [{ name: 'byUser', partitionKey: 'userId', sortKey: 'createdAt' }],
  },
  MembershipPlan: {
    // Plans on sale: listingStatus 'LISTED' (sparse).
    indexes: [{ name: 'byListingStatus', partitionKey: 'listingStatus' }],
  },
  CreditPackage: {
    indexes: [{ name: 'byListingStatus', partitionKey: 'listingStatus' }],
  },
  CreditPurchase: {
    indexes: [
      { name: 'byUser', partitionKey: 'userId', sortKey: 'createdAt' },
      // Admin refunds page: one month of purchases per partition (`createdMonth`), and one status's four shards
      // (`statusListShard` = `<status>#<0..3>`, rewritten with every status change), by creation.
      { name: 'byCreatedMonth', partitionKey: 'createdMonth', sortKey: 'createdAt' },
      { name: 'byStatusListShard', partitionKey: 'statusListShard', sortKey: 'createdAt' },
    ],
  },
  CreditTransaction: {
    // The credit history page: a user's balance changes, newest first.
    indexes: [{ name: 'byUser', partitionKey: 'userId', sortKey: 'createdAt' }],
  },
  // ---- refunds, disputes, admin ----
  WebhookEventLog: {
    indexes: [
      // Newest first, one month of receipts per partition (`logMonth` = YYYY-MM of receivedAt: time-bucketed), and
      // per status and month (`statusMonth` = `<status>#<YYYY-MM of receivedAt>`, moved with the status by each outcome).
      { name: 'byLogMonth', partitionKey: 'logMonth', sortKey: 'receivedAt' },
      { name: 'byStatusMonth', partitionKey: 'statusMonth', sortKey: 'receivedAt' },
    ],
  },
  Dispute: {
    indexes: [
      // The disputes queue: by status (needs_response, under_review, won, lost, ...) ordered by evidence due date.
      { name: 'byStatusDue', partitionKey: 'status', sortKey: 'evidenceDueBy' },
      { name: 'byBooking', partitionKey: 'bookingId' },
    ],
  },
  // ---- domain events ----
  DomainEvent: {
    stream: 'NEW_IMAGE',
    indexes: [
      // One aggregate's history in order (a booking's timeline, the audit view filtered by aggregate).
      { name: 'byAggregate', partitionKey: 'aggregateKey', sortKey: 'sequence' },
      // Everything newest first, one month per partition (time-bucketed: a month's writes, not all, share a key).
      { name: 'byMonth', partitionKey: 'month', sortKey: 'sequence' },
    ],
  },
  // A consumer's receipt for one event (`<consumer>#<eventId>`), written with the consumer's effects: a redelivered
  // event finds it and changes nothing.
  ConsumedEvent: {},
  // Events counted per day and type (`<YYYY-MM-DD>#<type>`), kept by the tally consumer.
  EventTally: {
    indexes: [{ name: 'byDay', partitionKey: 'day', sortKey: 'eventType' }],
  },
  // Daily aggregates per scope (`platform`, `provider:<id>`), day, currency and shard, kept by the rollups consumer:
  // a window reads one partition per scope and month.
  Rollup: {
    indexes: [{ name: 'byScopeMonth', partitionKey: 'scopeMonth', sortKey: 'day' }],
  },
  // `session#<id>` (one session signed out) or `user#<userId>` (every session issued before `revokedAt`); each row
  // expires (TTL on `expiresAt`) once no token it refuses could still be valid. Read by key on every verified request.
  RevokedSession: {},
  // `review:<bookingId>`: one per booking by its id (a second is a refused put), so no index by booking is needed.
  Review: {
    indexes: [
      // The service page: visible reviews newest first (listedServiceId is removed when an admin hides one: sparse).
      { name: 'byListedService', partitionKey: 'listedServiceId', sortKey: 'createdAt' },
      // A customer's own reviews (data export, account deletion).
      { name: 'byCustomer', partitionKey: 'customerId', sortKey: 'createdAt' },
    ],
  },
  // One row per message (id = its idempotency key, e.g. `booking:<id>:confirmed:customer`), written by the notifier
  // consumer with its receipt and sent after that commit.
  Notification: {
    indexes: [
      // A booking's (or payout's, ...) messages, for the admin page: `subjectKey` is `booking:<id>`.
      { name: 'bySubject', partitionKey: 'subjectKey', sortKey: 'createdAt' },
      // Sparse: only rows still to send (deliveryState 'DUE'), by when the next attempt is due (the scheduled run's retries).
      { name: 'byDelivery', partitionKey: 'deliveryState', sortKey: 'nextAttemptAt' },
      // Admin: the failed and dead-lettered messages, newest first.
      { name: 'byStatus', partitionKey: 'status', sortKey: 'createdAt' },
    ],
  },
  // `<userId>`: the optional messages a user switched off.
  NotificationPreference: {},
  // One row per discrepancy (id = its deterministic key): a re-run updates it, a fixed one is marked RESOLVED. The
  // admin page reads one status (OPEN / RESOLVED), most recently seen first.
  ReconciliationMismatch: {
    indexes: [{ name: 'byStatus', partitionKey: 'status', sortKey: 'lastSeenAt' }],
  },
  // Keyed by the normalised (upper-case) code; redemptionCount moves under a condition on maxRedemptions.
  PromotionCode: {
    // The admin list, newest first (listPartition is always 'CODES': a handful of codes, one partition).
    indexes: [{ name: 'byListPartition', partitionKey: 'listPartition', sortKey: 'createdAt' }],
  },
  // `<CODE>#<userId>`: the Put is conditional on the id being new, so a customer redeems a code once.
  PromotionRedemption: {
    indexes: [{ name: 'byUser', partitionKey: 'userId', sortKey: 'createdAt' }],
  },
  // `<searchKey>|<serviceId>`: a listed service under one key it is found by (`token#<word>`, `category#<c>`,
  // `price#<band>`), kept by the service writes in their transaction. Read newest service first within a key.
  ServiceSearch: {
    indexes: [{ name: 'bySearchKey', partitionKey: 'searchKey', sortKey: 'rankKey' }],
  },
  // `exp_…`: one CSV export; its file is written by the exports consumer. Each row expires (TTL on `expiresAt`) with
  // its file. The admins' list: one requester's exports, newest first.
  ExportJob: {
    indexes: [{ name: 'byRequester', partitionKey: 'requestedBy', sortKey: 'createdAt' }],
  },
});

/**
 * Not an Amplify model: the rate limits' counters (lib/services/rate-limits.ts), in the layout of
 * rate-limiter-flexible's RateLimiterDynamo — string key `key`, number `points`, number `expire` (epoch seconds,
 * the table's TTL attribute). We create it (amplify/rate-limits.ts; lib/local/tables.ts), never the library.
 */
export const RATE_LIMIT_TABLE = { partitionKey: 'key', ttlAttribute: 'expire', envVar: 'RATE_LIMIT_TABLE_NAME' } as const;

export const localRateLimitTable = (suffix: string) => `RateLimit-${suffix}`;
/** The rate-limit table that goes with a set of model tables (same suffix, as the local accounts table). */
export const localRateLimitTableFor = (tables: Pick<TableNames, 'UserProfile'>) =>
  localRateLimitTable(tables.UserProfile.replace(/^UserProfile-/, ''));

export function localTableNames(suffix = 'local'): TableNames {
  const names = {} as TableNames;
  for (const name of MODEL_NAMES) names[name] = `${name}-${suffix}`;
  return names;
}
