import type { Currency } from '../domain/money';
import type { ServiceDefinition } from '../domain/service-rules';
import type { BookingStatus } from '../domain/booking-status';
import type { LedgerEntryType } from '../domain/ledger';
import type { StripeAccountStatus, PayoutSchedule, PayoutStatus, DisputeEvidenceField } from '../domain/vocabulary';
export type { StripeAccountStatus, PayoutSchedule, CancellationPolicy, PricingUnit, Weekday, TimeRange, WeeklyAvailability, PayoutStatus, DisputeEvidenceField } from '../domain/vocabulary';

/** Fields AppSync expects on every model item written directly by a function. */
export interface ModelItem {
  id: string;
  __typename: string;
  createdAt: string;
  updatedAt: string;
  owner?: string;
}


export interface UserProfileRecord extends ModelItem {
  __typename: 'UserProfile';
  email: string;
  displayName: string;
  timeZone?: string;
  stripeAccountId?: string;
  stripeOnboardingComplete?: boolean;
  stripeAccountStatus?: StripeAccountStatus;
  stripeChargesEnabled?: boolean;
  stripePayoutsEnabled?: boolean;
  stripeDetailsSubmitted?: boolean;
  stripeRequirements?: unknown;
  stripeCapabilities?: unknown;
  stripeOnboardingUrl?: string;
  /** Unix seconds of the Stripe state stored (when it was fetched from Stripe). */
  stripeAccountSyncedAt?: number;
  /**
   * ISO date-time while a CREATE_ACCOUNT request holds the profile's account slot (a conditional write claims it,
   * so two concurrent calls never create two accounts); removed once stripeAccountId is stored.
   */
  stripeAccountClaimedAt?: string;
  /** Refund reversals the provider's balance could not cover: netted from future payouts (lib/services/payouts.ts). */
  providerDebtCents?: number;
  /**
   * The booking whose payout is netting the debt right now (lib/services/payouts.ts): one at a time, so two
   * concurrent payout runs never recover the same debt twice; removed in the transaction that records that payout.
   */
  providerDebtNettingBookingId?: string;
  /** When the scheduled run pays out the provider's available balance (absent = DAILY). */
  payoutSchedule?: PayoutSchedule;
}

/** DAILY: every scheduled run; WEEKLY: Monday's run (UTC); MANUAL: only when the provider asks. */



/** A service: what its provider defines (lib/domain/service-rules.ts) plus its owner and listing state. */
export interface ServiceRecord extends ModelItem, ServiceDefinition {
  __typename: 'Service';
  providerId: string;
  isActive: boolean;
  /** 'LISTED' while active (sparse public index); removed when deactivated. */
  listingStatus?: 'LISTED';
}

export type { BookingStatus } from '../domain/booking-status';

export type IntentCancelStatus = 'PENDING' | 'GAVE_UP';

