/**
 * Every stored shape, in one import: the records of each area live beside this file (booking-records.ts,
 * provider-records.ts, customer-records.ts) and the domain's shared words come from lib/domain/vocabulary.ts.
 * Components may import this file (types only) and no other module of lib/data. Here: the ledger line and the
 * Stripe event log (and its dedupe marker), which every area writes.
 */
import type { LedgerEntryType } from '../domain/ledger';
import type { Currency } from '../domain/money';
import type { ModelItem } from './items';

export type { BookingStatus } from '../domain/booking-status';
export type { LedgerEntryType } from '../domain/ledger';
export type {
  StripeAccountStatus,
  PayoutSchedule,
  CancellationPolicy,
  PricingUnit,
  Weekday,
  TimeRange,
  WeeklyAvailability,
  PayoutStatus,
  DisputeEvidenceField,
} from '../domain/vocabulary';
export type {
  BookingRecord,
  DisputeRecord,
  IntentCancelStatus,
  RefundClaim,
  RefundCaseQueue,
  RefundDisputeCase,
  RefundSummary,
  RescheduleEntry,
  PendingMove,
  TopUpPayment,
  SlotHoldRecord,
} from './booking-records';
export type { PayoutMethod, PayoutRecord, ServiceRecord, UserProfileRecord } from './provider-records';
export type {
  CreditPackageRecord,
  CreditPurchaseRecord,
  CreditPurchaseStatus,
  CreditTransactionRecord,
  CreditTransactionType,
  CustomerRecord,
  MembershipPlanRecord,
  PaymentKind,
  PaymentRecord,
  PaymentStatus,
  SubscriptionRecord,
  SubscriptionStatus,
} from './customer-records';

export interface TransactionRecord extends ModelItem {
  __typename: 'Transaction';
  /** The booking; for lines of no one booking (PAYOUT) the ledger account `provider:<userId>`. */
  bookingId: string;
  /** The provider the money belongs to (TRANSFER and PAYOUT lines). */
  providerId?: string;
  type: LedgerEntryType;
  /** `<type>#<YYYY-MM-DD>` of createdAt: the byTypeDay index's time-bucketed partition. */
  typeDay?: string;
  amountCents: number;
  currency: Currency;
  stripeObjectId?: string;
  description: string;
}

export interface ProcessedEventRecord extends ModelItem {
  __typename: 'ProcessedEvent';
  eventType: string;
  stripeCreated: number;
  processedAt: string;
}

/** IGNORED: signed, but nothing the app can use (unknown type or object, another account, malformed): acknowledged. */
export type WebhookEventStatus = 'RECEIVED' | 'PROCESSED' | 'IGNORED' | 'FAILED';

/** The webhook dispatcher's log of one Stripe event (id = event id); ProcessedEvent stays the dedupe marker. */
export interface WebhookEventLogRecord extends ModelItem {
  __typename: 'WebhookEventLog';
  /** YYYY-MM of receivedAt: the byLogMonth index's partition. */
  logMonth: string;
  /** `<status>#<YYYY-MM of receivedAt>`: the byStatusMonth index's partition, moved with the status. */
  statusMonth: string;
  eventType: string;
  status: WebhookEventStatus;
  receivedAt: string;
  stripeCreated: number;
  attempts: number;
  lastError?: string;
  /** Why an IGNORED event could not be used, in words. */
  reason?: string;
  processedAt?: string;
  /** Set when an admin reprocessed it. */
  reprocessedBy?: string;
}
