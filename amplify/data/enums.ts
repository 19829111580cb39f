/** The enums of the Amplify Data models: the domain's own lists where it keeps one, the records' words otherwise. */
import { a } from '@aws-amplify/backend';
import type {
  BookingStatus,
  CancellationPolicy,
  CreditPurchaseStatus,
  CreditTransactionType,
  LedgerEntryType,
  PaymentKind,
  PaymentStatus,
  PayoutMethod,
  PayoutStatus,
  PricingUnit,
  StripeAccountStatus,
  SubscriptionStatus,
} from '../../lib/data/records';
import { BOOKING_STATUSES } from '../../lib/domain/booking-status';
import { CREDIT_PURCHASE_STATUSES } from '../../lib/domain/credit-purchase-status';
import { MEMBERSHIP_STATUSES } from '../../lib/domain/membership-status';
import { SUPPORTED_CURRENCIES, type Currency } from '../../lib/domain/money';
import { PAYOUT_STATUSES } from '../../lib/domain/payout-status';
import { PRICING_UNITS } from '../../lib/domain/service-rules';

// Each list is checked against the record's type at compile time, in both directions (no extra value, none missing).
const enumOf =
  <T extends string>() =>
  <const L extends readonly T[]>(values: L & ([T] extends [L[number]] ? unknown : never)): L =>
    values;

export const enums = {
  Currency: a.enum(enumOf<Currency>()(SUPPORTED_CURRENCIES)),
  StripeAccountStatus: a.enum(enumOf<StripeAccountStatus>()(['PENDING', 'ACTIVE', 'RESTRICTED', 'REJECTED'])),
  CancellationPolicy: a.enum(enumOf<CancellationPolicy>()(['FLEXIBLE', 'MODERATE', 'STRICT'])),
  PricingUnit: a.enum(enumOf<PricingUnit>()(PRICING_UNITS)),
  BookingStatus: a.enum(enumOf<BookingStatus>()(BOOKING_STATUSES)),
  LedgerEntryType: a.enum(
    enumOf<LedgerEntryType>()([
      'CHARGE',
      'PLATFORM_FEE',
      'PROVIDER_EARNING',
      'TRANSFER',
      'PAYOUT',
      'REFUND',
      'FEE_REFUND',
      'TRANSFER_REVERSAL',
      'DISPUTE',
      'PAYOUT_FAILED',
      'CREDIT_PURCHASE',
      'CREDIT_SPEND',
      'CREDIT_RETURN',
      'CREDIT_PURCHASE_REFUND',
      'DISCOUNT',
      'PROVIDER_DEBT',
      'MEMBERSHIP_PAYMENT',
    ]),
  ),
  ListingStatus: a.enum(['LISTED']),
  PayoutMethod: a.enum(enumOf<PayoutMethod>()(['standard', 'instant'])),
  PayoutStatus: a.enum(enumOf<PayoutStatus>()(PAYOUT_STATUSES)),
  PaymentKind: a.enum(enumOf<PaymentKind>()(['BOOKING', 'CREDIT_PURCHASE', 'MEMBERSHIP'])),
  PaymentStatus: a.enum(enumOf<PaymentStatus>()(['pending', 'succeeded', 'failed', 'canceled'])),
  SubscriptionStatus: a.enum(enumOf<SubscriptionStatus>()(MEMBERSHIP_STATUSES)),
  CreditPurchaseStatus: a.enum(enumOf<CreditPurchaseStatus>()(CREDIT_PURCHASE_STATUSES)),
  CreditTransactionType: a.enum(
    enumOf<CreditTransactionType>()(['PURCHASE', 'MEMBERSHIP_GRANT', 'SPEND', 'SPEND_RETURN', 'PURCHASE_REFUND']),
  ),
  PlanInterval: a.enum(['month', 'year']),
};
