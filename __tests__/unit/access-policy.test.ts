import { describe, expect, test } from 'vitest';
import { ACCESS_POLICY, decideAccess, PUBLICLY_NAMED_KINDS, type Principal, type ResourceOwners } from '../../lib/domain/access-policy';

const OWNER = 'user_owner';
const PROVIDER = 'user_provider';
const own: Principal = { userId: OWNER, groups: [] };
const provider: Principal = { userId: PROVIDER, groups: ['PROVIDER'] };
const admin: Principal = { userId: 'user_admin', groups: ['ADMIN'] };
const stranger: Principal = { userId: 'user_stranger', groups: ['PROVIDER'] };

type Who = 'customer' | 'provider' | 'admin' | 'stranger' | 'system';
const PRINCIPALS: Record<Who, Principal> = { customer: own, provider, admin, stranger, system: 'SYSTEM' };
const A = 'allow' as const;
const F = 'forbidden' as const;
const H = 'hidden' as const;

// Written out by hand from the product rules, not derived from ACCESS_POLICY.
const BOOKING: ResourceOwners['booking'] = { customerId: OWNER, providerId: PROVIDER };
const BOOKING_TABLE: Record<keyof (typeof ACCESS_POLICY)['booking'], Record<Who, 'allow' | 'forbidden' | 'hidden'>> = {
  view: { customer: A, provider: A, admin: A, stranger: H, system: A },
  pay: { customer: A, provider: F, admin: F, stranger: H, system: F },
  cancelUnpaid: { customer: A, provider: F, admin: A, stranger: H, system: A },
  cancelPaid: { customer: A, provider: A, admin: A, stranger: H, system: F },
  complete: { customer: F, provider: A, admin: A, stranger: H, system: A },
  // only the customer moves their booking (it is their time); the provider cancels instead
  reschedule: { customer: A, provider: F, admin: F, stranger: H, system: F },
  checkIn: { customer: F, provider: A, admin: F, stranger: H, system: F },
  markNoShow: { customer: F, provider: A, admin: F, stranger: H, system: F },
  receipt: { customer: A, provider: F, admin: A, stranger: H, system: F },
  previewRefund: { customer: A, provider: A, admin: A, stranger: H, system: F },
  refund: { customer: F, provider: F, admin: A, stranger: H, system: A },
  contestRefund: { customer: A, provider: A, admin: F, stranger: H, system: F },
  resolveRefundDispute: { customer: F, provider: F, admin: A, stranger: H, system: F },
  submitDisputeEvidence: { customer: F, provider: F, admin: A, stranger: H, system: F },
  // reviews: the customer writes, the provider replies, an admin hides; the system does none of these
  review: { customer: A, provider: F, admin: F, stranger: H, system: F },
  replyToReview: { customer: F, provider: A, admin: F, stranger: H, system: F },
  hideReview: { customer: F, provider: F, admin: A, stranger: H, system: F },
};

// 'customer' here is the record's owner. Provider resources are publicly named: refusals are 403, never 404.
const PROVIDER_RESOURCE_TABLE: Record<
  keyof (typeof ACCESS_POLICY)['providerResource'],
  Record<Exclude<Who, 'provider'>, 'allow' | 'forbidden' | 'hidden'>
> = {
  view: { customer: A, admin: A, stranger: F, system: A },
  manage: { customer: A, admin: F, stranger: F, system: F },
  payOut: { customer: A, admin: A, stranger: F, system: A },
};
const USER_RESOURCE_TABLE: Record<
  keyof (typeof ACCESS_POLICY)['userResource'],
  Record<Exclude<Who, 'provider'>, 'allow' | 'forbidden' | 'hidden'>
> = {
  view: { customer: A, admin: A, stranger: H, system: A },
  manage: { customer: A, admin: F, stranger: H, system: F },
  refund: { customer: F, admin: A, stranger: H, system: F },
};

const rows = <T extends Record<string, Record<string, string>>>(table: T) =>
  Object.entries(table).flatMap(([action, byWho]) => Object.entries(byWho).map(([who, want]) => ({ action, who: who as Who, want })));

describe('decideAccess', () => {
  test.each(rows(BOOKING_TABLE))('booking $action by $who → $want', ({ action, who, want }) => {
    expect(decideAccess(PRINCIPALS[who], 'booking', BOOKING, action as never).decision).toBe(want);
  });
  test.each(rows(PROVIDER_RESOURCE_TABLE))('providerResource $action by $who → $want', ({ action, who, want }) => {
    expect(decideAccess(PRINCIPALS[who], 'providerResource', { providerId: OWNER }, action as never).decision).toBe(want);
  });
  test.each(rows(USER_RESOURCE_TABLE))('userResource $action by $who → $want', ({ action, who, want }) => {
    expect(decideAccess(PRINCIPALS[who], 'userResource', { userId: OWNER }, action as never).decision).toBe(want);
  });

  test('the tables above cover every action of the policy', () => {
    expect(Object.keys(BOOKING_TABLE).sort()).toEqual(Object.keys(ACCESS_POLICY.booking).sort());
    expect(Object.keys(PROVIDER_RESOURCE_TABLE).sort()).toEqual(Object.keys(ACCESS_POLICY.providerResource).sort());
    expect(Object.keys(USER_RESOURCE_TABLE).sort()).toEqual(Object.keys(ACCESS_POLICY.userResource).sort());
  });

  test.each([
    ['booking', 'view'],
    ['providerResource', 'view'],
    ['providerResource', 'manage'],
    ['userResource', 'manage'],
  ] as const)('a missing %s is hidden from everyone, admins and the system included (%s)', (kind, action) => {
    for (const p of Object.values(PRINCIPALS)) expect(decideAccess(p, kind, undefined, action as never).decision).toBe('hidden');
  });

  test('only provider resources are publicly named', () => {
    expect(PUBLICLY_NAMED_KINDS).toEqual(['providerResource']);
    // the same stranger: 403 on a provider's resource, 404 on a user's record
    expect(decideAccess(stranger, 'providerResource', { providerId: OWNER }, 'manage').decision).toBe('forbidden');
    expect(decideAccess(stranger, 'userResource', { userId: OWNER }, 'manage').decision).toBe('hidden');
  });

  test.each([
    // an admin who is also the customer acts as the customer where that is allowed...
    { owners: { customerId: 'user_admin', providerId: PROVIDER }, action: 'cancelPaid', as: 'CUSTOMER' },
    { owners: { customerId: 'user_admin', providerId: PROVIDER }, action: 'pay', as: 'CUSTOMER' },
    // ...and as an admin where only admins may
    { owners: { customerId: 'user_admin', providerId: PROVIDER }, action: 'refund', as: 'ADMIN' },
    { owners: { customerId: OWNER, providerId: 'user_admin' }, action: 'complete', as: 'PROVIDER' },
    { owners: { customerId: 'user_admin', providerId: 'user_admin' }, action: 'previewRefund', as: 'CUSTOMER' },
  ] as const)('most specific relation first: $action on $owners → $as', ({ owners, action, as }) => {
    expect(decideAccess(admin, 'booking', owners, action)).toEqual({ decision: 'allow', as });
  });

  test('an owning admin acts as the owner', () => {
    expect(decideAccess({ userId: OWNER, groups: ['ADMIN'] }, 'userResource', { userId: OWNER }, 'view')).toEqual({
      decision: 'allow',
      as: 'OWNER',
    });
  });
});
