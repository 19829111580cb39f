/**
 * booking-processor's provider actions on a paid booking beyond completing it: a no-show marked (MARK_NO_SHOW) and
 * previewed first (PREVIEW_NO_SHOW). The provider's paid cancellation is CANCEL_PAID_BOOKING (previewed with
 * refund-processor's CALCULATE_REFUND). Money in minor units of `currency`.
 */
import { z } from 'zod';
import type { Currency } from '../domain/money';
import type { BookingStatus } from '../domain/booking-status';
import type { CancellationPolicy } from '../domain/vocabulary';
import { id } from './fields';

export const providerBookingRequests = {
  /** What marking this booking a no-show would do now, computed by the server; nothing is written. */
  PREVIEW_NO_SHOW: z.object({ bookingId: id }).strict(),
  /** The booking's provider marks it a no-show: the policy's refund, the booking COMPLETED. Once: a repeat is a 409. */
  MARK_NO_SHOW: z.object({ bookingId: id }).strict(),
} as const;

export interface NoShowPreview {
  bookingId: string;
  currency: Currency;
  policy: CancellationPolicy;
  /** The service's no-show rule in words, e.g. "Flexible policy: a no-show gets 25% back." */
  policyWords: string;
  refundBps: number;
  /** What the customer gets back (card and credits together), and of it what returns as credits. */
  refundCents: number;
  creditsReturned: number;
  /** What the provider keeps of their share (paid out by the normal payout run). */
  providerKeepsCents: number;
}

export interface MarkNoShowResult {
  bookingId: string;
  status: BookingStatus;
  noShowAt: string;
  refundCents: number;
  currency: Currency;
}

export interface ProviderBookingResponses {
  PREVIEW_NO_SHOW: NoShowPreview;
  MARK_NO_SHOW: MarkNoShowResult;
}
