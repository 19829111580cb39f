/**
 * booking-processor's contract: request schemas (zod) and response shapes, for the booking, service, lifecycle and
 * cancellation actions. Pages import the types; the function validates with the schemas. Money is integer minor units.
 */
import { z } from 'zod';
import type { Currency } from '../domain/money';
import type { BookingStatus } from '../domain/booking-status';
import type { WeeklyAvailability } from '../domain/vocabulary';
import type { ServiceDefinition } from '../domain/service-rules';
import type { BookingWindow } from '../domain/booking-window';
import { PROVIDER_BOOKINGS_VIEWS, type NeedsAction } from '../domain/no-show';
import { id, isoDate, isoDateTime, paymentMethodId, requestId } from './fields';

const creditsToUse = z.union([
  z
    .number({ error: 'Enter a whole number of credits' })
    .int('Enter a whole number of credits')
    .min(1, 'Use at least 1 credit')
    .max(100_000_000),
  z.literal('max'),
]);

// ---- service definitions (the provider's form) --------------------------------------------------
// Types and shapes here; values (ranges, quarter hours, overlaps, zones) in lib/domain/service-rules.ts.
const timeRange = z
  .object({
    start: z.string({ error: 'Start time must look like 09:00' }),
    end: z.string({ error: 'End time must look like 17:00' }),
  })
  .strict();
const weekdayRanges = z.array(timeRange, { error: 'Opening hours must be a list of time ranges' }).optional();
const weeklyAvailability = z
  .object({
    MON: weekdayRanges,
    TUE: weekdayRanges,
    WED: weekdayRanges,
    THU: weekdayRanges,
    FRI: weekdayRanges,
    SAT: weekdayRanges,
    SUN: weekdayRanges,
  })
  .strict();

function serviceFields() {
  return {
    title: z.string({ error: 'Enter a title' }).max(500),
    category: z.string({ error: 'Enter a category' }).max(500),
    description: z.string({ error: 'Enter a description' }).max(5000),
    priceCents: z.number({ error: 'The price must be a number of cents' }),
    currency: z.string({ error: 'Choose a currency' }).max(10),
    pricingUnit: z.string({ error: 'Choose per booking or per person' }).max(30),
    durationMinutes: z.number({ error: 'The duration must be a number of minutes' }),
    maxGroupSize: z.number({ error: 'The group size limit must be a number' }),
    cancellationPolicy: z.string({ error: 'Choose a cancellation policy' }).max(30),
    timeZone: z.string({ error: 'Choose a time zone' }).max(100),
    weeklyAvailability,
    blockedDates: z.array(z.string().max(20), { error: 'Blocked dates must be a list of dates' }).max(1000).default([]),
    // The booking window; absent: the defaults. Limits (1–365 days, 0–30 days of notice) in lib/domain/booking-window.ts.
    maxAdvanceDays: z.number({ error: 'How far ahead bookings open must be a number of days' }).optional(),
    minNoticeMinutes: z.number({ error: 'The minimum notice must be a number of minutes' }).optional(),
  };
}
function partialServiceFields() {
  const f = serviceFields();
  return {
    title: f.title.optional(),
    category: f.category.optional(),
    description: f.description.optional(),
    priceCents: f.priceCents.optional(),
    currency: f.currency.optional(),
    pricingUnit: f.pricingUnit.optional(),
    durationMinutes: f.durationMinutes.optional(),
    maxGroupSize: f.maxGroupSize.optional(),
    cancellationPolicy: f.cancellationPolicy.optional(),
    timeZone: f.timeZone.optional(),
    weeklyAvailability: f.weeklyAvailability.optional(),
    blockedDates: z.array(z.string().max(20), { error: 'Blocked dates must be a list of dates' }).max(1000).optional(),
    maxAdvanceDays: f.maxAdvanceDays,
    minNoticeMinutes: f.minNoticeMinutes,
  };
}

