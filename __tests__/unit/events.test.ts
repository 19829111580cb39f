import { describe, expect, it, test } from 'vitest';
import { BOOKING_MACHINE } from '../../lib/domain/booking-status';
import { CREDIT_PURCHASE_MACHINE } from '../../lib/domain/credit-purchase-status';
import { DISPUTE_MACHINE } from '../../lib/domain/dispute-record';
import {
  aggregateKey,
  aggregateOfLedgerAccount,
  BOOKING_EVENT_OF,
  CREDIT_PURCHASE_EVENT_OF,
  DISPUTE_EVENT_OF,
  DOMAIN_EVENT_TYPES,
  MEMBERSHIP_EVENT_OF,
  PAYOUT_EVENT_OF,
  REFUND_CASE_EVENT_OF,
} from '../../lib/domain/events';
import { MEMBERSHIP_MACHINE } from '../../lib/domain/membership-status';
import { PAYOUT_MACHINE } from '../../lib/domain/payout-status';
import { REFUND_CASE_MACHINE } from '../../lib/domain/refund-case';
import { domainEventRecord } from '../../lib/data/outbox';

const MACHINES = [
  ['booking', BOOKING_MACHINE, BOOKING_EVENT_OF],
  ['payout', PAYOUT_MACHINE, PAYOUT_EVENT_OF],
  ['credit purchase', CREDIT_PURCHASE_MACHINE, CREDIT_PURCHASE_EVENT_OF],
  ['membership', MEMBERSHIP_MACHINE, MEMBERSHIP_EVENT_OF],
  ['refund case', REFUND_CASE_MACHINE, REFUND_CASE_EVENT_OF],
  ['dispute', DISPUTE_MACHINE, DISPUTE_EVENT_OF],
] as const;

describe('every transition of every machine names its event', () => {
  test.each(MACHINES)('%s: one event per transition, no event left over', (_, machine, eventOf) => {
    expect(Object.keys(eventOf).sort()).toEqual(Object.keys(machine.transitions).sort());
  });

  it('no two transitions anywhere share an event name (a consumer keyed by type knows what happened)', () => {
    const names = MACHINES.flatMap(([, , eventOf]) => Object.values(eventOf) as string[]);
    expect(new Set(names).size).toBe(names.length);
    for (const type of names) expect(DOMAIN_EVENT_TYPES).toContain(type);
  });

  it('record events are not transition events: every event type is listed once', () => {
    expect(new Set(DOMAIN_EVENT_TYPES).size).toBe(DOMAIN_EVENT_TYPES.length);
    expect(DOMAIN_EVENT_TYPES).toEqual(expect.arrayContaining(['LedgerLineWritten', 'BookingRequested']));
  });
});

describe('ledger accounts map to their aggregate', () => {
  test.each([
    ['bk_123', 'Booking', 'bk_123'],
    ['provider:user_9', 'Provider', 'user_9'],
    ['credit-purchase:cs_test_1', 'CreditPurchase', 'cs_test_1'],
  ])('%s → %s %s', (account, aggregateType, aggregateId) => {
    expect(aggregateOfLedgerAccount(account)).toEqual({ aggregateType, aggregateId });
  });
});

describe('the stored event row', () => {
  const now = new Date('2026-03-31T23:59:59.999Z');
  const event = {
    type: 'BookingConfirmed',
    aggregateType: 'Booking',
    aggregateId: 'bk_1',
    actor: { role: 'STRIPE' },
    payload: { transition: 'CONFIRM_PAYMENT', to: 'CONFIRMED', from: undefined },
  } as const;

  it('carries the keys of its indexes: the aggregate, the month of the time, an order key starting with the time', () => {
    const row = domainEventRecord(event, now);
    expect(row).toMatchObject({
      __typename: 'DomainEvent',
      type: 'BookingConfirmed',
      aggregateKey: aggregateKey('Booking', 'bk_1'),
      month: '2026-03',
      occurredAt: now.toISOString(),
      actorRole: 'STRIPE',
    });
    expect(row.sequence.startsWith(`${now.toISOString()}#`)).toBe(true);
    expect(row).not.toHaveProperty('actorId');
    // undefined payload fields are dropped (DynamoDB refuses them)
    expect(row.payload).toEqual({ transition: 'CONFIRM_PAYMENT', to: 'CONFIRMED' });
  });

  it('orders events built one after another even when the clock stands still, and never repeats an id', () => {
    const rows = Array.from({ length: 500 }, () => domainEventRecord(event, now));
    const sequences = rows.map((r) => r.sequence);
    expect([...sequences].sort()).toEqual(sequences);
    expect(new Set(sequences).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('records who acted when a person did', () => {
    expect(domainEventRecord({ ...event, actor: { role: 'ADMIN', id: 'user_a' } }, now)).toMatchObject({
      actorRole: 'ADMIN',
      actorId: 'user_a',
    });
  });
});
