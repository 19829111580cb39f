/**
 * payout-manager's contract: request schemas (zod) and response shapes. Pages import the types; the function validates
 * with the schemas. Money is integer minor units.
 */
import { z } from 'zod';
import type { Currency } from '../domain/money';
import type { InstantPayoutQuote, ScheduledPayoutSkip } from '../domain/payout';
import type { PayoutSchedule, PayoutStatus } from '../domain/vocabulary';
import type { PayoutMethod } from '../data/records';
import { currencyCode, id, requestId } from './fields';

/** Optional, and only ever the caller's own unless the caller is an ADMIN (403 otherwise). */
const providerId = { providerId: id.optional() };

export const payoutRequests = {
  /** `from`/`to` (UTC days, inclusive) or `days`: the range of the earnings chart's series (default the last 30 days). */
  CALCULATE_EARNINGS: z
    .object({
      ...providerId,
      currency: currencyCode.optional(),
      from: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'A day as YYYY-MM-DD')
        .optional(),
      to: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'A day as YYYY-MM-DD')
        .optional(),
      days: z.number().int().min(1).max(366).optional(),
    })
    .strict(),
  /** Transfers the eligible bookings now and pays out the available balance (regardless of the schedule). */
  SCHEDULE_PAYOUT: z.object({ ...providerId }).strict(),
  INSTANT_PAYOUT: z
    .object({
      ...providerId,
      /** true: only quote (eligibility, fee, net); nothing moves. */
      preview: z.boolean().default(false),
      currency: currencyCode.default('usd'),
      /** Made once per confirmation, so a double click pays out once. Required unless preview. */
      requestId: requestId.optional(),
      /** The fee the provider saw; a different current fee answers 409 instead of paying out. */
      acceptedFeeCents: z.number().int().nonnegative().optional(),
    })
    .strict(),
  GET_PAYOUT_HISTORY: z
    .object({ ...providerId, limit: z.number().int().min(1).max(100).default(20), cursor: z.string().max(2000).optional() })
    .strict(),
  /** The provider's own schedule for automatic payouts (PROVIDER only; always the caller's own). */
  GET_PAYOUT_SCHEDULE: z.object({ currency: currencyCode.optional() }).strict(),
  SET_PAYOUT_SCHEDULE: z
    .object({
      payoutSchedule: z.enum(['DAILY', 'WEEKLY', 'MANUAL'], { error: 'Choose DAILY, WEEKLY or MANUAL' }),
      /** The currency the minimum payout is given in (default usd). */
      currency: currencyCode.optional(),
    })
    .strict(),
} as const;
export type PayoutAction = keyof typeof payoutRequests;
export type PayoutRequest<A extends PayoutAction> = z.input<(typeof payoutRequests)[A]>;

export interface PayoutView {
  id: string;
  amountCents: number;
  currency: Currency;
  method: PayoutMethod;
  status: PayoutStatus;
  arrivalDate: string;
  createdAt: string;
  feeCents?: number;
  failureCode?: string;
  /** Why the payout failed, in Stripe's words (the money is back on the available balance). */
  failureMessage?: string;
}

export interface CalculateEarningsResponse {
  providerId: string;
  /** Eligible (completed, not yet transferred) earnings: what the next payout run transfers. */
  totalEarningsCents: number;
  bookingCount: number;
  eligibleBookings: { bookingId: string; amountCents: number; completedAt: string }[];
  currency: Currency;
  /** Paid by customers, service not yet delivered. */
  pendingCents: number;
  /** The connected account's available balance (absent when Stripe could not be asked). */
  availableCents?: number;
  stripeBalance?: { availableCents: number; pendingCents: number; instantAvailableCents: number };
  /** Transferred to the provider's connected account (bookings PAID_OUT). */
  paidOutCents: number;
  lifetimeCents: number;
  minimumPayoutCents: number;
  instantPayoutFeeBps: number;
  payoutSchedule: PayoutSchedule;
  earningsByWeek: { weekStart: string; amountCents: number }[];
  /** The chart's range and its earnings per day (same rule as earningsByWeek). */
  earningsRange: { from: string; to: string };
  earningsByDay: { day: string; amountCents: number }[];
  /**
   * What the provider owes the platform (a refund or chargeback taken back after the transfer that their balance
   * could not cover), in `currency`; deducted from the next payout. Absent or 0 when nothing is owed.
   */
  outstandingDebtCents?: number;
}

export interface SchedulePayoutResponse {
  providerId: string;
  /** amountCents: what was transferred, after `debtRecoveredCents` of the provider's debt was netted from the share. */
  transfers: {
    bookingId: string;
    /** held: an open refund case holds everything still owed of this booking (or a part already went). */
    outcome: 'transferred' | 'claimed-elsewhere' | 'failed' | 'held';
    transferId?: string;
    amountCents?: number;
    debtRecoveredCents?: number;
    /** What an open refund case kept back of this booking's share (the rest was transferred). */
    heldCents?: number;
    error?: string;
  }[];
  payouts: PayoutView[];
  skipped: {
    currency: Currency;
    availableCents: number;
    pendingCents?: number;
    reason: ScheduledPayoutSkip | 'BALANCE_CHANGED' | 'FUNDS_PENDING';
  }[];
}

export type InstantPayoutResponse =
  | { preview: true; method: 'instant'; quote: InstantPayoutQuote }
  | { preview: false; method: 'instant'; quote: InstantPayoutQuote; payout: PayoutView };

export interface PayoutHistoryResponse {
  payouts: PayoutView[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

/** The provider's payout schedule and what it means now. */
export interface PayoutScheduleView {
  payoutSchedule: PayoutSchedule;
  /** When the scheduled run next pays out the available balance (absent for MANUAL). */
  nextAutomaticPayoutAt?: string;
  /** An automatic payout waits until the available balance reaches this. */
  minimumPayoutCents: number;
  currency: Currency;
}

export interface PayoutResponses {
  CALCULATE_EARNINGS: CalculateEarningsResponse;
  SCHEDULE_PAYOUT: SchedulePayoutResponse;
  INSTANT_PAYOUT: InstantPayoutResponse;
  GET_PAYOUT_HISTORY: PayoutHistoryResponse;
  GET_PAYOUT_SCHEDULE: PayoutScheduleView;
  SET_PAYOUT_SCHEDULE: PayoutScheduleView;
}