// ---- booking-processor -------------------------------------------------------------------------
export const bookingRequests = {
  /** sort: newest first (default) or best rated first. */
  LIST_SERVICES: z.object({ sort: z.enum(['newest', 'rating']).optional() }).strict(),
  /**
   * Search of listed services: words of the title (all must match, whole words), a category, a price range in minor
   * units, a local date it is offered on; a page of `limit` and the opaque `cursor` of the previous page.
   */
  SEARCH_SERVICES: z
    .object({
      q: z.string().trim().max(200).optional(),
      category: z.string().trim().min(1).max(100).optional(),
      minPriceCents: z.number().int().min(0).max(100_000_000).optional(),
      maxPriceCents: z.number().int().min(0).max(100_000_000).optional(),
      date: isoDate.optional(),
      cursor: z.string().max(2000).optional(),
      limit: z.number().int().min(1).max(50).optional(),
    })
    .strict()
    .refine((v) => v.minPriceCents === undefined || v.maxPriceCents === undefined || v.minPriceCents <= v.maxPriceCents, {
      message: 'The lowest price must not be above the highest',
      path: ['minPriceCents'],
    }),
  GET_SERVICE: z.object({ serviceId: id }).strict(),
  /**
   * from/to: local dates (inclusive) in the service's time zone, or ISO date-times. At most 31 days, and at least one
   * of them inside the service's booking window (400 otherwise); slots outside the window are not offered.
   */
  CHECK_AVAILABILITY: z.object({ serviceId: id, from: z.union([isoDate, isoDateTime]), to: z.union([isoDate, isoDateTime]) }).strict(),
  CREATE_BOOKING: z
    .object({
      serviceId: id,
      startDateTime: isoDateTime,
      endDateTime: isoDateTime,
      groupSize: z.number().int().min(1).max(100),
      specialRequests: z.string().max(1000).optional(),
      /** Pay part or all of the total with credits (1 credit = 1 cent): a number of credits, or 'max'. */
      credits: creditsToUse.optional(),
    })
    .strict(),
  GET_BOOKING: z.object({ bookingId: id }).strict(),
  LIST_MY_BOOKINGS: z.object({}).strict(),
  CONFIRM_BOOKING: z.object({ bookingId: id }).strict(),
  // ---- the provider's service management (PROVIDER group) ----
  CREATE_SERVICE: z.object(serviceFields()).strict(),
  UPDATE_SERVICE: z.object({ serviceId: id, ...partialServiceFields() }).strict(),
  DEACTIVATE_SERVICE: z.object({ serviceId: id }).strict(),
  LIST_MY_SERVICES: z.object({}).strict(),
  /** Pay part or all of one of the caller's unpaid bookings with credits; the card pays the rest. */
  APPLY_BOOKING_CREDITS: z.object({ bookingId: id, credits: creditsToUse }).strict(),
  /** Before confirming with a new card: save it for later bookings (or not). Never an amount: that is the booking's. */
  PREPARE_CARD_PAYMENT: z.object({ bookingId: id, saveCard: z.boolean({ error: 'saveCard must be true or false' }), requestId }).strict(),
  /** Pay one of the caller's unpaid bookings with one of their saved cards. */
  PAY_WITH_SAVED_CARD: z.object({ bookingId: id, paymentMethodId, requestId }).strict(),
} as const;
export type BookingAction = keyof typeof bookingRequests;
export type BookingRequest<A extends BookingAction> = z.infer<(typeof bookingRequests)[A]>;

export interface PricingView {
  totalAmountCents: number;
  platformFeeCents: number;
  providerEarningsCents: number;
  platformFeeRate: number;
  currency: Currency;
  /** With a promotion code: the price before it, the discount (borne by the platform) and the code; total is what is charged. */
  listPriceCents?: number;
  discountCents?: number;
  promotionCode?: string;
}

/**
 * A listed service as customers see it: its definition without the availability rules, plus its provider, and its
 * booking window always spelled out (the defaults for a service stored without one).
 */
export interface ServiceView
  extends Omit<ServiceDefinition, 'weeklyAvailability' | 'blockedDates' | 'maxAdvanceDays' | 'minNoticeMinutes'>, BookingWindow {
  id: string;
  providerId: string;
  providerName: string;
  /** Visible reviews' average (one decimal) and count; absent before the first review. */
  rating?: { average: number; count: number };
}

export interface SlotView {
  startDateTime: string;
  endDateTime: string;
}

