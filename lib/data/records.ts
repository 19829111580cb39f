import type { Currency } from '../domain/money';

/** Fields AppSync expects on every model item written directly by a function. */
export interface ModelItem {
  id: string;
  __typename: string;
  createdAt: string;
  updatedAt: string;
  owner?: string;
}

export type StripeAccountStatus = 'PENDING' | 'ACTIVE' | 'RESTRICTED' | 'REJECTED';

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
}

export type CancellationPolicy = 'FLEXIBLE' | 'MODERATE' | 'STRICT';
export type PricingUnit = 'PER_BOOKING' | 'PER_PERSON';
export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';

/** Local wall-clock opening hours, "HH:MM" in the service's IANA time zone. */
export interface TimeRange {
  start: string;
  end: string;
}
export type WeeklyAvailability = Partial<Record<Weekday, TimeRange[]>>;

export interface ServiceRecord extends ModelItem {
  __typename: 'Service';
  providerId: string;
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
  weeklyAvailability: WeeklyAvailability;
  /** Local dates "YYYY-MM-DD" when the service is not offered. */
  blockedDates: string[];
  isActive: boolean;
  /** 'LISTED' while active (sparse public index); removed when deactivated. */
  listingStatus?: 'LISTED';
}

export type BookingStatus =
  | 'PENDING_PAYMENT'
  | 'PAYMENT_FAILED'
  | 'CONFIRMED'
  | 'COMPLETED'
  | 'PAID_OUT'
  | 'CANCELLED'
  | 'EXPIRED';

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
  qrCode: string;
  /** ids of the SlotHold items this booking owns, released on cancel/expiry */
  slotHoldIds: string[];
  holdExpiresAt: string;
}

export interface SlotHoldRecord extends ModelItem {
  __typename: 'SlotHold';
  providerId: string;
  bookingId: string;
  startDateTime: string;
}

export type LedgerEntryType =
  | 'CHARGE'
  | 'PLATFORM_FEE'
  | 'PROVIDER_EARNING'
  | 'TRANSFER'
  | 'PAYOUT'
  | 'REFUND'
  | 'FEE_REFUND'
  | 'TRANSFER_REVERSAL'
  | 'DISPUTE';

export interface TransactionRecord extends ModelItem {
  __typename: 'Transaction';
  bookingId: string;
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