export interface BookingRecord extends ModelItem {
  __typename: 'Booking';
  serviceId: string;
  serviceTitle: string;
  serviceCategory: string;
  providerId: string;
  customerId: string;
  customerEmail: string;
  startDateTime: string;
  endDateTime: string;
  groupSize: number;
  specialRequests?: string;
  status: BookingStatus;
  totalAmountCents: number;
  platformFeeCents: number;
  providerEarningsCents: number;
  currency: Currency;
  paymentIntentId?: string;
  chargeId?: string;
  paymentFailureCode?: string;
  paymentFailureMessage?: string;
  confirmedAt?: string;
  /** Credits (1 credit = 1 minor unit of `currency`, lib/domain/credits.ts) that pay part or all of the total. */
  creditsAppliedCents?: number;
  /** Credits given back so far (refunds of a credit-paid booking); never more than creditsAppliedCents. */
  creditsReturnedCents?: number;
  qrCode: string;
  /** ids of the SlotHold items this booking owns, released on cancel/expiry */
  slotHoldIds: string[];
  holdExpiresAt: string;
  // ---- lifecycle ----
  /** When an unpaid hold ended: CANCELLED by its customer/admin or EXPIRED by the scheduled run. */
  cancelledAt?: string;
  cancelledBy?: string;
  expiredAt?: string;
  /** The PaymentIntent could not be canceled when the hold ended (Stripe unreachable); a late payment is refunded. */
  paymentIntentCancelFailed?: boolean;
  /**
   * The failed cancel's retry (lib/services/booking-lifecycle.ts retryPendingIntentCancels; timing in lib/domain/scheduled-run.ts): 'PENDING' while the
   * scheduled run retries it (sparse index byIntentCancelRetry), 'GAVE_UP' after the last attempt (an admin must
   * cancel the PaymentIntent by hand); removed once the PaymentIntent is canceled (or was paid and refunded).
   */
  intentCancelStatus?: IntentCancelStatus;
  /** When the next retry is due (only while PENDING: the index's sort key). */
  intentCancelRetryAt?: string;
  intentCancelPendingSince?: string;
  /** Cancel attempts so far, the first one included. */
  intentCancelAttempts?: number;
  intentCancelLastError?: string;
  intentCancelResolvedAt?: string;
  /** A payment that succeeded after the hold ended, refunded in full (never confirmed). */
  latePaymentRefundId?: string;
  completedAt?: string;
  /** 'SYSTEM' for the scheduled completion, else the provider's (or admin's) user id. */
  completedBy?: string;
  /** A payout run's claim on this COMPLETED booking (set by a conditional write before the Stripe transfer). */
  payoutClaimId?: string;
  payoutClaimedAt?: string;
  transferId?: string;
  paidOutAt?: string;
  /** The provider's earlier debt netted from this booking's transfer (fixed before the transfer; PROVIDER_DEBT −line). */
  providerDebtRecoveredCents?: number;
  // ---- refunds and refund disputes ----
  /** Cumulative sums of this booking's completed refunds (minor units of `currency`). */
  refundedCents?: number;
  feeRefundedCents?: number;
  /** Provider's part taken back (earning reduction + reversal + debt) and compensation absorbed by the platform. */
  providerRefundedCents?: number;
  refundCompensationCents?: number;
  providerReversedCents?: number;
  providerDebtCents?: number;
  /** The refund in flight: claimed by a conditional write before any Stripe call, removed when it is recorded. */
  refundClaimId?: string;
  refundClaim?: RefundClaim;
  /** Completed refunds, oldest first (bounded: a booking has few refunds). */
  refunds?: RefundSummary[];
  /** Set while a refund decision is contested (DISPUTE_REFUND) or a chargeback is open: no refunds, no payout. */
  payoutHold?: boolean;
  refundDispute?: RefundDisputeCase;
  /** A chargeback on the booking's charge (lib/services/disputes.ts): the booking is DISPUTED while it is open. */
  disputeId?: string;
  /** Stripe's dispute status: warning_needs_response … needs_response, under_review, won, lost. */
  chargebackStatus?: string;
  /** The status a DISPUTED booking returns to when the chargeback is won. */
  statusBeforeDispute?: BookingStatus;
  chargebackAmountCents?: number;
  /** Set once a lost chargeback was settled (fee share given up, provider share made debt). */
  chargebackSettledAt?: string;
}

export interface RefundClaim {
  refundRequestId: string;
  refundCents: number;
  platformFeeRefundCents: number;
  providerReversalCents: number;
  providerEarningReductionCents: number;
  providerCompensationCents: number;
  /** Of the reversal: what the provider's balance covers now (reversed) and the shortfall (debt). */
  reverseCents: number;
  debtCents: number;
  /** A booking paid (partly) with credits: of refundCents, what goes back to the card and what as credits. */
  cardRefundCents?: number;
  creditsReturned?: number;
  transferId?: string;
  stripeAccountId?: string;
  reason: string;
  requestedBy: string;
  cancel: boolean;
  claimedAt: string;
}

export interface RefundSummary extends Omit<RefundClaim, 'claimedAt'> {
  stripeRefundId: string;
  transferReversalId?: string;
  createdAt: string;
}