export interface BookingView {
  id: string;
  status: BookingStatus;
  service: { id: string; title: string; category: string };
  dateTime: { start: string; end: string };
  groupSize: number;
  specialRequests?: string;
  pricing: PricingView;
  /** The check-in code: for the booking's customer only (a provider who saw it could record attendance alone). */
  qrCode?: string;
  checkedInAt?: string;
  /** When the provider marked the customer as not attending (the booking is then COMPLETED; the policy's refund follows). */
  noShowAt?: string;
  /** Why the last payment attempt failed, in words the customer understands. */
  paymentFailureMessage?: string;
  /** Present only for the customer's own unpaid booking, so the checkout can (re)try the payment. */
  clientSecret?: string;
  holdExpiresAt?: string;
  createdAt: string;
  /** Credits paying part or all of the total (1 credit = 1 cent); absent when none. */
  creditsAppliedCents?: number;
  /** What the card pays (total − credits); present with creditsAppliedCents. */
  cardAmountCents?: number;
  /** The customer moved it (the last move: when, and from which times); absent when never moved. */
  rescheduled?: RescheduledView;
  /** What it costs after a move to a lower price (the difference was refunded); absent: pricing.totalAmountCents. */
  currentPriceCents?: number;
}

export interface BookingResponses {
  LIST_SERVICES: { services: ServiceView[] };
  /** nextCursor: present while more pages may follow. */
  SEARCH_SERVICES: { services: ServiceView[]; nextCursor?: string };
  GET_SERVICE: { service: ServiceView };
  /** No slots with a reason while the provider cannot take bookings (CREATE_BOOKING would refuse them). */
  CHECK_AVAILABILITY: { slots: SlotView[]; timeZone: string; unavailableReason?: 'PROVIDER_NOT_READY'; message?: string };
  CREATE_BOOKING: { bookingId: string; clientSecret: string; booking: BookingView };
  APPLY_BOOKING_CREDITS: { booking: BookingView; creditsApplied: number; cardAmountCents: number; balance: number };
  PREPARE_CARD_PAYMENT: { saveCard: boolean };
  PAY_WITH_SAVED_CARD: { booking: BookingView };
  GET_BOOKING: { booking: BookingView };
  LIST_MY_BOOKINGS: { bookings: BookingView[] };
  CONFIRM_BOOKING: { booking: BookingView };
  CREATE_SERVICE: { service: ProviderServiceView };
  UPDATE_SERVICE: { service: ProviderServiceView };
  DEACTIVATE_SERVICE: { service: ProviderServiceView };
  LIST_MY_SERVICES: { services: ProviderServiceView[] };
}

/** A service as its provider sees it: everything, including hours and whether customers can find it. */
export interface ProviderServiceView extends ServiceView {
  weeklyAvailability: WeeklyAvailability;
  blockedDates: string[];
  isActive: boolean;
  /** In the public listing: active, and the provider's payments are ACTIVE. */
  listed: boolean;
  createdAt: string;
  updatedAt: string;
}

// ---- the lifecycle -------------------------------------------------------------
export const lifecycleRequests = {
  /** Before payment only: cancels the PaymentIntent and frees the slot at once. */
  CANCEL_BOOKING: z.object({ bookingId: id }).strict(),
  /** The booking's provider (or an admin) marks a CONFIRMED booking done once it has started. */
  COMPLETE_BOOKING: z.object({ bookingId: id }).strict(),
  /**
   * The provider's paid bookings starting in [from, to] (default: the last 30 days onwards). `view`: upcoming (starting
   * from now, soonest first), past (started, newest first) or needsAction (those waiting on the provider, with why).
   */
  LIST_PROVIDER_BOOKINGS: z
    .object({ from: isoDateTime.optional(), to: isoDateTime.optional(), view: z.enum(PROVIDER_BOOKINGS_VIEWS).optional() })
    .strict(),
  /** The customer's (or an admin's) receipt of a booking: price breakdown and the card charge's Stripe receipt. */
  GET_BOOKING_RECEIPT: z.object({ bookingId: id }).strict(),
  /** The booking's provider records that the customer came: the code from the customer's QR code (or typed). */
  CHECK_IN: z
    .object({
      bookingId: id,
      code: z
        .string({ error: 'Enter the check-in code' })
        .trim()
        .max(100, 'A check-in code is at most 100 characters')
        .regex(/^[A-Za-z0-9_]+$/, 'A check-in code has only letters, digits and underscores'),
    })
    .strict(),
} as const;
export type LifecycleAction = keyof typeof lifecycleRequests;

