import { a, defineData, type ClientSchema } from '@aws-amplify/backend';
import type { Currency } from '../../lib/domain/money';
import type {
  BookingStatus,
  CancellationPolicy,
  LedgerEntryType,
  PricingUnit,
  StripeAccountStatus,
} from '../../lib/data/records';

/**
 * The Amplify Data models behind the functions. Fields follow lib/data/records.ts; keys and secondary indexes
 * follow lib/data/tables.ts (partition key `id` everywhere) and __tests__/integration/amplify/synth.test.ts holds
 * the synthesized tables equal to that list.
 *
 * Writes go through the five functions (they write the tables directly), so the GraphQL API only grants reads:
 * owners read their own profile, services and bookings; the ADMIN group reads everything; SlotHold, Transaction
 * and ProcessedEvent are ADMIN-only. `createdAt` is declared where an index sorts on it (Amplify still fills it).
 */

// Enum values, checked against the lib types in both directions at compile time (no extra, none missing).
const enumOf =
  <T extends string>() =>
  <const L extends readonly T[]>(values: L & ([T] extends [L[number]] ? unknown : never)): L =>
    values;
const CURRENCIES = enumOf<Currency>()(['usd', 'eur', 'gbp']);
const ACCOUNT_STATUSES = enumOf<StripeAccountStatus>()(['PENDING', 'ACTIVE', 'RESTRICTED', 'REJECTED']);
const CANCELLATION_POLICIES = enumOf<CancellationPolicy>()(['FLEXIBLE', 'MODERATE', 'STRICT']);
const PRICING_UNITS = enumOf<PricingUnit>()(['PER_BOOKING', 'PER_PERSON']);
const BOOKING_STATUSES = enumOf<BookingStatus>()([
  'PENDING_PAYMENT',
  'PAYMENT_FAILED',
  'CONFIRMED',
  'COMPLETED',
  'PAID_OUT',
  'CANCELLED',
  'EXPIRED',
]);
const LEDGER_ENTRY_TYPES = enumOf<LedgerEntryType>()([
  'CHARGE',
  'PLATFORM_FEE',
  'PROVIDER_EARNING',
  'TRANSFER',
  'PAYOUT',
  'REFUND',
  'FEE_REFUND',
  'TRANSFER_REVERSAL',
  'DISPUTE',
]);

const schema = a
  .schema({
    Currency: a.enum(CURRENCIES),
    StripeAccountStatus: a.enum(ACCOUNT_STATUSES),
    CancellationPolicy: a.enum(CANCELLATION_POLICIES),
    PricingUnit: a.enum(PRICING_UNITS),
    BookingStatus: a.enum(BOOKING_STATUSES),
    LedgerEntryType: a.enum(LEDGER_ENTRY_TYPES),
    ListingStatus: a.enum(['LISTED']),

    UserProfile: a
      .model({
        email: a.email().required(),
        displayName: a.string().required(),
        timeZone: a.string(),
        stripeAccountId: a.string(),
        stripeOnboardingComplete: a.boolean(),
        stripeAccountStatus: a.ref('StripeAccountStatus'),
        stripeChargesEnabled: a.boolean(),
        stripePayoutsEnabled: a.boolean(),
        stripeDetailsSubmitted: a.boolean(),
        stripeRequirements: a.json(),
        stripeCapabilities: a.json(),
        stripeOnboardingUrl: a.url(),
        stripeAccountSyncedAt: a.integer(),
        stripeAccountClaimedAt: a.datetime(),
      })
      .secondaryIndexes((index) => [
        index('email').name('byEmail'),
        index('stripeAccountId').name('byStripeAccountId'),
      ])
      .authorization((allow) => [allow.owner().to(['read']), allow.group('ADMIN').to(['read'])]),

    Service: a
      .model({
        providerId: a.string().required(),
        title: a.string().required(),
        category: a.string().required(),
        description: a.string().required(),
        priceCents: a.integer().required(),
        currency: a.ref('Currency').required(),
        pricingUnit: a.ref('PricingUnit').required(),
        durationMinutes: a.integer().required(),
        maxGroupSize: a.integer().required(),
        cancellationPolicy: a.ref('CancellationPolicy').required(),
        timeZone: a.string().required(),
        weeklyAvailability: a.json().required(),
        blockedDates: a.string().required().array().required(),
        isActive: a.boolean().required(),
        listingStatus: a.ref('ListingStatus'),
        createdAt: a.datetime(),
      })
      .secondaryIndexes((index) => [
        index('providerId').sortKeys(['createdAt']).name('byProvider'),
        index('listingStatus').sortKeys(['createdAt']).name('byListingStatus'),
      ])
      .authorization((allow) => [allow.owner().to(['read']), allow.group('ADMIN').to(['read'])]),

    Booking: a
      .model({
        serviceId: a.string().required(),
        serviceTitle: a.string().required(),
        serviceCategory: a.string().required(),
        providerId: a.string().required(),
        customerId: a.string().required(),
        customerEmail: a.email().required(),
        startDateTime: a.datetime().required(),
        endDateTime: a.datetime().required(),
        groupSize: a.integer().required(),
        specialRequests: a.string(),
        status: a.ref('BookingStatus').required(),
        totalAmountCents: a.integer().required(),
        platformFeeCents: a.integer().required(),
        providerEarningsCents: a.integer().required(),
        currency: a.ref('Currency').required(),
        paymentIntentId: a.string(),
        chargeId: a.string(),
        paymentFailureCode: a.string(),
        paymentFailureMessage: a.string(),
        confirmedAt: a.datetime(),
        qrCode: a.string().required(),
        slotHoldIds: a.string().required().array().required(),
        holdExpiresAt: a.datetime().required(),
      })
      .secondaryIndexes((index) => [
        index('customerId').sortKeys(['startDateTime']).name('byCustomer'),
        index('providerId').sortKeys(['startDateTime']).name('byProvider'),
        index('serviceId').sortKeys(['startDateTime']).name('byService'),
        index('paymentIntentId').name('byPaymentIntent'),
      ])
      .authorization((allow) => [allow.owner().to(['read']), allow.group('ADMIN').to(['read'])]),

    SlotHold: a
      .model({
        providerId: a.string().required(),
        bookingId: a.string().required(),
        startDateTime: a.datetime().required(),
      })
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    Transaction: a
      .model({
        bookingId: a.string().required(),
        type: a.ref('LedgerEntryType').required(),
        amountCents: a.integer().required(),
        currency: a.ref('Currency').required(),
        stripeObjectId: a.string(),
        description: a.string().required(),
        createdAt: a.datetime(),
      })
      .secondaryIndexes((index) => [index('bookingId').sortKeys(['createdAt']).name('byBooking')])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    ProcessedEvent: a
      .model({
        eventType: a.string().required(),
        stripeCreated: a.integer().required(),
        processedAt: a.datetime().required(),
      })
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),
  });

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'userPool',
  },
});
