/**
 * refund-processor's contract: request schemas (zod) and response shapes for refunds, refund disputes and the admin
 * dashboard (ADMIN group only). Amounts are integer minor units of the booking's currency (`refundAmount: 150` = $1.50
 * on a usd booking).
 */
import { DISPUTE_STATUSES, type DisputeStatus } from '../domain/dispute-record';
import { z } from 'zod';
import { ACTOR_ROLES, AGGREGATE_TYPES, DOMAIN_EVENT_TYPES, type DomainEventType } from '../domain/events';
import { BOOKING_STATUSES, type BookingStatus } from '../domain/booking-status';
import type { Currency } from '../domain/money';
import type { MoneyFlowBalance } from '../domain/ledger';
import type { TrailEntry } from '../domain/money-trail';
import type { DayMetrics } from '../domain/metrics';
import type { DayRange, MetricSummary } from '../domain/metric-summary';
import type { RefundBreakdown } from '../domain/refunds';
import type { RefundDisputeCase, RefundSummary, TransactionRecord, BookingRecord } from '../data/records';
import { checkoutSessionId, currencyCode, id } from './fields';

const cents = z.number().int().min(0).max(100_000_000);
const reason = z.string().trim().min(3, 'A reason is required').max(500);
/** One per form submission (the browser makes it): a double submit refunds once. */
const requestId = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'requestId: 6-64 letters, digits, _ or -');

export const refundRequests = {
  CALCULATE_REFUND: z.object({ bookingId: id, refundAmount: cents.optional(), providerCompensation: cents.optional() }).strict(),
  /**
   * Admin: `refundAmount` (1..refundable) and `reason` required, optional `providerCompensation`.
   * The booking's customer: no amount (a cancellation: the policy amount; the booking becomes CANCELLED).
   */
  PROCESS_REFUND: z
    .object({
      bookingId: id,
      refundAmount: cents.min(1).optional(),
      reason: reason.optional(),
      providerCompensation: cents.optional(),
      requestId: requestId.optional(),
    })
    .strict(),
  GET_REFUND_STATUS: z.object({ bookingId: id }).strict(),
  /**
   * The booking's customer or provider contests a refund decision: `amountCents` in dispute (default: the most they
   * may contest — the customer paid − refunded, the provider what was refunded).
   */
  DISPUTE_REFUND: z.object({ bookingId: id, reason, amountCents: cents.min(1).optional() }).strict(),
  /**
   * The dispute desk: APPROVE refunds the amount in dispute (a customer's case), DENY closes the case with the note;
   * without a decision the case is closed with the note (a refund made on the booking's page beforehand).
   */
  ADMIN_RESOLVE_REFUND_DISPUTE: z.object({ bookingId: id, resolution: reason, decision: z.enum(['APPROVE', 'DENY']).optional() }).strict(),
} as const;

export interface RefundResponses {
  CALCULATE_REFUND: RefundCalculation;
  PROCESS_REFUND: ProcessRefundResult;
  GET_REFUND_STATUS: RefundStatus;
  DISPUTE_REFUND: { dispute: RefundDisputeCase };
  /** `refund`: what an APPROVE issued. */
  ADMIN_RESOLVE_REFUND_DISPUTE: { dispute: RefundDisputeCase; refund?: ProcessRefundResult };
}

// ---- the admin dashboard (refund-processor, ADMIN group only) -----------------------------------
const bookingStatus = z.enum(BOOKING_STATUSES);
const limit = z.number().int().min(1).max(200).default(50);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day as YYYY-MM-DD');
/** A list's order by its date (newest first unless asked) and the opaque cursor of its next page. */
const listOrder = z.enum(['newest', 'oldest']).optional();
const listCursor = z.string().min(1).max(2000).optional();
const evidenceText = (max: number) => z.string().trim().max(max).optional();