export interface ProviderBookingView extends BookingView {
  customerEmail: string;
  completedAt?: string;
  canComplete: boolean;
  /** When the customer was checked in (absent: not yet). */
  checkedInAt?: string;
  /** When the provider marked it a no-show, and from when they may (start + grace). */
  noShowAt?: string;
  noShowOpensAt: string;
  cancelledAt?: string;
  /** Refunded to the customer so far (0: none). */
  refundedCents: number;
  /** Why the booking waits on the provider (absent: it does not). */
  needsAction?: NeedsAction;
}

/** What a booking cost and how it was paid. Money in minor units of `currency`. */
export interface BookingReceiptView {
  bookingId: string;
  /** false until the booking is paid (then nothing below but the total is meaningful). */
  paid: boolean;
  paidAt?: string;
  currency: Currency;
  totalAmountCents: number;
  /** Credits that paid part of the total (0 when none). */
  creditsAppliedCents: number;
  /** What the card paid: total − credits. */
  cardAmountCents: number;
  /** Refunded to the card so far (0 when none). */
  refundedCents: number;
  /** A promotion code's discount off the list price (total is after it). */
  promotionCode?: string;
  discountCents?: number;
  /** Stripe's receipt of the card charge; absent when the card paid nothing (credits only) or Stripe has none yet. */
  receiptUrl?: string;
}

export interface LifecycleResponses {
  CANCEL_BOOKING: { booking: BookingView };
  COMPLETE_BOOKING: { booking: BookingView };
  LIST_PROVIDER_BOOKINGS: { bookings: ProviderBookingView[] };
  GET_BOOKING_RECEIPT: { receipt: BookingReceiptView };
  CHECK_IN: { bookingId: string; checkedInAt: string };
}

/** Cancel a paid booking (customer: policy refund; provider: full refund). */
export const cancellationRequests = {
  CANCEL_PAID_BOOKING: z.object({ bookingId: id, reason: z.string().trim().max(500).optional() }).strict(),
} as const;

// ---- rescheduling (lib/domain/reschedule.ts) -----------------------------------------------------
export const rescheduleRequests = {
  /** The customer moves the booking to another free start of its service; requestId: once per press (a replay answers the same move). */
  RESCHEDULE_BOOKING: z.object({ bookingId: id, startTime: isoDateTime, requestId: requestId.optional() }).strict(),
} as const;
export type RescheduleRequest = z.infer<(typeof rescheduleRequests)['RESCHEDULE_BOOKING']>;

export interface RescheduledView {
  /** Moves so far. */
  count: number;
  at: string;
  fromStart: string;
  fromEnd: string;
}

export interface RescheduleResult {
  booking: BookingView;
  reschedule: {
    sequence: number;
    fromStart: string;
    toStart: string;
    toEnd: string;
    /** The price after the move, and what was refunded of the difference (0: same price). */
    priceCents: number;
    refundCents: number;
    currency: Currency;
    /** PENDING: the move stands and the refund is finished by a replay of the request (Stripe did not answer). */
    refundStatus: 'NONE' | 'REFUNDED' | 'PENDING';
    /**
     * A move to a higher price: AWAITING_PAYMENT while the new slot is held for `holdExpiresAt` and the booking is
     * unchanged (the page pays `clientSecret`, then sends the same request again to reconcile); PAID once moved.
     */
    topUp?: {
      status: 'AWAITING_PAYMENT' | 'PAID';
      amountDueCents: number;
      holdExpiresAt: string;
      clientSecret?: string;
    };
  };
  /** True when this answered an earlier request with the same requestId. */
  replayed: boolean;
}

export interface RescheduleResponses {
  RESCHEDULE_BOOKING: RescheduleResult;
}
