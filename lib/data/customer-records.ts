/** A customer's side: the Stripe customer and credit balance, payments, memberships, credit packages and purchases. */
import type { Currency } from '../domain/money';
import type { ModelItem } from './items';

/**
 * One per user (id = userId): the Stripe customer and the credit balance. The Stripe customer is created on the
 * user's first purchase; `stripeCustomerClaimedAt` is the conditional claim that keeps concurrent first purchases
 * from creating two. `creditBalance` only ever changes through conditional ADD in a transaction with its
 * CreditTransaction record.
 */
export interface CustomerRecord extends ModelItem {
  __typename: 'Customer';
  userId: string;
  email: string;
  stripeCustomerId?: string;
  stripeCustomerClaimedAt?: string;
  defaultPaymentMethodId?: string;
  creditBalance?: number;
  /** The Stripe customer's name, as Stripe has it (set when the app creates it, kept by customer.updated). */
  name?: string;
  /** False once the Stripe customer is deleted (customer.deleted); absent before the first Stripe customer. */
  isActive?: boolean;
  /** The plans whose trial the user has had: one trial per customer per plan (appended under a condition). */
  trialPlanIds?: string[];
  /** The last membership period credits were granted for (`subscriptionId#periodEnd`) and its total: serialises grants. */
  membershipGrantPeriod?: string;
  membershipGrantPeriodCredits?: number;
}

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';
export type PaymentKind = 'BOOKING' | 'CREDIT_PURCHASE' | 'MEMBERSHIP';

/** Every PaymentIntent the platform creates (id = PaymentIntent id), kept current by the webhook. */
export interface PaymentRecord extends ModelItem {
  __typename: 'Payment';
  userId: string;
  kind: PaymentKind;
  stripePaymentIntentId: string;
  stripeCustomerId?: string;
  amountCents: number;
  currency: Currency;
  status: PaymentStatus;
  description: string;
  bookingId?: string;
  creditPurchaseId?: string;
  subscriptionId?: string;
  invoiceId?: string;
  receiptUrl?: string;
  failureMessage?: string;
}

export type SubscriptionStatus =
  'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';

/**
 * A membership (id = Stripe subscription id), as Stripe had it when last fetched. Table `Subscription`; its Amplify
 * model is `Membership` (GraphQL reserves "Subscription"), hence the __typename.
 */
export interface SubscriptionRecord extends ModelItem {
  __typename: 'Membership';
  userId: string;
  stripeCustomerId: string;
  planId: string;
  stripePriceId: string;
  status: SubscriptionStatus;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
  monthlyCredits: number;
  latestInvoiceId?: string;
  /** When the trial ends and the first charge is made (ISO), for a subscription started with a trial. */
  trialEnd?: string;
  /** Unix seconds of the Stripe state stored. */
  stripeSyncedAt: number;
}

/** A membership plan: a Stripe product + recurring price; each paid invoice grants `monthlyCredits`. */
export interface MembershipPlanRecord extends ModelItem {
  __typename: 'MembershipPlan';
  name: string;
  description: string;
  stripeProductId: string;
  stripePriceId: string;
  priceCents: number;
  currency: Currency;
  interval: 'month' | 'year';
  monthlyCredits: number;
  /** Days of free trial a first subscription to this plan starts with (none when absent). */
  trialDays?: number;
  sortOrder: number;
  listingStatus?: 'LISTED';
}

export interface CreditPackageRecord extends ModelItem {
  __typename: 'CreditPackage';
  name: string;
  description: string;
  credits: number;
  priceCents: number;
  currency: Currency;
  sortOrder: number;
  listingStatus?: 'LISTED';
}

export type CreditPurchaseStatus = 'OPEN' | 'COMPLETED' | 'EXPIRED' | 'REFUND_PENDING' | 'REFUNDED';

/** One credit-package checkout (id = Checkout Session id). */
export interface CreditPurchaseRecord extends ModelItem {
  __typename: 'CreditPurchase';
  userId: string;
  packageId: string;
  packageName: string;
  credits: number;
  amountCents: number;
  currency: Currency;
  status: CreditPurchaseStatus;
  stripeCustomerId: string;
  paymentIntentId?: string;
  completedAt?: string;
  expiredAt?: string;
  /** Set when an admin refund reserved it: the credits removed and the card amount to refund. */
  refundCreditsRemoved?: number;
  refundAmountCents?: number;
  refundId?: string;
  refundedAt?: string;
}

export type CreditTransactionType = 'PURCHASE' | 'MEMBERSHIP_GRANT' | 'SPEND' | 'SPEND_RETURN' | 'PURCHASE_REFUND';

/**
 * One change of a user's credit balance (signed `credits`). Deterministic ids (`purchase:<session>`,
 * `grant:<invoice>`, `spend:<booking>`, …) with attribute_not_exists make every change happen once.
 */
export interface CreditTransactionRecord extends ModelItem {
  __typename: 'CreditTransaction';
  userId: string;
  type: CreditTransactionType;
  credits: number;
  description: string;
  creditPurchaseId?: string;
  invoiceId?: string;
  subscriptionId?: string;
  /** A membership grant's period (the end of the period it is for, ISO): credits are granted once per period. */
  periodEnd?: string;
  bookingId?: string;
}