export interface RefundDisputeCase {
  status: 'OPEN' | 'RESOLVED';
  openedBy: string;
  openedByRole: 'CUSTOMER' | 'PROVIDER';
  reason: string;
  openedAt: string;
  resolvedBy?: string;
  resolvedAt?: string;
  resolution?: string;
}

export interface SlotHoldRecord extends ModelItem {
  __typename: 'SlotHold';
  providerId: string;
  bookingId: string;
  startDateTime: string;
}

export type { LedgerEntryType } from '../domain/ledger';

export interface TransactionRecord extends ModelItem {
  __typename: 'Transaction';
  /** The booking; for lines of no one booking (PAYOUT) the ledger account `provider:<userId>`. */
  bookingId: string;
  /** The provider the money belongs to (TRANSFER and PAYOUT lines). */
  providerId?: string;
  type: LedgerEntryType;
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

export type PayoutMethod = 'standard' | 'instant';
/** Stripe's payout statuses. */

/** A payout from a provider's connected account to their bank, as Stripe last reported it. id = Stripe's `po_…`. */
export interface PayoutRecord extends ModelItem {
  __typename: 'Payout';
  providerId: string;
  stripeAccountId: string;
  amountCents: number;
  currency: Currency;
  method: PayoutMethod;
  status: PayoutStatus;
  /** Kept for readers that sort by progress; the guard against going backwards is PAYOUT_MACHINE (lib/domain/payout-status.ts). */
  statusRank: number;
  /** ISO date-time the bank should receive it. */
  arrivalDate: string;
  /** The instant payout fee shown before confirming (instant only). */
  feeCents?: number;
  failureCode?: string;
  failureMessage?: string;
  /** How it was made: the scheduled run's batch, or an instant payout's request id. */
  batch?: string;
}

// ---- customers, payments, memberships, credits ----------------------------------------

/**
 * One per user (id = userId): the Stripe customer and the credit balance. The Stripe customer is created on the
 * user's first purchase; `stripeCustomerClaimedAt` is the conditional claim that keeps concurrent first purchases
 * from creating two. `creditBalance` only ever changes through conditional ADD in a transaction with its
 * CreditTransaction record.
 */
export interface CustomerRecord extends ModelItem {
  __typename: 'Customer';
  userId: string;
  email: string;
  stripeCustomerId?: string;
  stripeCustomerClaimedAt?: string;
  defaultPaymentMethodId?: string;
  creditBalance?: number;
}

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';
export type PaymentKind = 'BOOKING' | 'CREDIT_PURCHASE' | 'MEMBERSHIP';

/** Every PaymentIntent the platform creates (id = PaymentIntent id), kept current by the webhook. */
export interface PaymentRecord extends ModelItem {
  __typename: 'Payment';
  userId: string;
  kind: PaymentKind;
  stripePaymentIntentId: string;
  stripeCustomerId?: string;
  amountCents: number;
  currency: Currency;
  status: PaymentStatus;
  description: string;
  bookingId?: string;
  creditPurchaseId?: string;
  subscriptionId?: string;
  invoiceId?: string;
  receiptUrl?: string;
  failureMessage?: string;
}

export type SubscriptionStatus =
  | 'incomplete'
  | 'incomplete_expired'
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'canceled'
  | 'unpaid'
  | 'paused';

/**
 * A membership (id = Stripe subscription id), as Stripe had it when last fetched. Table `Subscription`; its Amplify
 * model is `Membership` (GraphQL reserves "Subscription"), hence the __typename.
 */
export interface SubscriptionRecord extends ModelItem {
  __typename: 'Membership';
  userId: string;
  stripeCustomerId: string;
  planId: string;
  stripePriceId: string;
  status: SubscriptionStatus;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
  monthlyCredits: number;
  latestInvoiceId?: string;
  /** Unix seconds of the Stripe state stored. */
  stripeSyncedAt: number;
}

/** A membership plan: a Stripe product + recurring price; each paid invoice grants `monthlyCredits`. */
export interface MembershipPlanRecord extends ModelItem {
  __typename: 'MembershipPlan';
  name: string;
  description: string;
  stripeProductId: string;
  stripePriceId: string;
  priceCents: number;
  currency: Currency;
  interval: 'month' | 'year';
  monthlyCredits: number;
  sortOrder: number;
  listingStatus?: 'LISTED';
}

export interface CreditPackageRecord extends ModelItem {
  __typename: 'CreditPackage';
  name: string;
  description: string;
  credits: number;
  priceCents: number;
  currency: Currency;
  sortOrder: number;
  listingStatus?: 'LISTED';
}

export type CreditPurchaseStatus = 'OPEN' | 'COMPLETED' | 'EXPIRED' | 'REFUND_PENDING' | 'REFUNDED';

/** One credit-package checkout (id = Checkout Session id). */
export interface CreditPurchaseRecord extends ModelItem {
  __typename: 'CreditPurchase';
  userId: string;
  packageId: string;
  packageName: string;
  credits: number;
  amountCents: number;
  currency: Currency;
  status: CreditPurchaseStatus;
  stripeCustomerId: string;
  paymentIntentId?: string;
  completedAt?: string;
  expiredAt?: string;
  /** Set when an admin refund reserved it: the credits removed and the card amount to refund. */
  refundCreditsRemoved?: number;
  refundAmountCents?: number;
  refundId?: string;
  refundedAt?: string;
}

export type CreditTransactionType = 'PURCHASE' | 'MEMBERSHIP_GRANT' | 'SPEND' | 'SPEND_RETURN' | 'PURCHASE_REFUND';

/**
 * One change of a user's credit balance (signed `credits`). Deterministic ids (`purchase:<session>`,
 * `grant:<invoice>`, `spend:<booking>`, …) with attribute_not_exists make every change happen once.
 */
export interface CreditTransactionRecord extends ModelItem {
  __typename: 'CreditTransaction';
  userId: string;
  type: CreditTransactionType;
  credits: number;
  description: string;
  creditPurchaseId?: string;
  invoiceId?: string;
  subscriptionId?: string;
  bookingId?: string;
}

// ---- refunds, disputes, admin ----------------------------------------------------------

export type WebhookEventStatus = 'RECEIVED' | 'PROCESSED' | 'FAILED';

/** The webhook dispatcher's log of one Stripe event (id = event id); ProcessedEvent stays the dedupe marker. */
export interface WebhookEventLogRecord extends ModelItem {
  __typename: 'WebhookEventLog';
  logPartition: 'EVENTS';
  eventType: string;
  status: WebhookEventStatus;
  receivedAt: string;
  stripeCreated: number;
  attempts: number;
  lastError?: string;
  processedAt?: string;
  /** Set when an admin reprocessed it. */
  reprocessedBy?: string;
}

/** A chargeback (id = Stripe dispute id), as Stripe last reported it. */
export interface DisputeRecord extends ModelItem {
  __typename: 'Dispute';
  bookingId: string;
  chargeId: string;
  amountCents: number;
  currency: Currency;
  status: string;
  reason: string;
  evidenceDueBy: string;
  /** The evidence Stripe holds for the dispute (text fields we send; a draft until submitted). */
  evidence?: Partial<Record<DisputeEvidenceField, string>>;
  /** How many times evidence was submitted (Stripe's evidence_details.submission_count). */
  evidenceSubmissionCount?: number;
  /** When (and by which admin) the evidence was submitted to the bank; set once. */
  evidenceSubmittedAt?: string;
  evidenceSubmittedBy?: string;
  /** The submission in flight (its idempotency key and when it was claimed), set before the Stripe call, removed after. */
  evidenceClaimKey?: string;
  evidenceClaimedAt?: string;
}

/**
 * The evidence text fields the admin disputes page sends (a subset of Stripe's dispute evidence; Stripe's
 * customer_communication is a file upload id, so messages with the customer go in uncategorized_text).
 */
