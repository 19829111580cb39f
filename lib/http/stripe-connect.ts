/**
 * stripe-connect's contract: request schemas (zod) and response shapes for connected accounts, payouts on demand,
 * and the customer's cards, payments, memberships and credits. Pages import the types; the function validates.
 */
import { z } from 'zod';
import { promotionCodeInput } from './promotions';
import type { Currency } from '../domain/money';
import type { StripeAccountStatus } from '../domain/vocabulary';
import { checkoutSessionId, currencyCode, id, paymentMethodId, requestId } from './fields';

// ---- connected accounts ----
const accountId = z
  .string()
  .regex(/^acct_[A-Za-z0-9]+$/, 'Not a Stripe account id')
  .max(100);
/** Optional, and only ever the caller's own: another provider's id or account answers 403. */
const ownProvider = { providerId: id.optional() };
const ownAccount = { ...ownProvider, accountId: accountId.optional() };

export const connectRequests = {
  CREATE_ACCOUNT: z
    .object({
      ...ownProvider,
      country: z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'Use a two-letter country code such as US')
        .optional(),
    })
    .strict(),
  CREATE_ACCOUNT_LINK: z
    .object({ ...ownAccount, type: z.enum(['account_onboarding', 'account_update']).default('account_onboarding') })
    .strict(),
  CHECK_ACCOUNT_STATUS: z.object(ownAccount).strict(),
  CREATE_LOGIN_LINK: z.object(ownAccount).strict(),
  /** The client secret to pay one of the caller's own unpaid bookings; the amount comes from the booking. */
  CREATE_PAYMENT_INTENT: z.object({ bookingId: id }).strict(),
  CREATE_PAYOUT: z
    .object({
      ...ownAccount,
      amountCents: z
        .number()
        .int('The amount must be a whole number of cents')
        .positive('The amount must be greater than 0')
        .max(100_000_000),
      currency: currencyCode,
      method: z.enum(['standard', 'instant']).default('standard'),
      /** Made once per payout form submission, so a double submit pays out once. */
      requestId,
    })
    .strict(),
  JOIN_PROVIDERS: z.object({}).strict(),
  // ---- sessions ----
  /** The caller's own session (the token's), onto the revocation list. */
  SIGN_OUT: z.object({}).strict(),
  /** Admin: every session of this user issued until now is refused (and Cognito's refresh tokens end). */
  ADMIN_REVOKE_SESSIONS: z.object({ userId: id, reason: z.string().trim().min(3, 'Say why, in a few words').max(500) }).strict(),
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
  CREATE_PAYOUT: {
    payoutId: string;
    amountCents: number;
    currency: Currency;
    status: string;
    arrivalDate: number;
    method: 'standard' | 'instant';
  };
  JOIN_PROVIDERS: { groups: ('ADMIN' | 'PROVIDER')[]; refreshSession: true };
  SIGN_OUT: { signedOut: true };
  ADMIN_REVOKE_SESSIONS: { userId: string; revokedAt: string };
}

// ---- stripe-connect: customers, saved cards, payments, memberships, credits -------------
const subscriptionId = z
  .string()
  .regex(/^sub_[A-Za-z0-9_]+$/, 'Not a membership id')
  .max(100);

export const customerRequests = {
  LIST_CARDS: z.object({}).strict(),
  CREATE_SETUP_INTENT: z.object({ requestId }).strict(),
  DETACH_CARD: z.object({ paymentMethodId }).strict(),
  SET_DEFAULT_CARD: z.object({ paymentMethodId, requestId }).strict(),
  LIST_PAYMENTS: z.object({}).strict(),
  LIST_MEMBERSHIP_PLANS: z.object({}).strict(),
  LIST_MEMBERSHIPS: z.object({}).strict(),
  /** promotionCode: an admin's code, applied by Stripe to the first invoice. */
  SUBSCRIBE: z.object({ planId: id, requestId, promotionCode: promotionCodeInput.optional() }).strict(),
  /** Re-reads a membership from Stripe (the page calls it right after paying the first invoice). */
  SYNC_MEMBERSHIP: z.object({ subscriptionId }).strict(),
  CANCEL_MEMBERSHIP: z.object({ subscriptionId, requestId }).strict(),
  RESUME_MEMBERSHIP: z.object({ subscriptionId, requestId }).strict(),
  /** What changing to another plan costs now (Stripe's prorations), shown before confirming. */
  PREVIEW_PLAN_CHANGE: z.object({ subscriptionId, planId: id }).strict(),
  /** prorationDate: the preview's (unix seconds), so the invoice is the one shown, to the cent. */
  CHANGE_PLAN: z
    .object({
      subscriptionId,
      planId: id,
      prorationDate: z.number({ error: 'prorationDate must be a number' }).int().positive(),
      requestId,
    })
    .strict(),
  LIST_CREDIT_PACKAGES: z.object({}).strict(),
  /** saveCard: the customer ticked "Save this card for future purchases" (never saved without it). */
  BUY_CREDITS: z
    .object({
      packageId: id,
      requestId,
      saveCard: z.boolean({ error: 'saveCard must be true or false' }).default(false),
      /** An admin's code, applied by Stripe on the Checkout Session. */
      promotionCode: promotionCodeInput.optional(),
    })
    .strict(),
  /** The success page: settles the purchase from Stripe's session (as the webhook does) and shows the balance. */
  CONFIRM_CREDIT_PURCHASE: z.object({ sessionId: checkoutSessionId }).strict(),
  GET_CREDITS: z.object({}).strict(),
} as const;
export type CustomerAction = keyof typeof customerRequests;
export type CustomerRequest<A extends CustomerAction> = z.infer<(typeof customerRequests)[A]>;

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
  /** Days of free trial for a first subscription to the plan. */
  trialDays?: number;
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
  /** While trialing: when the trial ends and the first charge is made. */
  trialEnd?: string;
}

/** A plan change as Stripe would invoice it now: prorations by the second, the credit kept for later invoices. */
export interface PlanChangePreview {
  subscriptionId: string;
  fromPlanId: string;
  toPlanId: string;
  toPlanName: string;
  kind: 'upgrade' | 'downgrade';
  prorationDate: number;
  lines: { description: string; amountCents: number }[];
  /** The prorations' sum: negative for a downgrade (a credit). */
  totalCents: number;
  /** Charged to the card now. */
  dueTodayCents: number;
  /** Credit left on the account for the next invoices. */
  creditLeftCents: number;
  nextChargeCents: number;
  nextChargeAt: string;
  /** Membership credits granted now (an upgrade's difference for this period; 0 for a downgrade). */
  creditsNow: number;
  monthlyCredits: number;
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

export interface CustomerResponses {
  LIST_CARDS: { cards: CardView[] };
  CREATE_SETUP_INTENT: { setupIntentId: string; clientSecret: string };
  DETACH_CARD: { detached: string };
  SET_DEFAULT_CARD: { cards: CardView[] };
  LIST_PAYMENTS: { payments: PaymentView[] };
  LIST_MEMBERSHIP_PLANS: { plans: MembershipPlanView[] };
  LIST_MEMBERSHIPS: { memberships: MembershipView[] };
  /** amountCents: the first invoice's amount (after a promotion code's discountCents). */
  SUBSCRIBE: {
    membership: MembershipView;
    clientSecret: string | null;
    amountCents: number;
    currency: Currency;
    trialEnd: string | null;
    discountCents?: number;
  };
  PREVIEW_PLAN_CHANGE: { preview: PlanChangePreview };
  CHANGE_PLAN: { membership: MembershipView; balance: number; paidCents: number; creditsGranted: number };
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
