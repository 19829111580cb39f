import { describe, expect, test } from 'vitest';
import { ACCESS_POLICY, decideAccess, relationsTo, type AccessDecision, type Principal } from '../../lib/domain/access-policy';

const CUSTOMER: Principal = { userId: 'u_customer', groups: [] };
const PROVIDER: Principal = { userId: 'u_provider', groups: ['PROVIDER'] };
const ADMIN: Principal = { userId: 'u_admin', groups: ['ADMIN'] };
const STRANGER: Principal = { userId: 'u_stranger', groups: [] };
const OTHER_PROVIDER: Principal = { userId: 'u_other_provider', groups: ['PROVIDER'] };

const booking = { customerId: 'u_customer', providerId: 'u_provider' };
const providerThing = { providerId: 'u_provider' };
const userThing = { userId: 'u_customer' };

/** Written out by hand, independently of the table: who may do what to a booking. */
const BOOKING: [string, Principal | 'SYSTEM', AccessDecision][] = [
  ['view', CUSTOMER, 'allow'],
  ['view', PROVIDER, 'allow'],
  ['view', ADMIN, 'allow'],
  ['view', 'SYSTEM', 'allow'],
  ['view', STRANGER, 'hidden'],
  ['view', OTHER_PROVIDER, 'hidden'],
  ['pay', CUSTOMER, 'allow'],
  ['pay', PROVIDER, 'forbidden'],
  ['pay', ADMIN, 'forbidden'],
  ['pay', STRANGER, 'hidden'],
  ['cancelUnpaid', CUSTOMER, 'allow'],
  ['cancelUnpaid', ADMIN, 'allow'],
  ['cancelUnpaid', PROVIDER, 'forbidden'],
  ['cancelPaid', PROVIDER, 'allow'],
  ['cancelPaid', STRANGER, 'hidden'],
  ['complete', PROVIDER, 'allow'],
  ['complete', CUSTOMER, 'forbidden'],
  ['complete', 'SYSTEM', 'allow'],
  ['receipt', CUSTOMER, 'allow'],
  ['receipt', PROVIDER, 'forbidden'],
  ['refund', ADMIN, 'allow'],
  ['refund', CUSTOMER, 'forbidden'],
  ['contestRefund', CUSTOMER, 'allow'],
  ['contestRefund', PROVIDER, 'allow'],
  ['contestRefund', ADMIN, 'forbidden'],
  ['resolveRefundDispute', ADMIN, 'allow'],
  ['resolveRefundDispute', PROVIDER, 'forbidden'],
  ['submitDisputeEvidence', ADMIN, 'allow'],
  ['submitDisputeEvidence', CUSTOMER, 'forbidden'],
];

describe('bookings', () => {
  test.each(BOOKING)('%s by %o → %s', (action, who, decision) => {
    expect(decideAccess(who, 'booking', booking, action as keyof (typeof ACCESS_POLICY)['booking']).decision).toBe(decision);
  });

  test('a booking nobody can find is hidden from everyone, admins included', () => {
    for (const who of [CUSTOMER, PROVIDER, ADMIN, 'SYSTEM'] as const) expect(decideAccess(who, 'booking', undefined, 'view').decision).toBe('hidden');
  });

  test('the most specific relation comes first: an admin who is the customer pays and cancels as the customer', () => {
    const adminCustomer: Principal = { userId: 'u_customer', groups: ['ADMIN'] };
    expect(relationsTo(adminCustomer, 'booking', booking)).toEqual(['CUSTOMER', 'ADMIN']);
    expect(decideAccess(adminCustomer, 'booking', booking, 'cancelPaid').as).toBe('CUSTOMER');
    expect(decideAccess(adminCustomer, 'booking', booking, 'refund').as).toBe('ADMIN');
  });
});

describe("a provider's resources are publicly named: refusing an existing one is 403, a missing one 404", () => {
  test.each([
    ['view', PROVIDER, 'allow'],
    ['view', ADMIN, 'allow'],
    ['view', OTHER_PROVIDER, 'forbidden'],
    ['view', STRANGER, 'forbidden'],
    ['manage', PROVIDER, 'allow'],
    ['manage', ADMIN, 'forbidden'],
    ['manage', OTHER_PROVIDER, 'forbidden'],
    ['payOut', ADMIN, 'allow'],
    ['payOut', 'SYSTEM', 'allow'],
    ['payOut', OTHER_PROVIDER, 'forbidden'],
  ] as const)('%s by %o → %s', (action, who, decision) => {
    expect(decideAccess(who, 'providerResource', providerThing, action).decision).toBe(decision);
  });

  test('a provider nobody has is hidden', () => {
    expect(decideAccess(ADMIN, 'providerResource', undefined, 'view').decision).toBe('hidden');
  });
});

describe("a user's own records are private", () => {
  test.each([
    ['view', CUSTOMER, 'allow'],
    ['view', ADMIN, 'allow'],
    ['view', STRANGER, 'hidden'],
    ['manage', CUSTOMER, 'allow'],
    ['manage', ADMIN, 'forbidden'],
    ['manage', STRANGER, 'hidden'],
    ['refund', ADMIN, 'allow'],
    ['refund', CUSTOMER, 'forbidden'],
  ] as const)('%s by %o → %s', (action, who, decision) => {
    expect(decideAccess(who, 'userResource', userThing, action).decision).toBe(decision);
  });
});
