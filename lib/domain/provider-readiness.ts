/**
 * Whether a provider can take bookings now: a connected account that Stripe lets take charges and receive payouts
 * (status ACTIVE, decided by account-status.ts). CREATE_BOOKING refuses with PROVIDER_NOT_READY otherwise, and
 * CHECK_AVAILABILITY offers no slots, so a customer is never shown a time they cannot book.
 */
export interface ProviderPaymentFacts {
  stripeAccountId?: string | undefined;
  stripeAccountStatus?: string | undefined;
}

export function providerCanTakeBookings(provider: ProviderPaymentFacts | undefined): boolean {
  return Boolean(provider?.stripeAccountId) && provider?.stripeAccountStatus === 'ACTIVE';
}

/** What a customer is told when a provider cannot take bookings yet (the same words as the PROVIDER_NOT_READY error). */
export const PROVIDER_NOT_READY_MESSAGE = "This provider can't take bookings right now. Please try again later.";