export const adminRequests = {
  /**
   * Newest (or oldest) first a page at a time, filtered by status, currency and created days (from..to, UTC); or a
   * search by booking id or customer email (one page, the filters applied to it).
   */
  ADMIN_LIST_BOOKINGS: z
    .object({
      status: bookingStatus.optional(),
      search: z.string().trim().max(200).optional(),
      currency: currencyCode.optional(),
      from: day.optional(),
      to: day.optional(),
      order: listOrder,
      limit,
      cursor: listCursor,
    })
    .strict(),
  ADMIN_GET_BOOKING: z.object({ bookingId: id }).strict(),
  /**
   * Chargebacks by evidence due date (soonest first unless `order: 'latest'`): one status, or the open ones (with
   * `includeClosed`, won and lost too), a page at a time.
   */
  ADMIN_LIST_DISPUTES: z
    .object({
      includeClosed: z.boolean().default(false),
      status: z.enum(DISPUTE_STATUSES as [DisputeStatus, ...DisputeStatus[]]).optional(),
      order: z.enum(['soonest', 'latest']).optional(),
      limit,
      cursor: listCursor,
    })
    .strict(),
  /** Contested refunds by opening time (oldest first unless `order: 'newest'`): escalated then open, or one state. */
  ADMIN_LIST_REFUND_CASES: z
    .object({ state: z.enum(['ESCALATED', 'OPEN']).optional(), order: listOrder, limit, cursor: listCursor })
    .strict(),
  ADMIN_LIST_PROVIDERS: z
    .object({ limit, status: z.enum(['PENDING', 'ACTIVE', 'RESTRICTED', 'REJECTED']).optional(), cursor: listCursor })
    .strict(),
  ADMIN_LIST_EVENTS: z
    .object({ status: z.enum(['RECEIVED', 'PROCESSED', 'IGNORED', 'FAILED']).optional(), limit, order: listOrder, cursor: listCursor })
    .strict(),
  ADMIN_REPROCESS_EVENT: z.object({ eventId: z.string().regex(/^evt_[A-Za-z0-9]+$/) }).strict(),
  /** The last `days` days, or the UTC days from..to (inclusive, at most 366); money in `currency` (default usd). */
  ADMIN_METRICS: z
    .object({
      days: z.number().int().min(1).max(90).default(14),
      from: day.optional(),
      to: day.optional(),
      currency: currencyCode.optional(),
    })
    .strict(),
  /**
   * The audit log (a view over the domain events), newest first: everything, or one aggregate's history (its type and
   * id, both or neither); `adminActionsOnly` keeps AdminActionTaken events; `cursor` is the previous page's.
   */
  ADMIN_AUDIT_LOG: z
    .object({
      aggregateType: z.enum(AGGREGATE_TYPES).optional(),
      aggregateId: z.string().trim().min(1).max(200).optional(),
      adminActionsOnly: z.boolean().default(false),
      eventType: z.enum(DOMAIN_EVENT_TYPES as [DomainEventType, ...DomainEventType[]]).optional(),
      actorRole: z.enum(ACTOR_ROLES).optional(),
      cursor: z.string().max(1000).optional(),
      limit,
    })
    .strict()
    .refine((v) => Boolean(v.aggregateType) === Boolean(v.aggregateId), {
      message: 'Give both the aggregate type and its id, or neither',
      path: ['aggregateId'],
    }),
  /** What happened on a day (UTC, default today): events counted per type by the tally consumer. */
  ADMIN_ACTIVITY: z
    .object({
      day: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'A day as YYYY-MM-DD')
        .optional(),
    })
    .strict(),
  /** Evidence for a chargeback (by its booking or dispute id): `submit: false` saves a draft, `true` sends it to the bank. */
  SUBMIT_DISPUTE_EVIDENCE: z
    .object({
      bookingId: id.optional(),
      disputeId: z
        .string()
        .regex(/^(dp|du)_[A-Za-z0-9]+$/, 'disputeId: a Stripe dispute id')
        .optional(),
      evidence: z
        .object({
          product_description: evidenceText(20_000),
          customer_name: evidenceText(500),
          customer_email_address: evidenceText(254).refine(
            (v) => !v || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v),
            'customer_email_address: an email address',
          ),
          service_date: evidenceText(200),
          uncategorized_text: evidenceText(20_000),
        })
        .strict(),
      submit: z.boolean(),
    })
    .strict()
    .refine((v) => Boolean(v.bookingId) !== Boolean(v.disputeId), { message: 'Give either bookingId or disputeId', path: ['bookingId'] })
    .refine((v) => !v.submit || Object.values(v.evidence).some((t) => Boolean(t)), {
      message: 'Add some evidence before submitting',
      path: ['evidence'],
    }),
} as const;
export type AdminAction = keyof typeof adminRequests;

