/**
 * The public contract of the functions: request schemas (zod) and response shapes.
 * Pages import the types; functions validate with the schemas. Money is integer minor units.
 */
import { z } from 'zod';
import type { Currency } from '../domain/money';
import type { BookingStatus, CancellationPolicy, PricingUnit } from '../data/records';

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const id = z.string().min(1).max(100);

// ---- booking-processor -------------------------------------------------------------------------
export const bookingRequests = {
  LIST_SERVICES: z.object({}).strict(),
  GET_SERVICE: z.object({ serviceId: id }).strict(),
  /** from/to: local dates (inclusive) in the service's time zone, or ISO date-times. At most 31 days. */
  CHECK_AVAILABILITY: z.object({ serviceId: id, from: z.union([isoDate, isoDateTime]), to: z.union([isoDate, isoDateTime]) }).strict(),
  CREATE_BOOKING: z
    .object({
      serviceId: id,
      startDateTime: isoDateTime,
      endDateTime: isoDateTime,
      groupSize: z.number().int().min(1).max(100),
      specialRequests: z.string().max(1000).optional(),
    })
    .strict(),
  GET_BOOKING: z.object({ bookingId: id }).strict(),
  LIST_MY_BOOKINGS: z.object({}).strict(),
  CONFIRM_BOOKING: z.object({ bookingId: id }).strict(),
} as const;
export type BookingAction = keyof typeof bookingRequests;
export type BookingRequest<A extends BookingAction> = z.infer<(typeof bookingRequests)[A]>;

export interface PricingView {
  totalAmountCents: number;
  platformFeeCents: number;
  providerEarningsCents: number;
  platformFeeRate: number;
  currency: Currency;
}

export interface ServiceView {
  id: string;
  title: string;
  category: string;
  description: string;
  priceCents: number;
  currency: Currency;
  pricingUnit: PricingUnit;
  durationMinutes: number;
  maxGroupSize: number;
  cancellationPolicy: CancellationPolicy;
  timeZone: string;
  providerId: string;
  providerName: string;
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
  qrCode: string;
  /** Why the last payment attempt failed, in words the customer understands. */
  paymentFailureMessage?: string;
  /** Present only for the customer's own unpaid booking, so the checkout can (re)try the payment. */
  clientSecret?: string;
  holdExpiresAt?: string;
  createdAt: string;
}

export interface BookingResponses {
  LIST_SERVICES: { services: ServiceView[] };
  GET_SERVICE: { service: ServiceView };
  CHECK_AVAILABILITY: { slots: SlotView[]; timeZone: string };
  CREATE_BOOKING: { bookingId: string; clientSecret: string; booking: BookingView };
  GET_BOOKING: { booking: BookingView };
  LIST_MY_BOOKINGS: { bookings: BookingView[] };
  CONFIRM_BOOKING: { booking: BookingView };
}

// ---- local auth (Next.js routes, local mode only) ---------------------------------------------
export const loginRequest = z.object({ email: z.email(), password: z.string().min(1).max(200) }).strict();
export interface SessionUser {
  userId: string;
  email: string;
  displayName: string;
  groups: ('ADMIN' | 'PROVIDER')[];
}
