/** Customers and what they pay for: payments, memberships and their plans, credit packages, purchases and the credit history. */
import { a } from '@aws-amplify/backend';

export const customerModels = {
  Customer: a
    .model({
      userId: a.string().required(),
      email: a.email().required(),
      stripeCustomerId: a.string(),
      stripeCustomerClaimedAt: a.datetime(),
      defaultPaymentMethodId: a.string(),
      creditBalance: a.integer(),
      name: a.string(),
      isActive: a.boolean(),
      trialPlanIds: a.string().array(),
      membershipGrantPeriod: a.string(),
      membershipGrantPeriodCredits: a.integer(),
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

  // lib/data/tables.ts calls it `Subscription`, a name GraphQL reserves (see AMPLIFY_MODEL_OF in resource.ts)
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
      trialEnd: a.datetime(),
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
      trialDays: a.integer(),
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
      // The admin list's keys (lib/data/list-keys.ts): creation month, and `<status>#<shard>` kept by the writer.
      createdMonth: a.string(),
      statusListShard: a.string(),
      createdAt: a.datetime(),
    })
    .secondaryIndexes((index) => [
      index('userId').sortKeys(['createdAt']).name('byUser'),
      index('createdMonth').sortKeys(['createdAt']).name('byCreatedMonth'),
      index('statusListShard').sortKeys(['createdAt']).name('byStatusListShard'),
    ])
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
      periodEnd: a.datetime(),
      bookingId: a.string(),
      createdAt: a.datetime(),
    })
    .secondaryIndexes((index) => [index('userId').sortKeys(['createdAt']).name('byUser')])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),
};
