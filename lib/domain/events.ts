/**
 * Domain events: what happened, in one vocabulary. Every change of state, ledger, credits, refunds, transfers and
 * payouts appends one of these in the same DynamoDB transaction as the change (the outbox, lib/data/outbox.ts), and
 * consumers (audit view, tallies, later emails and rollups) react to each exactly once.
 *
 * A transition of a state machine emits the event its machine's table below names, so adding a transition without
 * naming its event does not compile.
 */
import type { BookingTransitionName } from './booking-status';
import type { CreditPurchaseTransitionName } from './credit-purchase-status';
import type { DisputeTransitionName } from './dispute-record';
import type { LedgerEntryType } from './ledger';
import type { MembershipTransitionName } from './membership-status';
import type { PayoutTransitionName } from './payout-status';
import type { RefundCaseTransitionName } from './refund-case';

/** What an event is about; events of one aggregate are ordered. */
export type AggregateType =
  | 'Booking'
  | 'Payout'
  | 'Dispute'
  | 'CreditPurchase'
  | 'Membership'
  | 'Provider'
  | 'Customer'
  | 'Service'
  | 'StripeEvent'
  | 'Review'
  | 'PromotionCode'
  | 'Export';

export const AGGREGATE_TYPES: readonly AggregateType[] = [
  'Booking',
  'Payout',
  'Dispute',
  'CreditPurchase',
  'Membership',
  'Provider',
  'Customer',
  'Service',
  'StripeEvent',
  'Review',
  'PromotionCode',
  'Export',
];

export type ActorRole = 'CUSTOMER' | 'PROVIDER' | 'ADMIN' | 'SYSTEM' | 'STRIPE';

export const ACTOR_ROLES: readonly ActorRole[] = ['CUSTOMER', 'PROVIDER', 'ADMIN', 'SYSTEM', 'STRIPE'];

export interface EventActor {
  role: ActorRole;
  /** The user, when a person acted (absent for Stripe and the system). */
  id?: string;
}

export const BOOKING_EVENT_OF = {
  CONFIRM_PAYMENT: 'BookingConfirmed',
  FAIL_PAYMENT: 'BookingPaymentFailed',
  CANCEL_UNPAID: 'UnpaidBookingCancelled',
  EXPIRE_HOLD: 'BookingHoldExpired',
  REFUND_LATE_PAYMENT: 'LatePaymentRefunded',
  CANCEL_PAID: 'BookingCancelled',
  RESCHEDULE: 'BookingRescheduled',
  COMPLETE: 'BookingCompleted',
  MARK_NO_SHOW: 'BookingNoShow',
  PAY_OUT: 'BookingPaidOut',
  REFUND_IN_FULL_AFTER_PAYOUT: 'BookingRefundedAfterPayout',
  OPEN_DISPUTE: 'BookingDisputed',
  WIN_DISPUTE: 'BookingDisputeWon',
  LOSE_DISPUTE: 'BookingDisputeLost',
} as const satisfies Record<BookingTransitionName, string>;

export const PAYOUT_EVENT_OF = {
  SEND: 'PayoutInTransit',
  PAY: 'PayoutPaid',
  FAIL: 'PayoutFailed',
  RETURN: 'PayoutReturned',
  CANCEL: 'PayoutCanceled',
  ADD_DETAILS: 'PayoutDetailsUpdated',
} as const satisfies Record<PayoutTransitionName, string>;

export const CREDIT_PURCHASE_EVENT_OF = {
  COMPLETE: 'CreditPurchaseCompleted',
  EXPIRE: 'CreditPurchaseExpired',
  RESERVE_REFUND: 'CreditPurchaseRefundStarted',
  FINISH_REFUND: 'CreditPurchaseRefunded',
} as const satisfies Record<CreditPurchaseTransitionName, string>;

export const MEMBERSHIP_EVENT_OF = {
  PAY_FIRST_INVOICE: 'MembershipActivated',
  EXPIRE_INCOMPLETE: 'MembershipExpired',
  END_TRIAL: 'MembershipTrialEnded',
  FAIL_RENEWAL: 'MembershipRenewalFailed',
  GIVE_UP_RETRIES: 'MembershipUnpaid',
  RECOVER: 'MembershipRecovered',
  PAUSE: 'MembershipPaused',
  CANCEL: 'MembershipCanceled',
  REFRESH: 'MembershipUpdated',
} as const satisfies Record<MembershipTransitionName, string>;

export const REFUND_CASE_EVENT_OF = {
  OPEN_CASE: 'RefundCaseOpened',
  ESCALATE_CASE: 'RefundCaseEscalated',
  RESOLVE_CASE: 'RefundCaseResolved',
} as const satisfies Record<RefundCaseTransitionName, string>;

