/**
 * The public contract of the functions: request schemas (zod) and response shapes.
 * Pages import the types; functions validate with the schemas. Money is integer minor units.
 */
import { z } from 'zod';
import type { Currency } from '../domain/money';
import type { BookingStatus, StripeAccountStatus, WeeklyAvailability } from '../data/records';
import type { ServiceDefinition } from '../domain/service-rules';

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const id = z.string().min(1).max(100);
/** Made once per form submission in the browser, so a double submit makes one Stripe write. */
const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId must be 8-64 letters, digits, - or _');
const paymentMethodId = z.string().regex(/^pm_[A-Za-z0-9_]+$/, 'Not a card id').max(100);
const creditsToUse = z.union([
  z.number({ error: 'Enter a whole number of credits' }).int('Enter a whole number of credits').min(1, 'Use at least 1 credit').max(100_000_000),
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
  .object({ MON: weekdayRanges, TUE: weekdayRanges, WED: weekdayRanges, THU: weekdayRanges, FRI: weekdayRanges, SAT: weekdayRanges, SUN: weekdayRanges })
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
  };
}

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
}

/** A listed service as customers see it: its definition without the availability rules, plus its provider. */
export interface ServiceView extends Omit<ServiceDefinition, 'weeklyAvailability' | 'blockedDates'> {
  id: string;
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
  /** Credits paying part or all of the total (1 credit = 1 cent); absent when none. */
  creditsAppliedCents?: number;
  /** What the card pays (total − credits); present with creditsAppliedCents. */
  cardAmountCents?: number;
}