/** Refunds of credit purchases (ADMIN only, with the dashboard's other actions). */
export const creditPurchaseAdminRequests = {
  /** Refund a credit purchase's unspent part (card refund + credits removed); the reason goes to the audit log. */
  REFUND_CREDIT_PURCHASE: z
    .object({
      purchaseId: checkoutSessionId,
      reason: z.string({ error: 'Enter a reason' }).trim().min(3, 'Enter a reason (at least 3 characters)').max(500),
    })
    .strict(),
  /**
   * Paid credit purchases a page at a time (newest or oldest first; one status, a currency, created days from..to),
   * or one customer's (by email), each with what a refund would return now.
   */
  ADMIN_LIST_CREDIT_PURCHASES: z
    .object({
      email: z.string().trim().max(254).optional(),
      status: z.enum(['COMPLETED', 'REFUND_PENDING', 'REFUNDED']).optional(),
      currency: currencyCode.optional(),
      from: day.optional(),
      to: day.optional(),
      order: listOrder,
      limit: z.number().int().min(1).max(200).default(50),
      cursor: listCursor,
    })
    .strict(),
} as const;
export type CreditPurchaseAdminAction = keyof typeof creditPurchaseAdminRequests;
export type CreditPurchaseAdminRequest<A extends CreditPurchaseAdminAction> = z.infer<(typeof creditPurchaseAdminRequests)[A]>;

export interface CreditPurchaseRefundView {
  purchaseId: string;
  creditsRemoved: number;
  /** Credits of the purchase already spent: not refunded. */
  spentCredits: number;
  refundAmountCents: number;
  currency: Currency;
  full: boolean;
  refundId: string;
  /** In words, e.g. "Refunded $45.00 for 5,000 unspent credits; 5,000 credits were already spent and are not refunded." */
  message: string;
}

/** A credit purchase on the admin refunds page; refund numbers come from the same plan the refund uses. */
export interface AdminCreditPurchaseView {
  id: string;
  userId: string;
  customerEmail: string;
  packageName: string;
  credits: number;
  amountCents: number;
  currency: Currency;
  status: 'OPEN' | 'COMPLETED' | 'EXPIRED' | 'REFUND_PENDING' | 'REFUNDED';
  createdAt: string;
  /** Of this purchase's credits: spent (not refundable) and unspent (what a refund removes), as of now or of the refund. */
  spentCredits: number;
  unspentCredits: number;
  /** COMPLETED: what a refund would return now; REFUND_PENDING / REFUNDED: what was reserved / returned. */
  refundCents: number;
  /** A refund can be issued (or finished) now. */
  refundable: boolean;
  refundedAt?: string;
  /** In words, e.g. "A refund now returns $20.00 for 2,000 unspent credits; 3,000 were already spent." */
  summary: string;
}

export interface CreditPurchaseAdminResponses {
  REFUND_CREDIT_PURCHASE: CreditPurchaseRefundView;
  /** nextCursor: present while more pages may follow (pass it back as `cursor` with the same filters). */
  ADMIN_LIST_CREDIT_PURCHASES: { purchases: AdminCreditPurchaseView[]; nextCursor?: string };
}

