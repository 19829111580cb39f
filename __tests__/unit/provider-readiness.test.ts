import { expect, test } from 'vitest';
import { providerCanTakeBookings, type ProviderPaymentFacts } from '../../lib/domain/provider-readiness';

test.each<[string, ProviderPaymentFacts | undefined, boolean]>([
  ['no profile', undefined, false],
  ['no connected account', { stripeAccountStatus: 'ACTIVE' }, false],
  ['onboarding unfinished', { stripeAccountId: 'acct_1', stripeAccountStatus: 'PENDING' }, false],
  ['restricted by Stripe', { stripeAccountId: 'acct_1', stripeAccountStatus: 'RESTRICTED' }, false],
  ['rejected', { stripeAccountId: 'acct_1', stripeAccountStatus: 'REJECTED' }, false],
  ['charges and payouts enabled', { stripeAccountId: 'acct_1', stripeAccountStatus: 'ACTIVE' }, true],
])('%s → can take bookings: %s', (_label, provider, expected) => {
  expect(providerCanTakeBookings(provider)).toBe(expected);
});
