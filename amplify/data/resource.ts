import { a, defineData, type ClientSchema } from '@aws-amplify/backend';
import { MODEL_NAMES, type ModelName } from '../../lib/data/tables';
import type { Currency } from '../../lib/domain/money';
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
  'DISPUTED',
  'REFUNDED',
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
  'PAYOUT_FAILED',
  'CREDIT_PURCHASE',
  'CREDIT_SPEND',
  'CREDIT_RETURN',
  'CREDIT_PURCHASE_REFUND',
  'PROVIDER_DEBT',
]);
const PAYOUT_METHODS = enumOf<PayoutMethod>()(['standard', 'instant']);
const PAYOUT_STATUSES = enumOf<PayoutStatus>()(['pending', 'in_transit', 'paid', 'failed', 'canceled']);
const PAYMENT_KINDS = enumOf<PaymentKind>()(['BOOKING', 'CREDIT_PURCHASE', 'MEMBERSHIP']);
const PAYMENT_STATUSES = enumOf<PaymentStatus>()(['pending', 'succeeded', 'failed', 'canceled']);
const SUBSCRIPTION_STATUSES = enumOf<SubscriptionStatus>()([
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
]);
const CREDIT_PURCHASE_STATUSES = enumOf<CreditPurchaseStatus>()(['OPEN', 'COMPLETED', 'EXPIRED', 'REFUND_PENDING', 'REFUNDED']);
const CREDIT_TRANSACTION_TYPES = enumOf<CreditTransactionType>()(['PURCHASE', 'MEMBERSHIP_GRANT', 'SPEND', 'SPEND_RETURN', 'PURCHASE_REFUND']);

