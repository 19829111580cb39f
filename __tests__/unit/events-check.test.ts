import { describe, expect, test } from 'vitest';
import {
  creditEventProblems,
  eventsCheckProblems,
  ledgerEventProblems,
  statusEventProblems,
  type CheckedCreditTransaction,
  type CheckedCustomer,
  type CheckedEvent,
  type CheckedLedgerLine,
  type CheckedStatusRecord,
  type EventsCheckRule,
} from '../../lib/domain/events-check';

let order = 0;
/** An event; each one made later sorts later (as the outbox's sequence does). */
function ev(type: string, aggregate: string, payload: Record<string, unknown> = {}): CheckedEvent {
  const [aggregateType, aggregateId] = aggregate.split('#') as [string, string];
  return { type, aggregateType, aggregateId, sequence: `2026-01-01T00:00:00.000Z#${String(++order).padStart(6, '0')}`, payload };
}
const lineEvent = (lineId: string, aggregate: string, amountCents: number, currency = 'usd') =>
  ev('LedgerLineWritten', aggregate, { lineId, amountCents, currency });
const moved = (type: string, aggregate: string, to?: string, from?: string) =>
  ev(type, aggregate, { transition: type, ...(from ? { from } : {}), ...(to ? { to } : {}) });
const credit = (userId: string, creditTransactionId: string, delta: number) =>
  ev('CreditBalanceChanged', `Customer#${userId}`, { creditTransactionId, userId, delta, reason: 'TEST' });

/** The rules the problems found break, and their subjects (empty: the check passes). */
const found = (problems: { rule: EventsCheckRule; subject: string }[]) => problems.map((p) => `${p.rule} ${p.subject}`);

describe('every ledger line has exactly its LedgerLineWritten event', () => {
  const charge: CheckedLedgerLine = { id: 'bk1#CHARGE', bookingId: 'bk1', amountCents: 5_000, currency: 'usd' };
  const payout: CheckedLedgerLine = { id: 'provider:p1#PAYOUT#po_1', bookingId: 'provider:p1', amountCents: 4_600, currency: 'usd' };
  test.each<[string, CheckedLedgerLine[], CheckedEvent[], string[]]>([
    ['a line and its event', [charge], [lineEvent(charge.id, 'Booking#bk1', 5_000)], []],
    ['a provider account line on its provider', [payout], [lineEvent(payout.id, 'Provider#p1', 4_600)], []],
    ['a line written without its event', [charge], [], ['ledger bk1#CHARGE']],
    [
      'a line with two events',
      [charge],
      [lineEvent(charge.id, 'Booking#bk1', 5_000), lineEvent(charge.id, 'Booking#bk1', 5_000)],
      ['ledger bk1#CHARGE'],
    ],
    ['an event with another amount', [charge], [lineEvent(charge.id, 'Booking#bk1', 4_999)], ['ledger bk1#CHARGE']],
    ['an event in another currency', [charge], [lineEvent(charge.id, 'Booking#bk1', 5_000, 'eur')], ['ledger bk1#CHARGE']],
    ['an event on another aggregate', [charge], [lineEvent(charge.id, 'Booking#bk2', 5_000)], ['ledger bk1#CHARGE']],
    ['an event whose line was never written', [], [lineEvent(charge.id, 'Booking#bk1', 5_000)], ['ledger bk1#CHARGE']],
  ])('%s', (_label, lines, events, expected) => {
    expect(found(ledgerEventProblems(lines, events))).toEqual(expected);
  });
});

