/** Idempotency keys derive from domain ids, so a retried request can never move money twice. */
export const idempotencyKeys = {
  bookingPaymentIntent: (bookingId: string) => `booking:${bookingId}:payment-intent`,
  bookingPaymentIntentCancel: (bookingId: string) => `booking:${bookingId}:payment-intent:cancel`,
  bookingTransfer: (bookingId: string) => `booking:${bookingId}:transfer`,
  /** The part of a booking's share transferred while a refund dispute holds the rest (once per booking). */
  bookingTransferPart: (bookingId: string) => `booking:${bookingId}:transfer:held-back-part`,
  providerAccount: (userId: string) => `provider:${userId}:account`,
  /** A payment that succeeded after its hold ended (EXPIRED/CANCELLED booking): refunded once, in full. */
  bookingLatePaymentRefund: (bookingId: string) => `booking:${bookingId}:late-payment:refund`,
  /** A move to a higher price: its top-up PaymentIntent, its cancel when the hold ends, its refund when paid too late. */
  rescheduleTopUp: (bookingId: string, sequence: number) => `booking:${bookingId}:reschedule-topup:${sequence}`,
  rescheduleTopUpCancel: (bookingId: string, sequence: number) => `booking:${bookingId}:reschedule-topup:${sequence}:cancel`,
  rescheduleTopUpLateRefund: (bookingId: string, sequence: number) => `booking:${bookingId}:reschedule-topup:${sequence}:late-refund`,
  /** A payout run's payout of a provider's balance; batch = `auto-<yyyymmdd>-<currency>-<amount>` or `instant-<requestId>`. */
  providerPayout: (providerId: string, batch: string) => `provider:${providerId}:payout:${batch}`,
} as const;

/**
 * Connect operations that are not money movements. Links are single-use, so each request gets its own key
 * (a fresh request id) and only the SDK's automatic retries of that request replay it; a payout's key comes
 * from the client's request id, so a double-submitted payout form pays out once.
 */
export const connectIdempotencyKeys = {
  accountLink: (accountId: string, type: string, requestId: string) => `account:${accountId}:account-link:${type}:${requestId}`,
  loginLink: (accountId: string, requestId: string) => `account:${accountId}:login-link:${requestId}`,
  providerPayout: (userId: string, requestId: string) => `provider:${userId}:payout:${requestId}`,
  paymentIntentForBooking: (bookingId: string) => idempotencyKeys.bookingPaymentIntent(bookingId),
} as const;

/**
 * Customers, saved cards, memberships and credits. A form's `requestId` is made once per submission
 * in the browser, so a double submit (or a retry after a lost answer) replays the same Stripe write.
 */
export const customerIdempotencyKeys = {
  /** One Stripe customer per user, ever (with the conditional claim on the Customer record). */
  customer: (userId: string) => `user:${userId}:customer`,
  setupIntent: (userId: string, requestId: string) => `user:${userId}:setup-intent:${requestId}`,
  detachPaymentMethod: (paymentMethodId: string) => `payment-method:${paymentMethodId}:detach`,
  defaultPaymentMethod: (stripeCustomerId: string, paymentMethodId: string, requestId: string) =>
    `customer:${stripeCustomerId}:default-payment-method:${paymentMethodId}:${requestId}`,
  creditCheckout: (userId: string, packageId: string, requestId: string) =>
    `user:${userId}:credit-package:${packageId}:checkout:${requestId}`,
  subscription: (userId: string, planId: string, requestId: string) => `user:${userId}:membership:${planId}:${requestId}`,
  /** A plan change: one per request (its proration date is the preview's). */
  subscriptionPlanChange: (subscriptionId: string, planId: string, requestId: string) =>
    `subscription:${subscriptionId}:plan:${planId}:${requestId}`,
  subscriptionCancelAtPeriodEnd: (subscriptionId: string, cancel: boolean, requestId: string) =>
    `subscription:${subscriptionId}:cancel-at-period-end:${cancel}:${requestId}`,
  /** The card part of a booking after credits were applied to it (the amount is fixed by the credits applied). */
  bookingPaymentIntentAfterCredits: (bookingId: string, creditsApplied: number) =>
    `booking:${bookingId}:payment-intent:after-credits:${creditsApplied}`,
  /** An admin refund of a credit purchase's unspent part: one per purchase. */
  creditPurchaseRefund: (purchaseId: string) => `credit-purchase:${purchaseId}:refund`,
} as const;

/** Refunds: one key per Stripe write of one refund request, so a crash-retry replays and never repeats. */
export const refundIdempotencyKeys = {
  refund: (bookingId: string, refundRequestId: string) => `booking:${bookingId}:refund:${refundRequestId}`,
  transferReversal: (bookingId: string, refundRequestId: string) => `booking:${bookingId}:transfer-reversal:${refundRequestId}`,
} as const;

/**
 * The checkout's card choices (lib/services/booking-payment.ts): save the new card, or pay with a saved one.
 * `requestId` is made once per press of the pay button, so a double press replays, and a later press with another
 * choice is a new write.
 */
export const checkoutCardIdempotencyKeys = {
  cardSetup: (bookingId: string, requestId: string) => `booking:${bookingId}:payment-intent:card-setup:${requestId}`,
  customer: (bookingId: string, stripeCustomerId: string) => `booking:${bookingId}:payment-intent:customer:${stripeCustomerId}`,
  confirmWithSavedCard: (bookingId: string, paymentMethodId: string, requestId: string) =>
    `booking:${bookingId}:payment-intent:confirm:${paymentMethodId}:${requestId}`,
} as const;

/** Dispute evidence (lib/services/dispute-evidence.ts): one key per dispute and evidence content (its hash). */
export const disputeEvidenceIdempotencyKey = (disputeId: string, contentHash: string) => `dispute:${disputeId}:evidence:${contentHash}`;

/** Account deletion: one key per Stripe write, from the user's and the object's ids, so a retried deletion repeats none. */
export const accountDeletionIdempotencyKeys = {
  cancelMembership: (subscriptionId: string) => `subscription:${subscriptionId}:cancel:account-deleted`,
  deleteCustomer: (userId: string, stripeCustomerId: string) => `user:${userId}:customer:${stripeCustomerId}:delete`,
  closeConnectedAccount: (userId: string, accountId: string) => `user:${userId}:connected-account:${accountId}:close`,
} as const;

/**
 * Promotion codes: keyed by the code (its id; codes are never reused), so a retried create makes one coupon and one
 * promotion code, and a booking's PaymentIntent is lowered once per code.
 */
export const promotionIdempotencyKeys = {
  coupon: (code: string) => `promotion-code:${code}:coupon`,
  promotionCode: (code: string) => `promotion-code:${code}:stripe-promotion-code`,
  deactivate: (code: string) => `promotion-code:${code}:deactivate`,
  bookingPaymentIntentDiscount: (bookingId: string, code: string) => `booking:${bookingId}:payment-intent:promotion:${code}`,
  /** A membership or credit checkout with a code: the code is part of the request, so part of its key. */
  withCode: (key: string, code: string | undefined) => (code ? `${key}:promotion:${code}` : key),
} as const;
