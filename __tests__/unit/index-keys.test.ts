/**
 * No hot keys: an index on a growing table must not be partitioned by an attribute with a handful of values (a status,
 * a type, a currency, a role, a flag, a constant), since every write of that value lands on one partition and throttles
 * as the marketplace grows. Such an index is allowed only when it is listed below with the reason it stays small: a
 * small table, a sparse index (only rows in a transient state have the attribute), or one not yet re-keyed.
 */
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../lib/data/tables';

/** Attribute names whose values are few: statuses and states, kinds, currencies, roles, flags, constant partitions. */
const LOW_CARDINALITY = /(status|state|type|currency|role|kind|partition|enabled)$/i;
/** Flags: `isX`, `hasX`. */
const FLAG = /^(is|has)[A-Z]/;
/** Time-bucketed or composite keys are fine even when they contain a low-cardinality part (`type#day`, `scope#month`). */
const BUCKETED = /(Day|Month|Shard)$/;

const isLowCardinality = (attribute: string) => (LOW_CARDINALITY.test(attribute) || FLAG.test(attribute)) && !BUCKETED.test(attribute);

const SMALL = 'small table';
const ALLOWED: Record<string, string> = {
  'UserProfile.byStripeAccountStatus': `${SMALL}: providers (not customers) only, thousands of rows; the admin list pages it and the metrics count per status`,
  'Service.byListingStatus': `${SMALL}: services are listed by hand (hundreds); sparse, only listed services carry it`,
  'MembershipPlan.byListingStatus': `${SMALL}: a handful of plans`,
  'CreditPackage.byListingStatus': `${SMALL}: a handful of packages`,
  'Booking.byStatusHoldExpiry':
    'sparse in use: only the PENDING_PAYMENT / PAYMENT_FAILED partitions are read, and they hold only live holds (minutes)',
  'Booking.byIntentCancelRetry': 'sparse: only bookings whose PaymentIntent cancel awaits a retry (rare, removed when done)',
  'Booking.byRefundCase': 'sparse: only bookings with an open or escalated refund case (removed when resolved)',
  'Dispute.byStatusDue': `${SMALL}: disputes are a fraction of a percent of bookings`,
  'Notification.byDelivery': 'sparse: only messages still to send (deliveryState DUE), removed once sent or dead-lettered',
  'Notification.byStatus': 'sparse in use: the admin page reads the FAILED / DEAD partitions only; SENT grows but is never queried',
  'ReconciliationMismatch.byStatus': `${SMALL}: one row per discrepancy found, a handful`,
  'PromotionCode.byListPartition': `${SMALL}: admins create promotion codes by hand (dozens), read newest first on one admin page`,
};

const indexes = Object.values(TABLES).flatMap((table) =>
  table.indexes.map((index) => ({ name: `${table.model}.${index.name}`, partitionKey: index.partitionKey })),
);

describe('index partition keys', () => {
  it.each(indexes.filter((i) => isLowCardinality(i.partitionKey)).map((i) => [i.name, i.partitionKey]))(
    '%s (partition key %s) is low-cardinality: it must be on the reasoned allow-list',
    (name) => {
      expect(ALLOWED[name], `${name}: re-key it (time-bucketed or sharded) or add it to ALLOWED with why it stays small`).toBeTruthy();
    },
  );

  it('lists only indexes that exist and are low-cardinality (a re-keyed index leaves the list)', () => {
    const low = new Set(indexes.filter((i) => isLowCardinality(i.partitionKey)).map((i) => i.name));
    expect(Object.keys(ALLOWED).filter((name) => !low.has(name))).toEqual([]);
  });

  it.each([
    ['status', true],
    ['type', true],
    ['currency', true],
    ['logPartition', true],
    ['stripeAccountStatus', true],
    ['refundCaseState', true],
    ['isListed', true],
    ['listedServiceId', false],
    ['typeDay', false],
    ['logMonth', false],
    ['scopeMonth', false],
    ['month', false],
    ['providerId', false],
    ['customerEmail', false],
  ])('the rule calls %s low-cardinality: %s', (attribute, low) => {
    expect(isLowCardinality(attribute)).toBe(low);
  });
});
