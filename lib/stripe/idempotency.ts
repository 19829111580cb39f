/** Idempotency keys derive from domain ids, so a retried request can never move money twice. */
export const idempotencyKeys = {
  bookingPaymentIntent: (bookingId: string) => `booking:${bookingId}:payment-intent`,
  bookingPaymentIntentCancel: (bookingId: string) => `booking:${bookingId}:payment-intent:cancel`,
  bookingTransfer: (bookingId: string) => `booking:${bookingId}:transfer`,
  providerAccount: (userId: string) => `provider:${userId}:account`,
} as const;