export interface RefundCalculation extends RefundBreakdown {
  bookingId: string;
  paidCents: number;
  alreadyRefundedCents: number;
  refundableCents: number;
  hoursBeforeStart: number;
  transferredCents: number;
  /** Of refundCents: what goes back to the card, and as credits (a booking paid partly or fully with credits). */
  cardRefundCents: number;
  creditsReturned: number;
}

export interface ProcessRefundResult {
  bookingId: string;
  refund: RefundSummary;
  /** true when this request found the refund already done (a repeat). */
  replayed: boolean;
  booking: { status: BookingStatus; refundedCents: number; refundableCents: number; currency: string };
}

export interface RefundStatus {
  bookingId: string;
  status: BookingStatus;
  currency: string;
  /** What the booking cost: card and credits together (refunds are of this). */
  paidCents: number;
  /** Of paidCents, what credits paid; and the credits refunds gave back so far (part of refundedCents). */
  paidWithCreditsCents: number;
  creditsReturnedCents: number;
  refundedCents: number;
  refundableCents: number;
  feeRefundedCents: number;
  providerReversedCents: number;
  providerDebtCents: number;
  refunds: RefundSummary[];
  inProgress: { refundRequestId: string; refundCents: number; claimedAt: string } | null;
  payoutHold: boolean;
  refundDispute: RefundDisputeCase | null;
  /** What the caller could contest now (DISPUTE_REFUND), or null when they are not a party who may. */
  contest: RefundContest | null;
}

/** A party's view of what they may contest: the most, and what a case for that much would hold. */
export interface RefundContest {
  role: 'CUSTOMER' | 'PROVIDER';
  /** 0: nothing to contest (no refund decided, or nothing left on their side). */
  maxCents: number;
  /** Of the provider's share not yet transferred, what a case for maxCents holds (always 0 for the provider). */
  heldAtMaxCents: number;
  currency: Currency;
}

/** ADMIN_LIST_REFUND_CASES' rows: the open refund cases, escalated first. */
export interface RefundCaseRow {
  bookingId: string;
  serviceTitle: string;
  customerEmail: string;
  providerId: string;
  bookingStatus: BookingStatus;
  currency: Currency;
  openedByRole: 'CUSTOMER' | 'PROVIDER';
  reason: string;
  openedAt: string;
  escalatedAt?: string;
  /** The amount in dispute (null on cases opened before amounts were recorded). */
  amountCents: number | null;
  /** What the case holds of the provider's share not yet transferred. */
  heldCents: number;
}

/** ADMIN_METRICS: the range's per-day series (bookings counted in every currency) and the key metrics of `currency`. */
export interface AdminMetricsReport {
  currency: Currency;
  range: DayRange;
  days: DayMetrics[];
  summary: MetricSummary;
}

export interface AdminBookingRow {
  id: string;
  createdAt: string;
  startDateTime: string;
  status: BookingStatus;
  serviceTitle: string;
  customerEmail: string;
  providerId: string;
  totalAmountCents: number;
  refundedCents: number;
  currency: string;
  payoutHold: boolean;
  chargebackStatus?: string;
}

/** ADMIN_GET_BOOKING: one booking with its ledger and Stripe's view of its refunds and transfers. */
export interface AdminBookingDetail {
  booking: BookingRecord;
  ledger: TransactionRecord[];
  flow: MoneyFlowBalance;
  /** The money trail: each Stripe object of the booking next to the ledger lines that came from it. */
  trail: TrailEntry[];
  stripe: {
    refunds: { id: string; amount: number; status: string | null; created: number }[];
    transfers: { id: string; amount: number; amountReversed: number; destination: string | undefined }[];
    /** The ledger agrees with Stripe's refunds and reversals. */
    agrees: boolean;
  };
}
