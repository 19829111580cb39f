/**
 * The booking-lifecycle and payout-manager part of the functions' contract: request schemas (zod) and response
 * shapes. Pages import the types; functions validate with the schemas. Money is integer minor units.
 */
import { z } from 'zod';
import type { BookingView } from './contract';
import type { Currency } from '../domain/money';
import type { InstantPayoutQuote, ScheduledPayoutSkip } from '../domain/payout';
import type { PayoutMethod, PayoutSchedule, PayoutStatus } from '../data/records';

const id = z.string().min(1).max(100);
const isoDateTime = z.iso.datetime({ offset: true });
const currency = z.enum(['usd', 'eur', 'gbp']);
/** Optional, and only ever the caller's own unless the caller is an ADMIN (403 otherwise). */
const providerId = { providerId: id.optional() };

// ---- booking-processor (lifecycle) -------------------------------------------------------------
export const lifecycleRequests = {
  /** Before payment only: cancels the PaymentIntent and frees the slot at once. */
  CANCEL_BOOKING: z.object({ bookingId: id }).strict(),
  /** The booking's provider (or an admin) marks a CONFIRMED booking done once it has started. */
  COMPLETE_BOOKING: z.object({ bookingId: id }).strict(),
  /** The provider's paid bookings starting in [from, to] (default: the last 30 days onwards). */
  LIST_PROVIDER_BOOKINGS: z.object({ from: isoDateTime.optional(), to: isoDateTime.optional() }).strict(),
} as const;
export type LifecycleAction = keyof typeof lifecycleRequests;

export interface ProviderBookingView extends BookingView {
  customerEmail: string;
  completedAt?: string;
  canComplete: boolean;
}

export interface LifecycleResponses {
  CANCEL_BOOKING: { booking: BookingView };
  COMPLETE_BOOKING: { booking: BookingView };
  LIST_PROVIDER_BOOKINGS: { bookings: ProviderBookingView[] };
}

// ---- payout-manager ----------------------------------------------------------------------------
export const payoutRequests = {
  CALCULATE_EARNINGS: z.object({ ...providerId, currency: currency.optional() }).strict(),
  /** Transfers the eligible bookings now and pays out the available balance (regardless of the schedule). */
  SCHEDULE_PAYOUT: z.object({ ...providerId }).strict(),
  INSTANT_PAYOUT: z
    .object({
      ...providerId,
      /** true: only quote (eligibility, fee, net); nothing moves. */
      preview: z.boolean().default(false),
      currency: currency.default('usd'),
      /** Made once per confirmation, so a double click pays out once. Required unless preview. */
      requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId must be 8-64 letters, digits, - or _').optional(),
      /** The fee the provider saw; a different current fee answers 409 instead of paying out. */
      acceptedFeeCents: z.number().int().nonnegative().optional(),
    })
    .strict(),
  GET_PAYOUT_HISTORY: z
    .object({ ...providerId, limit: z.number().int().min(1).max(100).default(20), cursor: z.string().max(2000).optional() })
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
}

export interface SchedulePayoutResponse {
  providerId: string;
  transfers: { bookingId: string; outcome: 'transferred' | 'claimed-elsewhere' | 'failed'; transferId?: string; amountCents?: number; error?: string }[];
  payouts: PayoutView[];
  skipped: { currency: Currency; availableCents: number; pendingCents?: number; reason: ScheduledPayoutSkip | 'BALANCE_CHANGED' | 'FUNDS_PENDING' }[];
}

export type InstantPayoutResponse =
  | { preview: true; method: 'instant'; quote: InstantPayoutQuote }
  | { preview: false; method: 'instant'; quote: InstantPayoutQuote; payout: PayoutView };

export interface PayoutHistoryResponse {
  payouts: PayoutView[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

export interface PayoutResponses {
  CALCULATE_EARNINGS: CalculateEarningsResponse;
  SCHEDULE_PAYOUT: SchedulePayoutResponse;
  INSTANT_PAYOUT: InstantPayoutResponse;
  GET_PAYOUT_HISTORY: PayoutHistoryResponse;
}
