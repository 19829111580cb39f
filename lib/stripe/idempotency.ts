/** Idempotency keys derive from domain ids, so a retried request can never move money twice. */
export const idempotencyKeys = {
  bookingPaymentIntent: (bookingId: string) => `booking:${bookingId}:payment-intent`,
  bookingPaymentIntentCancel: (bookingId: string) => `booking:${bookingId}:payment-intent:cancel`,
  bookingTransfer: (bookingId: string) => `booking:${bookingId}:transfer`,
  providerAccount: (userId: string) => `provider:${userId}:account`,
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