export const DISPUTE_EVENT_OF = {
  SUBMIT_INQUIRY_EVIDENCE: 'InquiryEvidenceSubmitted',
  CLOSE_INQUIRY: 'InquiryClosed',
  ESCALATE: 'InquiryEscalated',
  SUBMIT_EVIDENCE: 'DisputeEvidenceSubmitted',
  WIN: 'DisputeWon',
  LOSE: 'DisputeLost',
  REFRESH: 'DisputeUpdated',
} as const satisfies Record<DisputeTransitionName, string>;

type ValueOf<T> = T[keyof T];

/** Events a state-machine transition emits (payload: TransitionPayload). */
export type TransitionEventType =
  | ValueOf<typeof BOOKING_EVENT_OF>
  | ValueOf<typeof PAYOUT_EVENT_OF>
  | ValueOf<typeof CREDIT_PURCHASE_EVENT_OF>
  | ValueOf<typeof MEMBERSHIP_EVENT_OF>
  | ValueOf<typeof REFUND_CASE_EVENT_OF>
  | ValueOf<typeof DISPUTE_EVENT_OF>;

/** A scalar detail an event carries (kept flat so every consumer reads it the same way). */
type EventDetail = string | number | boolean;
export type EventDetails = Readonly<Record<string, EventDetail>>;

interface TransitionPayload {
  transition: string;
  /** The status read before the change, when the writer knew it. */
  from?: string;
  /** The status after it (absent: the transition keeps the status). */
  to?: string;
  details?: EventDetails;
}

/** Payloads of the events that are not transitions. */
export interface RecordEventPayloads {
  /** A booking was created with its slot held (PENDING_PAYMENT). */
  BookingRequested: {
    serviceId: string;
    providerId: string;
    customerId: string;
    startDateTime: string;
    totalCents: number;
    currency: string;
  };
  /** The provider checked the customer in with the booking's secret code (once). */
  BookingCheckedIn: { checkedInAt: string };
  /** A booking that could not be made (its credits refused, no PaymentIntent) was removed with its holds. */
  BookingDiscarded: { reason: string };
  /** One ledger line was written (its id is deterministic; the line is written once). */
  LedgerLineWritten: {
    lineId: string;
    account: string;
    entryType: LedgerEntryType;
    amountCents: number;
    currency: string;
    stripeObjectId?: string;
    providerId?: string;
    /** The line's own time when it is dated at Stripe's (a dispute's), not at the event's: the day it counts on. */
    datedAt?: string;
  };
  /**
   * A refund of a booking's payment was recorded (or its status changed). refundId: the refund request's id (a late
   * payment's refund: Stripe's); amountCents: the whole refund, of which creditsReturned went back as credits.
   */
  RefundRecorded: {
    refundId: string;
    amountCents: number;
    currency: string;
    status: string;
    reason?: string;
    stripeRefundId?: string;
    creditsReturned?: number;
  };
  /** A payout was created on a connected account. */
  PayoutCreated: { payoutId: string; providerId: string; amountCents: number; currency: string; status: string; method: string };
  /** A dispute (chargeback or inquiry) was first recorded. */
  DisputeOpened: { disputeId: string; bookingId?: string; amountCents: number; currency: string; status: string; reason: string };
  /** A customer's credit balance changed (a grant, a spend, a return, a removal). */
  CreditBalanceChanged: { creditTransactionId: string; userId: string; delta: number; reason: string; balanceAfter?: number };
  /** A credit package checkout was started (OPEN). */
  CreditPurchaseStarted: { purchaseId: string; userId: string; credits: number; amountCents: number; currency: string };
  /** A membership was first recorded. */
  MembershipStarted: { membershipId: string; userId: string; planId: string; status: string };
  /** A provider's debt to the platform changed (a shortfall recorded, or netted from a transfer). */
  ProviderDebtChanged: { providerId: string; deltaCents: number; bookingId?: string };
  /** A provider's Stripe account changed state (onboarding, restrictions, capabilities). */
  ProviderAccountUpdated: {
    providerId: string;
    stripeAccountId: string;
    status: string;
    chargesEnabled?: boolean;
    payoutsEnabled?: boolean;
  };
  /** A payment record (booking, membership invoice, credit checkout) was written or changed status. */
  PaymentRecorded: {
    paymentId: string;
    userId: string;
    amountCents: number;
    currency: string;
    status: string;
    purpose?: string;
    bookingId?: string;
  };
  /** An admin acted: the audit log's entries that are not themselves a change above (and the reason for those). */
  AdminActionTaken: { action: string; reason?: string; details?: EventDetails };
  /** A customer reviewed a completed booking (aggregate: the review, `review:<bookingId>`). */
  ReviewLeft: { reviewId: string; bookingId: string; serviceId: string; providerId: string; rating: number };
  /** The customer changed their review within its edit window. */
  ReviewEdited: { reviewId: string; serviceId: string; rating: number; previousRating: number };
  /** The provider replied to a review (once). */
  ReviewReplied: { reviewId: string; serviceId: string; providerId: string };
  /** A person deleted their account: identity erased, money records kept under a pseudonym (aggregate: Customer). */
  AccountDeleted: { userId: string; cancelledBookings: number; cancelledMemberships: number; closedConnectedAccount: boolean };
  /** An admin created a promotion code (aggregate: the code). */
  PromotionCodeCreated: { code: string; discountKind: string; percentOff?: number; amountOffCents?: number; currency?: string };
  /** A customer redeemed a code (once per customer per code): for a booking, a membership or a credit package. */
  PromotionCodeRedeemed: { code: string; userId: string; purpose: string; subject: string; discountCents?: number; currency?: string };
  /** A redemption was given back: the payment it was for could not be made (the use counts again). */
  PromotionRedemptionReleased: { code: string; userId: string; subject: string; reason: string };
  /** An admin asked for a CSV export (aggregate: the export job); the exports consumer writes the file in the background. */
  ExportRequested: { exportId: string; kind: string; from: string; to: string };
}