describe("a record's events end in its stored status", () => {
  const booking = (status: string, testFixture?: string): CheckedStatusRecord => ({
    aggregateType: 'Booking',
    id: 'bk1',
    status,
    ...(testFixture ? { testFixture } : {}),
  });
  const requested = () => ev('BookingRequested', 'Booking#bk1');
  test.each<[string, CheckedStatusRecord, () => CheckedEvent[], string[]]>([
    ['a new booking: requested, pending payment', booking('PENDING_PAYMENT'), () => [requested()], []],
    [
      'requested, confirmed, completed',
      booking('COMPLETED'),
      () => [
        requested(),
        moved('BookingConfirmed', 'Booking#bk1', 'CONFIRMED', 'PENDING_PAYMENT'),
        moved('BookingCompleted', 'Booking#bk1', 'COMPLETED', 'CONFIRMED'),
      ],
      [],
    ],
    [
      'events of other machines and of no status on the booking are ignored',
      booking('EXPIRED'),
      () => [
        requested(),
        moved('BookingHoldExpired', 'Booking#bk1', 'EXPIRED'),
        moved('LatePaymentRefunded', 'Booking#bk1'),
        moved('RefundCaseOpened', 'Booking#bk1', 'OPEN'),
        lineEvent('x', 'Booking#bk1', 1),
      ],
      [],
    ],
    ['a status changed without its transition event', booking('CONFIRMED'), () => [requested()], ['status Booking#bk1']],
    [
      'a transition skipped in the middle (the next one starts elsewhere)',
      booking('PAID_OUT'),
      () => [
        requested(),
        moved('BookingConfirmed', 'Booking#bk1', 'CONFIRMED', 'PENDING_PAYMENT'),
        moved('BookingPaidOut', 'Booking#bk1', 'PAID_OUT', 'COMPLETED'),
      ],
      ['status Booking#bk1'],
    ],
    [
      'a booking created without BookingRequested',
      booking('CONFIRMED'),
      () => [moved('BookingConfirmed', 'Booking#bk1', 'CONFIRMED')],
      ['creation Booking#bk1'],
    ],
    ['a booking without any event', booking('PENDING_PAYMENT'), () => [], ['creation Booking#bk1']],
    ['BookingRequested twice', booking('PENDING_PAYMENT'), () => [requested(), requested()], ['creation Booking#bk1']],
    ['a fixture, written in its status, never moved', booking('DISPUTED', 'the status under test'), () => [], []],
    [
      'a fixture moved by the writer',
      booking('COMPLETED', 'the status under test'),
      () => [moved('BookingCompleted', 'Booking#bk1', 'COMPLETED', 'CONFIRMED')],
      [],
    ],
    [
      'a fixture whose later change skipped its event',
      booking('CANCELLED', 'the status under test'),
      () => [moved('BookingCompleted', 'Booking#bk1', 'COMPLETED', 'CONFIRMED')],
      ['status Booking#bk1'],
    ],
    [
      'a credit purchase: started (OPEN), completed',
      { aggregateType: 'CreditPurchase', id: 'cs_1', status: 'COMPLETED' },
      () => [ev('CreditPurchaseStarted', 'CreditPurchase#cs_1'), moved('CreditPurchaseCompleted', 'CreditPurchase#cs_1', 'COMPLETED')],
      [],
    ],
    [
      'a credit purchase refunded without its FINISH_REFUND event',
      { aggregateType: 'CreditPurchase', id: 'cs_1', status: 'REFUNDED' },
      () => [
        ev('CreditPurchaseStarted', 'CreditPurchase#cs_1'),
        moved('CreditPurchaseCompleted', 'CreditPurchase#cs_1', 'COMPLETED'),
        moved('CreditPurchaseRefundStarted', 'CreditPurchase#cs_1', 'REFUND_PENDING', 'COMPLETED'),
      ],
      ['status CreditPurchase#cs_1'],
    ],
    [
      'a membership started active, renewed (no status change), past due',
      { aggregateType: 'Membership', id: 'sub_1', status: 'past_due' },
      () => [
        ev('MembershipStarted', 'Membership#sub_1', { status: 'active' }),
        moved('MembershipUpdated', 'Membership#sub_1', undefined, 'active'),
        moved('MembershipRenewalFailed', 'Membership#sub_1', 'past_due', 'active'),
      ],
      [],
    ],
    [
      'a membership whose first sync stored another status than its event',
      { aggregateType: 'Membership', id: 'sub_1', status: 'active' },
      () => [ev('MembershipStarted', 'Membership#sub_1', { status: 'incomplete' })],
      ['status Membership#sub_1'],
    ],
    [
      'a payout created pending, paid',
      { aggregateType: 'Payout', id: 'po_1', status: 'paid' },
      () => [ev('PayoutCreated', 'Payout#po_1', { status: 'pending' }), moved('PayoutPaid', 'Payout#po_1', 'paid', 'pending')],
      [],
    ],
    [
      'a payout paid without its event',
      { aggregateType: 'Payout', id: 'po_1', status: 'paid' },
      () => [ev('PayoutCreated', 'Payout#po_1', { status: 'pending' })],
      ['status Payout#po_1'],
    ],
    [
      'a dispute recorded without DisputeOpened',
      { aggregateType: 'Dispute', id: 'dp_1', status: 'needs_response' },
      () => [],
      ['creation Dispute#dp_1'],
    ],
  ])('%s', (_label, record, events, expected) => {
    expect(found(statusEventProblems([record], events()))).toEqual(expected);
  });

  test('events are folded in sequence order, whatever order they are read in', () => {
    const events = [
      requested(),
      moved('BookingConfirmed', 'Booking#bk1', 'CONFIRMED', 'PENDING_PAYMENT'),
      moved('BookingCompleted', 'Booking#bk1', 'COMPLETED', 'CONFIRMED'),
    ];
    expect(statusEventProblems([booking('COMPLETED')], events.reverse())).toEqual([]);
  });
});