export interface BookingResponses {
  LIST_SERVICES: { services: ServiceView[] };
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

// ---- stripe-connect ----------------------------------------------------------------------------
const accountId = z.string().regex(/^acct_[A-Za-z0-9]+$/, 'Not a Stripe account id').max(100);
/** Optional, and only ever the caller's own: another provider's id or account answers 403. */
const ownProvider = { providerId: id.optional() };
const ownAccount = { ...ownProvider, accountId: accountId.optional() };

export const connectRequests = {
  CREATE_ACCOUNT: z
    .object({ ...ownProvider, country: z.string().regex(/^[A-Za-z]{2}$/, 'Use a two-letter country code such as US').optional() })
    .strict(),
  CREATE_ACCOUNT_LINK: z.object({ ...ownAccount, type: z.enum(['account_onboarding', 'account_update']).default('account_onboarding') }).strict(),
  CHECK_ACCOUNT_STATUS: z.object(ownAccount).strict(),
  CREATE_LOGIN_LINK: z.object(ownAccount).strict(),
  /** The client secret to pay one of the caller's own unpaid bookings; the amount comes from the booking. */
  CREATE_PAYMENT_INTENT: z.object({ bookingId: id }).strict(),
  CREATE_PAYOUT: z
    .object({
      ...ownAccount,
      amountCents: z.number().int('The amount must be a whole number of cents').positive('The amount must be greater than 0').max(100_000_000),
      currency: z.enum(['usd', 'eur', 'gbp']),
      method: z.enum(['standard', 'instant']).default('standard'),
      /** Made once per payout form submission, so a double submit pays out once. */
      requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId must be 8-64 letters, digits, - or _'),
    })
    .strict(),
  JOIN_PROVIDERS: z.object({}).strict(),
} as const;
export type ConnectAction = keyof typeof connectRequests;
export type ConnectRequest<A extends ConnectAction> = z.input<(typeof connectRequests)[A]>;

export interface RequirementView {
  /** In words, e.g. "Identity document". */
  description: string;
  /** Stripe's field names behind it, e.g. ["individual.verification.document"]. */
  fields: string[];
}

export interface AccountStatusView {
  accountId: string | null;
  /** NOT_STARTED: no connected account yet. */
  status: StripeAccountStatus | 'NOT_STARTED';
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  onboardingComplete: boolean;
  requirements: {
    currentlyDue: RequirementView[];
    pastDue: RequirementView[];
    eventuallyDue: RequirementView[];
    pendingVerification: RequirementView[];
    disabledReason: string | null;
    /** disabledReason in words */
    disabledReasonText: string | null;
    /** Unix seconds by which currently due items must be provided, if Stripe set one. */
    currentDeadline: number | null;
  };
  capabilities: Record<string, string>;
}

export interface ConnectResponses {
  CREATE_ACCOUNT: { accountId: string; onboardingUrl: string };
  CREATE_ACCOUNT_LINK: { url: string; expiresAt: number };
  CHECK_ACCOUNT_STATUS: AccountStatusView;
  CREATE_LOGIN_LINK: { url: string };
  CREATE_PAYMENT_INTENT: { paymentIntentId: string; clientSecret: string; amountCents: number; currency: Currency };
  CREATE_PAYOUT: { payoutId: string; amountCents: number; currency: Currency; status: string; arrivalDate: number; method: 'standard' | 'instant' };
  JOIN_PROVIDERS: { groups: ('ADMIN' | 'PROVIDER')[]; refreshSession: true };
}

/** The documented "Insufficient earnings" error: numbers at the top level and in details. */
export interface InsufficientEarningsBody {
  error: 'Insufficient earnings';
  code: 'INSUFFICIENT_EARNINGS';
  available: number;
  requested: number;
  currency: Currency;
  details: { available: number; requested: number; currency: Currency };
}

// ---- local auth (Next.js routes, local mode only) ---------------------------------------------
export const loginRequest = z.object({ email: z.email(), password: z.string().min(1).max(200) }).strict();
export const signupRequest = z
  .object({
    email: z.email({ error: 'Enter an email address like name@example.com' }).max(254),
    password: z
      .string({ error: 'Enter a password' })
      .min(8, 'The password must be at least 8 characters')
      .max(200, 'The password can be at most 200 characters'),
    displayName: z
      .string({ error: 'Enter your name' })
      .trim()
      .min(1, 'Enter your name')
      .max(80, 'Your name can be at most 80 characters'),
  })
  .strict();
export type SignupRequest = z.infer<typeof signupRequest>;
export interface SessionUser {
  userId: string;
  email: string;
  displayName: string;
  groups: ('ADMIN' | 'PROVIDER')[];
}

// ---- stripe-connect: customers, saved cards, payments, memberships, credits -------------
const subscriptionId = z.string().regex(/^sub_[A-Za-z0-9_]+$/, 'Not a membership id').max(100);
const checkoutSessionId = z.string().regex(/^cs_[A-Za-z0-9_]+$/, 'Not a checkout session id').max(200);

export const customerRequests = {
  LIST_CARDS: z.object({}).strict(),
  CREATE_SETUP_INTENT: z.object({ requestId }).strict(),
  DETACH_CARD: z.object({ paymentMethodId }).strict(),
  SET_DEFAULT_CARD: z.object({ paymentMethodId, requestId }).strict(),
  LIST_PAYMENTS: z.object({}).strict(),
  LIST_MEMBERSHIP_PLANS: z.object({}).strict(),
  LIST_MEMBERSHIPS: z.object({}).strict(),
  SUBSCRIBE: z.object({ planId: id, requestId }).strict(),
  /** Re-reads a membership from Stripe (the page calls it right after paying the first invoice). */
  SYNC_MEMBERSHIP: z.object({ subscriptionId }).strict(),
  CANCEL_MEMBERSHIP: z.object({ subscriptionId, requestId }).strict(),
  RESUME_MEMBERSHIP: z.object({ subscriptionId, requestId }).strict(),
  LIST_CREDIT_PACKAGES: z.object({}).strict(),
  /** saveCard: the customer ticked "Save this card for future purchases" (never saved without it). */
  BUY_CREDITS: z.object({ packageId: id, requestId, saveCard: z.boolean({ error: 'saveCard must be true or false' }).default(false) }).strict(),
  /** The success page: settles the purchase from Stripe's session (as the webhook does) and shows the balance. */
  CONFIRM_CREDIT_PURCHASE: z.object({ sessionId: checkoutSessionId }).strict(),
  GET_CREDITS: z.object({}).strict(),
} as const;
export type CustomerAction = keyof typeof customerRequests;
export type CustomerRequest<A extends CustomerAction> = z.infer<(typeof customerRequests)[A]>;

/** refund-processor, ADMIN only (with the admin dashboard's other actions): refunds of credit purchases. */
export const creditPurchaseAdminRequests = {
  /** Refund a credit purchase's unspent part (card refund + credits removed); the reason goes to the audit log. */
  REFUND_CREDIT_PURCHASE: z
    .object({ purchaseId: checkoutSessionId, reason: z.string({ error: 'Enter a reason' }).trim().min(3, 'Enter a reason (at least 3 characters)').max(500) })
    .strict(),
  /** Recent paid credit purchases, or one customer's (by email), each with what a refund would return now. */
  ADMIN_LIST_CREDIT_PURCHASES: z
    .object({ email: z.string().trim().max(254).optional(), limit: z.number().int().min(1).max(200).default(50) })
    .strict(),
} as const;
export type CreditPurchaseAdminAction = keyof typeof creditPurchaseAdminRequests;
export type CreditPurchaseAdminRequest<A extends CreditPurchaseAdminAction> = z.infer<(typeof creditPurchaseAdminRequests)[A]>;

export interface CardView {
  id: string;
  /** e.g. "visa" */
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
}

export interface PaymentView {
  id: string;
  kind: 'BOOKING' | 'CREDIT_PURCHASE' | 'MEMBERSHIP';
  description: string;
  amountCents: number;
  currency: Currency;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
  receiptUrl?: string;
  failureMessage?: string;
  bookingId?: string;
  createdAt: string;
}

export interface MembershipPlanView {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  currency: Currency;
  interval: 'month' | 'year';
  monthlyCredits: number;
}

export interface MembershipView {
  id: string;
  planId: string;
  planName: string;
  status: 'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';
  currentPeriodStart: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
  monthlyCredits: number;
  priceCents: number;
  currency: Currency;
}

export interface CreditPackageView {
  id: string;
  name: string;
  description: string;
  credits: number;
  priceCents: number;
  currency: Currency;
}

export interface CreditTransactionView {
  id: string;
  type: 'PURCHASE' | 'MEMBERSHIP_GRANT' | 'SPEND' | 'SPEND_RETURN' | 'PURCHASE_REFUND';
  credits: number;
  description: string;
  bookingId?: string;
  createdAt: string;
}

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

export interface CustomerResponses {
  LIST_CARDS: { cards: CardView[] };
  CREATE_SETUP_INTENT: { setupIntentId: string; clientSecret: string };
  DETACH_CARD: { detached: string };
  SET_DEFAULT_CARD: { cards: CardView[] };
  LIST_PAYMENTS: { payments: PaymentView[] };
  LIST_MEMBERSHIP_PLANS: { plans: MembershipPlanView[] };
  LIST_MEMBERSHIPS: { memberships: MembershipView[] };
  SUBSCRIBE: { membership: MembershipView; clientSecret: string | null; amountCents: number; currency: Currency };
  SYNC_MEMBERSHIP: { membership: MembershipView; balance: number };
  CANCEL_MEMBERSHIP: { membership: MembershipView };
  RESUME_MEMBERSHIP: { membership: MembershipView };
  LIST_CREDIT_PACKAGES: { packages: CreditPackageView[] };
  BUY_CREDITS: { checkoutUrl: string; sessionId: string };
  CONFIRM_CREDIT_PURCHASE: {
    status: 'OPEN' | 'COMPLETED' | 'EXPIRED' | 'REFUND_PENDING' | 'REFUNDED';
    credits: number;
    packageName: string;
    balance: number;
  };
  GET_CREDITS: { balance: number; transactions: CreditTransactionView[] };
}

export interface CreditPurchaseAdminResponses {
  REFUND_CREDIT_PURCHASE: CreditPurchaseRefundView;
  ADMIN_LIST_CREDIT_PURCHASES: { purchases: AdminCreditPurchaseView[] };
}

/** The documented "INSUFFICIENT_CREDITS" error: the numbers at the top level and in details. */
export interface InsufficientCreditsBody {
  error: string;
  code: 'INSUFFICIENT_CREDITS';
  balance: number;
  needed: number;
  shortfall: number;
  details: { balance: number; needed: number; shortfall: number };
}
