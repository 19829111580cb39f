/**
 * Providers and what they sell, bookings and their money: profiles, services, bookings, slot holds, the ledger
 * (Transaction), processed Stripe events, payouts.
 */
import { a } from '@aws-amplify/backend';

export const bookingModels = {
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
      // account deletion (lib/services/account-deletion.ts): started, connected account closed, identity erased
      deletionStartedAt: a.datetime(),
      connectedAccountClosedAt: a.datetime(),
      deletedAt: a.datetime(),
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
      // The booking window (lib/domain/booking-window.ts); absent on older services, which take the defaults.
      maxAdvanceDays: a.integer(),
      minNoticeMinutes: a.integer(),
      // Visible reviews' stars summed and counted (lib/domain/reviews.ts), changed in each review's transaction.
      ratingSum: a.integer(),
      ratingCount: a.integer(),
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
      pendingMove: a.json(),
      topUps: a.json(),
      rescheduleWork: a.enum(['TOPUP_PENDING', 'REFUND_PENDING']),
      rescheduleWorkDueAt: a.datetime(),
      lateTopUpRefunds: a.json(),
      topUpAttempts: a.integer(),
      completedAt: a.datetime(),
      completedBy: a.string(),
      payoutClaimId: a.string(),
      payoutClaimedAt: a.datetime(),
      transferId: a.string(),
      paidOutAt: a.datetime(),
      providerDebtRecoveredCents: a.integer(),
      payoutPartCents: a.integer(),
      partialTransferId: a.string(),
      partialTransferCents: a.integer(),
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
      refundCaseState: a.enum(['OPEN', 'ESCALATED']),
      refundCaseOpenedAt: a.datetime(),
      payoutHold: a.boolean(),
      // The scheduled run's sparse, sharded key (lib/domain/booking-schedule.ts), kept by the booking writer.
      scheduleShard: a.string(),
      chargebackSettledAt: a.datetime(),
      // The admin list's keys (lib/data/list-keys.ts): creation month, and `<status>#<shard>` kept by the writer.
      createdMonth: a.string(),
      statusListShard: a.string(),
      createdAt: a.datetime(),
    })
    .secondaryIndexes((index) => [
      index('customerId').sortKeys(['startDateTime']).name('byCustomer'),
      index('providerId').sortKeys(['startDateTime']).name('byProvider'),
      index('serviceId').sortKeys(['startDateTime']).name('byService'),
      index('paymentIntentId').name('byPaymentIntent'),
      index('status').sortKeys(['holdExpiresAt']).name('byStatusHoldExpiry'),
      index('scheduleShard').sortKeys(['endDateTime']).name('byScheduleEnd'),
      index('providerId').sortKeys(['status']).name('byProviderStatus'),
      index('createdMonth').sortKeys(['createdAt']).name('byCreatedMonth'),
      index('customerEmail').sortKeys(['createdAt']).name('byCustomerEmail'),
      index('intentCancelStatus').sortKeys(['intentCancelRetryAt']).name('byIntentCancelRetry'),
      index('statusListShard').sortKeys(['createdAt']).name('byStatusListShard'),
      index('refundCaseState').sortKeys(['refundCaseOpenedAt']).name('byRefundCase'),
      index('rescheduleWork').sortKeys(['rescheduleWorkDueAt']).name('byRescheduleWork'),
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
      typeDay: a.string(),
      createdAt: a.datetime(),
    })
    .secondaryIndexes((index) => [
      index('bookingId').sortKeys(['createdAt']).name('byBooking'),
      index('typeDay').sortKeys(['createdAt']).name('byTypeDay'),
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

  // Search entries of listed services (lib/data/service-search.ts): one per word of a title, category and price band.
  ServiceSearch: a
    .model({
      searchKey: a.string().required(),
      rankKey: a.string().required(),
      serviceId: a.string().required(),
      tokens: a.string().array().required(),
      category: a.string().required(),
      priceCents: a.integer().required(),
      weekdays: a.string().array().required(),
      blockedDates: a.string().array().required(),
    })
    .secondaryIndexes((index) => [index('searchKey').sortKeys(['rankKey']).name('bySearchKey')])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),
};