const schema = a
  .schema({
    Currency: a.enum(CURRENCIES),
    StripeAccountStatus: a.enum(ACCOUNT_STATUSES),
    CancellationPolicy: a.enum(CANCELLATION_POLICIES),
    PricingUnit: a.enum(PRICING_UNITS),
    BookingStatus: a.enum(BOOKING_STATUSES),
    LedgerEntryType: a.enum(LEDGER_ENTRY_TYPES),
    ListingStatus: a.enum(['LISTED']),
    PayoutMethod: a.enum(PAYOUT_METHODS),
    PayoutStatus: a.enum(PAYOUT_STATUSES),
    PaymentKind: a.enum(PAYMENT_KINDS),
    PaymentStatus: a.enum(PAYMENT_STATUSES),
    SubscriptionStatus: a.enum(SUBSCRIPTION_STATUSES),
    CreditPurchaseStatus: a.enum(CREDIT_PURCHASE_STATUSES),
    CreditTransactionType: a.enum(CREDIT_TRANSACTION_TYPES),
    PlanInterval: a.enum(['month', 'year']),

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
        payoutSchedule: a.enum(['DAILY', 'WEEKLY', 'MANUAL']),
        providerDebtCents: a.integer(),
        providerDebtNettingBookingId: a.string(),
        createdAt: a.datetime(),
      })
      .secondaryIndexes((index) => [
        index('email').name('byEmail'),
        index('stripeAccountId').name('byStripeAccountId'),
        index('stripeAccountStatus').sortKeys(['createdAt']).name('byStripeAccountStatus'),
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
        creditsAppliedCents: a.integer(),
        creditsReturnedCents: a.integer(),
        qrCode: a.string().required(),
        slotHoldIds: a.string().required().array().required(),
        holdExpiresAt: a.datetime().required(),
        cancelledAt: a.datetime(),
        cancelledBy: a.string(),
        expiredAt: a.datetime(),
        paymentIntentCancelFailed: a.boolean(),
        intentCancelStatus: a.enum(['PENDING', 'GAVE_UP']),
        intentCancelRetryAt: a.datetime(),
        intentCancelPendingSince: a.datetime(),
        intentCancelAttempts: a.integer(),
        intentCancelLastError: a.string(),
        intentCancelResolvedAt: a.datetime(),
        latePaymentRefundId: a.string(),
        completedAt: a.datetime(),
        completedBy: a.string(),
        payoutClaimId: a.string(),
        payoutClaimedAt: a.datetime(),
        transferId: a.string(),
        paidOutAt: a.datetime(),
        providerDebtRecoveredCents: a.integer(),
        // refunds and chargebacks (lib/services/refunds.ts, disputes.ts)
        refundedCents: a.integer(),
        feeRefundedCents: a.integer(),
        providerRefundedCents: a.integer(),
        refundCompensationCents: a.integer(),
        providerReversedCents: a.integer(),
        providerDebtCents: a.integer(),
        chargebackAmountCents: a.integer(),
        refundClaimId: a.string(),
        disputeId: a.string(),
        chargebackStatus: a.string(),
        statusBeforeDispute: a.ref('BookingStatus'),
        refundClaim: a.json(),
        refunds: a.json(),
        refundDispute: a.json(),
        payoutHold: a.boolean(),
        chargebackSettledAt: a.datetime(),
        createdAt: a.datetime(),
      })
      .secondaryIndexes((index) => [
        index('customerId').sortKeys(['startDateTime']).name('byCustomer'),
        index('providerId').sortKeys(['startDateTime']).name('byProvider'),
        index('serviceId').sortKeys(['startDateTime']).name('byService'),
        index('paymentIntentId').name('byPaymentIntent'),
        index('status').sortKeys(['holdExpiresAt']).name('byStatusHoldExpiry'),
        index('status').sortKeys(['endDateTime']).name('byStatusEnd'),
        index('providerId').sortKeys(['status']).name('byProviderStatus'),
        index('currency').sortKeys(['createdAt']).name('byCurrencyCreated'),
        index('customerEmail').sortKeys(['createdAt']).name('byCustomerEmail'),
        index('intentCancelStatus').sortKeys(['intentCancelRetryAt']).name('byIntentCancelRetry'),
        index('status').sortKeys(['createdAt']).name('byStatusCreated'),
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
        providerId: a.string(),
        type: a.ref('LedgerEntryType').required(),
        amountCents: a.integer().required(),
        currency: a.ref('Currency').required(),
        stripeObjectId: a.string(),
        description: a.string().required(),
        createdAt: a.datetime(),
      })
      .secondaryIndexes((index) => [
        index('bookingId').sortKeys(['createdAt']).name('byBooking'),
        index('type').sortKeys(['createdAt']).name('byTypeCreated'),
      ])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    ProcessedEvent: a
      .model({
        eventType: a.string().required(),
        stripeCreated: a.integer().required(),
        processedAt: a.datetime().required(),
      })
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    Payout: a
      .model({
        providerId: a.string().required(),
        stripeAccountId: a.string().required(),
        amountCents: a.integer().required(),
        currency: a.ref('Currency').required(),
        method: a.ref('PayoutMethod').required(),
        status: a.ref('PayoutStatus').required(),
        statusRank: a.integer().required(),
        arrivalDate: a.datetime().required(),
        feeCents: a.integer(),
        failureCode: a.string(),
        failureMessage: a.string(),
        batch: a.string(),
        createdAt: a.datetime(),
      })
      .secondaryIndexes((index) => [index('providerId').sortKeys(['createdAt']).name('byProvider')])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    // ---- customers, payments, memberships, credits ----
    Customer: a
      .model({
        userId: a.string().required(),
        email: a.email().required(),
        stripeCustomerId: a.string(),
        stripeCustomerClaimedAt: a.datetime(),
        defaultPaymentMethodId: a.string(),
        creditBalance: a.integer(),
      })
      .secondaryIndexes((index) => [index('stripeCustomerId').name('byStripeCustomerId'), index('email').name('byEmail')])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    Payment: a
      .model({
        userId: a.string().required(),
        kind: a.ref('PaymentKind').required(),
        stripePaymentIntentId: a.string().required(),
        stripeCustomerId: a.string(),
        amountCents: a.integer().required(),
        currency: a.ref('Currency').required(),
        status: a.ref('PaymentStatus').required(),
        description: a.string().required(),
        bookingId: a.string(),
        creditPurchaseId: a.string(),
        subscriptionId: a.string(),
        invoiceId: a.string(),
        receiptUrl: a.url(),
        failureMessage: a.string(),
        createdAt: a.datetime(),
      })
      .secondaryIndexes((index) => [index('userId').sortKeys(['createdAt']).name('byUser')])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    // lib/data/tables.ts calls it `Subscription`, a name GraphQL reserves (see AMPLIFY_MODEL_OF below)
    Membership: a
      .model({
        userId: a.string().required(),
        stripeCustomerId: a.string().required(),
        planId: a.string().required(),
        stripePriceId: a.string().required(),
        status: a.ref('SubscriptionStatus').required(),
        currentPeriodStart: a.datetime().required(),
        currentPeriodEnd: a.datetime().required(),
        cancelAtPeriodEnd: a.boolean().required(),
        monthlyCredits: a.integer().required(),
        latestInvoiceId: a.string(),
        stripeSyncedAt: a.integer().required(),
        createdAt: a.datetime(),
      })
      .secondaryIndexes((index) => [index('userId').sortKeys(['createdAt']).name('byUser')])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    MembershipPlan: a
      .model({
        name: a.string().required(),
        description: a.string().required(),
        stripeProductId: a.string().required(),
        stripePriceId: a.string().required(),
        priceCents: a.integer().required(),
        currency: a.ref('Currency').required(),
        interval: a.ref('PlanInterval').required(),
        monthlyCredits: a.integer().required(),
        sortOrder: a.integer().required(),
        listingStatus: a.ref('ListingStatus'),
      })
      .secondaryIndexes((index) => [index('listingStatus').name('byListingStatus')])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    CreditPackage: a
      .model({
        name: a.string().required(),
        description: a.string().required(),
        credits: a.integer().required(),
        priceCents: a.integer().required(),
        currency: a.ref('Currency').required(),
        sortOrder: a.integer().required(),
        listingStatus: a.ref('ListingStatus'),
      })
      .secondaryIndexes((index) => [index('listingStatus').name('byListingStatus')])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    CreditPurchase: a
      .model({
        userId: a.string().required(),
        packageId: a.string().required(),
        packageName: a.string().required(),
        credits: a.integer().required(),
        amountCents: a.integer().required(),
        currency: a.ref('Currency').required(),
        status: a.ref('CreditPurchaseStatus').required(),
        stripeCustomerId: a.string().required(),
        paymentIntentId: a.string(),
        completedAt: a.datetime(),
        expiredAt: a.datetime(),
        refundCreditsRemoved: a.integer(),
        refundAmountCents: a.integer(),
        refundId: a.string(),
        refundedAt: a.datetime(),
        createdAt: a.datetime(),
      })
      .secondaryIndexes((index) => [index('userId').sortKeys(['createdAt']).name('byUser'), index('status').sortKeys(['createdAt']).name('byStatusCreated')])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    CreditTransaction: a
      .model({
        userId: a.string().required(),
        type: a.ref('CreditTransactionType').required(),
        credits: a.integer().required(),
        description: a.string().required(),
        creditPurchaseId: a.string(),
        invoiceId: a.string(),
        subscriptionId: a.string(),
        bookingId: a.string(),
        createdAt: a.datetime(),
      })
      .secondaryIndexes((index) => [index('userId').sortKeys(['createdAt']).name('byUser')])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    // ---- admin: webhook event log, disputes ----
    // The outbox: one row per change, appended in the change's own transaction; admins read it as the audit log.
    DomainEvent: a
      .model({
        type: a.string().required(),
        aggregateType: a.string().required(),
        aggregateId: a.string().required(),
        aggregateKey: a.string().required(),
        sequence: a.string().required(),
        month: a.string().required(),
        actorRole: a.string().required(),
        actorId: a.string(),
        payload: a.json().required(),
        occurredAt: a.datetime().required(),
      })
      .secondaryIndexes((index) => [
        index('aggregateKey').sortKeys(['sequence']).name('byAggregate'),
        index('month').sortKeys(['sequence']).name('byMonth'),
      ])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    // Written only by the event consumers (a receipt per consumer and event).
    ConsumedEvent: a
      .model({
        consumer: a.string().required(),
        eventId: a.string().required(),
      })
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    EventTally: a
      .model({
        day: a.string().required(),
        eventType: a.string().required(),
        count: a.integer().required(),
      })
      .secondaryIndexes((index) => [index('day').sortKeys(['eventType']).name('byDay')])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    WebhookEventLog: a
      .model({
        logPartition: a.string().required(),
        eventType: a.string().required(),
        status: a.string().required(),
        receivedAt: a.datetime().required(),
        stripeCreated: a.integer().required(),
        attempts: a.integer().required(),
        lastError: a.string(),
        processedAt: a.datetime(),
        reprocessedBy: a.string(),
      })
      .secondaryIndexes((index) => [
        index('logPartition').sortKeys(['receivedAt']).name('byLogPartition'),
        index('status').sortKeys(['receivedAt']).name('byStatus'),
      ])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

    Dispute: a
      .model({
        bookingId: a.string().required(),
        chargeId: a.string().required(),
        amountCents: a.integer().required(),
        currency: a.ref('Currency').required(),
        status: a.string().required(),
        reason: a.string().required(),
        evidenceDueBy: a.datetime().required(),
        evidence: a.json(),
        evidenceSubmissionCount: a.integer(),
        evidenceSubmittedAt: a.datetime(),
        evidenceSubmittedBy: a.string(),
        evidenceClaimKey: a.string(),
        evidenceClaimedAt: a.datetime(),
      })
      .secondaryIndexes((index) => [
        index('status').sortKeys(['evidenceDueBy']).name('byStatusDue'),
        index('bookingId').name('byBooking'),
      ])
      .authorization((allow) => [allow.group('ADMIN').to(['read'])]),
  });

export type Schema = ClientSchema<typeof schema>;

/**
 * The Amplify Data model behind each table of lib/data/tables.ts: the same name, except where GraphQL reserves it
 * (`Subscription` is the name of GraphQL's subscription root type; Amplify refuses a model of that name). The
 * function still gets the table as SUBSCRIPTION_TABLE_NAME. Renaming the model in lib/data/tables.ts (and its
 * records' __typename) to `Membership` would remove this one exception.
 */
export const AMPLIFY_MODEL_OF: Record<ModelName, string> = Object.fromEntries(
  MODEL_NAMES.map((m) => [m, m === 'Subscription' ? 'Membership' : m]),
) as Record<ModelName, string>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'userPool',
  },
});