export type RecordEventType = keyof RecordEventPayloads;
export type DomainEventType = TransitionEventType | RecordEventType;

type PayloadOf<T extends DomainEventType> = T extends RecordEventType ? RecordEventPayloads[T] : TransitionPayload;

/** An event before it is stored: the writer adds the id, the order and the time. */
export type NewDomainEvent = {
  [T in DomainEventType]: { type: T; aggregateType: AggregateType; aggregateId: string; actor: EventActor; payload: PayloadOf<T> };
}[DomainEventType];

/** An event as stored and delivered. */
export type DomainEvent = NewDomainEvent & {
  id: string;
  /** Orders the events of one aggregate (and of one month): `<occurredAt>#<counter>`. */
  sequence: string;
  occurredAt: string;
};

const TRANSITION_EVENT_TYPE_LIST: readonly TransitionEventType[] = [
  ...Object.values(BOOKING_EVENT_OF),
  ...Object.values(PAYOUT_EVENT_OF),
  ...Object.values(CREDIT_PURCHASE_EVENT_OF),
  ...Object.values(MEMBERSHIP_EVENT_OF),
  ...Object.values(REFUND_CASE_EVENT_OF),
  ...Object.values(DISPUTE_EVENT_OF),
];

/** Every record event type, once (the `satisfies` keeps the list whole when a type is added). */
const RECORD_EVENT_TYPES = Object.keys({
  BookingRequested: true,
  LedgerLineWritten: true,
  RefundRecorded: true,
  PayoutCreated: true,
  DisputeOpened: true,
  CreditBalanceChanged: true,
  CreditPurchaseStarted: true,
  MembershipStarted: true,
  ProviderDebtChanged: true,
  ProviderAccountUpdated: true,
  PaymentRecorded: true,
  AdminActionTaken: true,
  BookingDiscarded: true,
  BookingCheckedIn: true,
  ReviewLeft: true,
  ReviewEdited: true,
  ReviewReplied: true,
  AccountDeleted: true,
  PromotionCodeCreated: true,
  PromotionCodeRedeemed: true,
  PromotionRedemptionReleased: true,
  ExportRequested: true,
} satisfies Record<RecordEventType, true>) as RecordEventType[];

/** Every event type there is: what a stored event's type is checked against, and what a consumer of all events lists. */
export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = [...TRANSITION_EVENT_TYPE_LIST, ...RECORD_EVENT_TYPES];

/** The aggregate a ledger account belongs to (a booking id, `provider:<id>`, `credit-purchase:<id>`). */
export function aggregateOfLedgerAccount(account: string): { aggregateType: AggregateType; aggregateId: string } {
  if (account.startsWith('provider:')) return { aggregateType: 'Provider', aggregateId: account.slice('provider:'.length) };
  if (account.startsWith('credit-purchase:'))
    return { aggregateType: 'CreditPurchase', aggregateId: account.slice('credit-purchase:'.length) };
  if (account.startsWith('membership:')) return { aggregateType: 'Membership', aggregateId: account.slice('membership:'.length) };
  return { aggregateType: 'Booking', aggregateId: account };
}

/** The stored key that groups an aggregate's events. */
export const aggregateKey = (aggregateType: AggregateType, aggregateId: string) => `${aggregateType}#${aggregateId}`;