describe('every credit balance is the sum of its CreditBalanceChanged deltas', () => {
  const customer = (creditBalance?: number): CheckedCustomer => ({ id: 'u1', ...(creditBalance !== undefined ? { creditBalance } : {}) });
  const tx = (id: string, credits: number, userId = 'u1'): CheckedCreditTransaction => ({ id, userId, credits });
  test.each<[string, CheckedCustomer[], CheckedCreditTransaction[], () => CheckedEvent[], string[]]>([
    [
      'bought 5,000, spent 3,000',
      [customer(2_000)],
      [tx('purchase:cs_1', 5_000), tx('spend:bk1', -3_000)],
      () => [credit('u1', 'purchase:cs_1', 5_000), credit('u1', 'spend:bk1', -3_000)],
      [],
    ],
    ['a customer record without credits', [customer()], [], () => [], []],
    [
      'a balance changed without its event (and its record)',
      [customer(7_000)],
      [tx('purchase:cs_1', 5_000)],
      () => [credit('u1', 'purchase:cs_1', 5_000)],
      ['credits Customer#u1'],
    ],
    [
      'a credit record and balance change without the event',
      [customer(7_000)],
      [tx('purchase:cs_1', 5_000), tx('grant:in_1', 2_000)],
      () => [credit('u1', 'purchase:cs_1', 5_000)],
      ['credits Customer#u1', 'credits grant:in_1'],
    ],
    [
      'an event whose delta differs from its record',
      [customer(5_000)],
      [tx('purchase:cs_1', 4_000)],
      () => [credit('u1', 'purchase:cs_1', 5_000)],
      ['credits purchase:cs_1'],
    ],
    [
      'an event counted twice',
      [customer(10_000)],
      [tx('purchase:cs_1', 5_000)],
      () => [credit('u1', 'purchase:cs_1', 5_000), credit('u1', 'purchase:cs_1', 5_000)],
      ['credits purchase:cs_1'],
    ],
    [
      'an event without its CreditTransaction',
      [customer(5_000)],
      [],
      () => [credit('u1', 'purchase:cs_1', 5_000)],
      ['credits purchase:cs_1'],
    ],
    [
      'events of a user with no Customer record',
      [],
      [tx('grant:in_1', 2_000, 'u2')],
      () => [credit('u2', 'grant:in_1', 2_000)],
      ['credits Customer#u2'],
    ],
  ])('%s', (_label, customers, records, events, expected) => {
    expect(found(creditEventProblems(customers, records, events()))).toEqual(expected);
  });
});

test('the whole check reports the problems of every rule, and nothing for consistent tables', () => {
  const ok = {
    events: [ev('BookingRequested', 'Booking#bk1'), lineEvent('bk1#CHARGE', 'Booking#bk1', 100), credit('u1', 'spend:bk1', -100)],
    ledgerLines: [{ id: 'bk1#CHARGE', bookingId: 'bk1', amountCents: 100, currency: 'usd' }],
    records: [{ aggregateType: 'Booking' as const, id: 'bk1', status: 'PENDING_PAYMENT' }],
    customers: [{ id: 'u1', creditBalance: -100 }],
    creditTransactions: [{ id: 'spend:bk1', userId: 'u1', credits: -100 }],
  };
  expect(eventsCheckProblems(ok)).toEqual([]);
  const broken = { ...ok, events: [], records: [{ ...ok.records[0]!, status: 'CONFIRMED' }] };
  expect(found(eventsCheckProblems(broken)).map((p) => p.split(' ')[0])).toEqual(['ledger', 'creation', 'credits', 'credits']);
});
