/**
 * refund-processor's contract: request schemas (zod) and response shapes. Amounts are integer minor
 * units of the booking's currency (`refundAmount: 150` = $1.50 on a usd booking).
 */
import { z } from 'zod';
import { ACTOR_ROLES, AGGREGATE_TYPES } from '../domain/events';
import type { ProcessRefundResult, RefundCalculation, RefundStatus } from './refund-processor';
import type { RefundDisputeCase } from '../data/records';

const id = z.string().min(1).max(100);
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
  DISPUTE_REFUND: z.object({ bookingId: id, reason }).strict(),
  ADMIN_RESOLVE_REFUND_DISPUTE: z.object({ bookingId: id, resolution: reason }).strict(),
} as const;

/** booking-processor: cancel a paid booking (customer: policy refund; provider: full refund). */
export const cancellationRequests = {
  CANCEL_PAID_BOOKING: z.object({ bookingId: id, reason: z.string().trim().max(500).optional() }).strict(),
} as const;

export interface RefundResponses {
  CALCULATE_REFUND: RefundCalculation;
  PROCESS_REFUND: ProcessRefundResult;
  GET_REFUND_STATUS: RefundStatus;
  DISPUTE_REFUND: { dispute: RefundDisputeCase };
  ADMIN_RESOLVE_REFUND_DISPUTE: { dispute: RefundDisputeCase };
}

// ---- the admin dashboard (refund-processor, ADMIN group only) -----------------------------------
const bookingStatus = z.enum(['PENDING_PAYMENT', 'PAYMENT_FAILED', 'CONFIRMED', 'COMPLETED', 'PAID_OUT', 'CANCELLED', 'EXPIRED', 'DISPUTED', 'REFUNDED']);
const limit = z.number().int().min(1).max(200).default(50);
const evidenceText = (max: number) => z.string().trim().max(max).optional();

export const adminRequests = {
  ADMIN_LIST_BOOKINGS: z.object({ status: bookingStatus.optional(), search: z.string().trim().max(200).optional(), limit }).strict(),
  ADMIN_GET_BOOKING: z.object({ bookingId: id }).strict(),
  ADMIN_LIST_DISPUTES: z.object({ includeClosed: z.boolean().default(false) }).strict(),
  ADMIN_LIST_PROVIDERS: z.object({ limit }).strict(),
  ADMIN_LIST_EVENTS: z.object({ status: z.enum(['RECEIVED', 'PROCESSED', 'FAILED']).optional(), limit }).strict(),
  ADMIN_REPROCESS_EVENT: z.object({ eventId: z.string().regex(/^evt_[A-Za-z0-9]+$/) }).strict(),
  ADMIN_METRICS: z.object({ days: z.number().int().min(1).max(90).default(14) }).strict(),
  /**
   * The audit log (a view over the domain events), newest first: everything, or one aggregate's history (its type and
   * id, both or neither); `adminActionsOnly` keeps AdminActionTaken events; `cursor` is the previous page's.
   */
  ADMIN_AUDIT_LOG: z
    .object({
      aggregateType: z.enum(AGGREGATE_TYPES).optional(),
      aggregateId: z.string().trim().min(1).max(200).optional(),
      adminActionsOnly: z.boolean().default(false),
      actorRole: z.enum(ACTOR_ROLES).optional(),
      cursor: z.string().max(1000).optional(),
      limit,
    })
    .strict()
    .refine((v) => Boolean(v.aggregateType) === Boolean(v.aggregateId), { message: 'Give both the aggregate type and its id, or neither', path: ['aggregateId'] }),
  /** What happened on a day (UTC, default today): events counted per type by the tally consumer. */
  ADMIN_ACTIVITY: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day as YYYY-MM-DD').optional() }).strict(),
  /** Evidence for a chargeback (by its booking or dispute id): `submit: false` saves a draft, `true` sends it to the bank. */
  SUBMIT_DISPUTE_EVIDENCE: z
    .object({
      bookingId: id.optional(),
      disputeId: z.string().regex(/^(dp|du)_[A-Za-z0-9]+$/, 'disputeId: a Stripe dispute id').optional(),
      evidence: z
        .object({
          product_description: evidenceText(20_000),
          customer_name: evidenceText(500),
          customer_email_address: evidenceText(254).refine((v) => !v || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), 'customer_email_address: an email address'),
          service_date: evidenceText(200),
          uncategorized_text: evidenceText(20_000),
        })
        .strict(),
      submit: z.boolean(),
    })
    .strict()
    .refine((v) => Boolean(v.bookingId) !== Boolean(v.disputeId), { message: 'Give either bookingId or disputeId', path: ['bookingId'] })
    .refine((v) => !v.submit || Object.values(v.evidence).some((t) => Boolean(t)), { message: 'Add some evidence before submitting', path: ['evidence'] }),
} as const;
export type AdminAction = keyof typeof adminRequests;
