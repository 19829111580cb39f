/** A provider's side: the profile (with the connected account), the services offered, and the payouts to the bank. */
import type { Currency } from '../domain/money';
import type { ServiceDefinition } from '../domain/service-rules';
import type { PayoutSchedule, PayoutStatus, StripeAccountStatus } from '../domain/vocabulary';
import type { ModelItem } from './items';

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
  /** Refund reversals the provider's balance could not cover: netted from future payouts (lib/services/payouts.ts). */
  providerDebtCents?: number;
  /**
   * The booking whose payout is netting the debt right now (lib/services/payouts.ts): one at a time, so two
   * concurrent payout runs never recover the same debt twice; removed in the transaction that records that payout.
   */
  providerDebtNettingBookingId?: string;
  /** When the scheduled run pays out the provider's available balance (absent = DAILY). */
  payoutSchedule?: PayoutSchedule;
}

/** A service: what its provider defines (lib/domain/service-rules.ts) plus its owner and listing state. */
export interface ServiceRecord extends ModelItem, ServiceDefinition {
  __typename: 'Service';
  providerId: string;
  isActive: boolean;
  /** 'LISTED' while active (sparse public index); removed when deactivated. */
  listingStatus?: 'LISTED';
  /** Visible reviews' stars, summed and counted (lib/data/review-writes.ts keeps them in each review's transaction). */
  ratingSum?: number;
  ratingCount?: number;
}

export type PayoutMethod = 'standard' | 'instant';

/** A payout from a provider's connected account to their bank, as Stripe last reported it. id = Stripe's `po_…`. */
export interface PayoutRecord extends ModelItem {
  __typename: 'Payout';
  providerId: string;
  stripeAccountId: string;
  amountCents: number;
  currency: Currency;
  method: PayoutMethod;
  status: PayoutStatus;
  /** Kept for readers that sort by progress; the guard against going backwards is PAYOUT_MACHINE (lib/domain/payout-status.ts). */
  statusRank: number;
  /** ISO date-time the bank should receive it. */
  arrivalDate: string;
  /** The instant payout fee shown before confirming (instant only). */
  feeCents?: number;
  failureCode?: string;
  failureMessage?: string;
  /** How it was made: the scheduled run's batch, or an instant payout's request id. */
  batch?: string;
}
