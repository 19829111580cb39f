import { describe, expect, test } from 'vitest';
import {
  contestableCents,
  decideContest,
  escalationCutoff,
  heldOnTransfer,
  isEscalationDue,
  refundCaseQueueOrder,
  transferPlan,
  untransferredShareCents,
  type ContestedBooking,
  type ContestingParty,
  type HoldingCase,
} from '../../lib/domain/refund-dispute-rules';

/** $120.00 paid, $9.60 fee, $110.40 the provider's share. */
const paid: ContestedBooking = { status: 'CONFIRMED', totalAmountCents: 12_000, providerEarningsCents: 11_040 };
/** $20.00 refunded before the transfer: the provider's part of it (18.40) is no longer owed. */
const partly: ContestedBooking = { ...paid, refundedCents: 2_000, providerRefundedCents: 1_840, refunds: [{}] };
const cancelledForNothing: ContestedBooking = { ...paid, status: 'CANCELLED', refunds: [{}] };
const fully: ContestedBooking = { ...paid, status: 'CANCELLED', refundedCents: 12_000, providerRefundedCents: 11_040, refunds: [{}] };

describe('what a party may contest', () => {
  test.each<[string, ContestedBooking, ContestingParty, number]>([
    ['no refund decided: the customer', paid, 'CUSTOMER', 0],
    ['no refund decided: the provider', paid, 'PROVIDER', 0],
    ['after a partial refund: the customer, for the rest', partly, 'CUSTOMER', 10_000],
    ['after a partial refund: the provider, what was refunded', partly, 'PROVIDER', 2_000],
    ['a cancellation that refunded nothing: the customer, all of it', cancelledForNothing, 'CUSTOMER', 12_000],
    ['a cancellation that refunded nothing: the provider, nothing', cancelledForNothing, 'PROVIDER', 0],
    ['refunded in full: the customer, nothing', fully, 'CUSTOMER', 0],
    ['refunded in full: the provider, all of it', fully, 'PROVIDER', 12_000],
  ])('%s → %i', (_name, booking, party, cents) => expect(contestableCents(booking, party)).toBe(cents));
});

describe('deciding a contest and its hold', () => {
  test.each<[string, ContestedBooking, ContestingParty, number | undefined, ReturnType<typeof decideContest>]>([
    ['nothing decided', paid, 'CUSTOMER', undefined, { ok: false, reason: 'NOTHING_TO_CONTEST', contestableCents: 0 }],
    ['nothing decided, with an amount', paid, 'PROVIDER', 500, { ok: false, reason: 'NOTHING_TO_CONTEST', contestableCents: 0 }],
    ['customer, default: the most, held in full', partly, 'CUSTOMER', undefined, { ok: true, amountCents: 10_000, heldCents: 9_200 }],
    ['customer, 30.00: only 30.00 held', partly, 'CUSTOMER', 3_000, { ok: true, amountCents: 3_000, heldCents: 3_000 }],
    ['customer, a cent over', partly, 'CUSTOMER', 10_001, { ok: false, reason: 'EXCEEDS_CONTESTABLE', contestableCents: 10_000 }],
    ['customer, zero', partly, 'CUSTOMER', 0, { ok: false, reason: 'INVALID_AMOUNT', contestableCents: 10_000 }],
    ['customer, a fraction', partly, 'CUSTOMER', 10.5, { ok: false, reason: 'INVALID_AMOUNT', contestableCents: 10_000 }],
    ['provider, default: the refund, nothing held', partly, 'PROVIDER', undefined, { ok: true, amountCents: 2_000, heldCents: 0 }],
    ['provider, over the refund', partly, 'PROVIDER', 2_001, { ok: false, reason: 'EXCEEDS_CONTESTABLE', contestableCents: 2_000 }],
    [
      'customer on a paid-out booking: nothing left to hold',
      { ...partly, status: 'PAID_OUT' },
      'CUSTOMER',
      3_000,
      { ok: true, amountCents: 3_000, heldCents: 0 },
    ],
    [
      'customer on a cancellation: its share is never paid out',
      cancelledForNothing,
      'CUSTOMER',
      3_000,
      { ok: true, amountCents: 3_000, heldCents: 0 },
    ],
    [
      'customer after a part went: at most the rest',
      { ...partly, status: 'COMPLETED', partialTransferCents: 7_000 },
      'CUSTOMER',
      5_000,
      { ok: true, amountCents: 5_000, heldCents: 2_200 },
    ],
  ])('%s', (_name, booking, party, amount, decision) => expect(decideContest(booking, party, amount)).toEqual(decision));

  test.each<[string, ContestedBooking, number]>([
    ['CONFIRMED: the share less refunds', partly, 9_200],
    ['COMPLETED with a part transferred: the rest', { ...partly, status: 'COMPLETED', partialTransferCents: 9_000 }, 200],
    ['DISPUTED from COMPLETED: as COMPLETED', { ...partly, status: 'DISPUTED', statusBeforeDispute: 'COMPLETED' }, 9_200],
    ['DISPUTED from PAID_OUT: nothing', { ...partly, status: 'DISPUTED', statusBeforeDispute: 'PAID_OUT' }, 0],
    ['PAID_OUT: nothing', { ...partly, status: 'PAID_OUT' }, 0],
    ['REFUNDED: nothing', { ...fully, status: 'REFUNDED' }, 0],
  ])('share not yet transferred, %s → %i', (_name, booking, cents) => expect(untransferredShareCents(booking)).toBe(cents));
});

describe('the payout run and a held booking', () => {
  const customerCase: HoldingCase = { status: 'OPEN', openedByRole: 'CUSTOMER', heldCents: 3_000 };
  test.each<[string, HoldingCase | undefined, number, number]>([
    ['no case', undefined, 9_200, 0],
    ["the customer's open case", customerCase, 9_200, 3_000],
    ["the customer's open case, more held than still owed", customerCase, 2_000, 2_000],
    ["the customer's resolved case", { ...customerCase, status: 'RESOLVED' }, 9_200, 0],
    ["the provider's open case", { status: 'OPEN', openedByRole: 'PROVIDER', heldCents: 0 }, 9_200, 0],
    ['a case from before amounts were recorded', { status: 'OPEN', openedByRole: 'CUSTOMER' }, 9_200, 0],
  ])('held back: %s', (_name, refundCase, owed, held) => expect(heldOnTransfer(refundCase, owed)).toBe(held));

  test.each<[string, number, number, boolean, ReturnType<typeof transferPlan>]>([
    ['nothing held: all of it', 9_200, 0, false, { kind: 'final' }],
    ['nothing held after a part: the rest', 2_200, 0, true, { kind: 'final' }],
    ['3,000 held: the other 6,200 now', 9_200, 3_000, false, { kind: 'part', amountCents: 6_200 }],
    ['everything held: wait', 3_000, 3_000, false, { kind: 'wait' }],
    ['held, a part already went: wait', 3_000, 1_000, true, { kind: 'wait' }],
  ])('%s', (_name, owed, held, partDone, plan) => expect(transferPlan(owed, held, partDone)).toEqual(plan));
});

describe('escalation and the admins’ queue', () => {
  const now = new Date('2030-03-10T12:00:00.000Z');
  test.each<[string, string, boolean]>([
    ['opened 71h59m ago', '2030-03-07T12:01:00.000Z', false],
    ['opened exactly 72h ago', '2030-03-07T12:00:00.000Z', true],
    ['opened 5 days ago', '2030-03-05T12:00:00.000Z', true],
  ])('%s: due %s', (_name, openedAt, due) => expect(isEscalationDue(openedAt, now, 72)).toBe(due));

  test('the cutoff is now less the hours', () => expect(escalationCutoff(now, 72)).toBe('2030-03-07T12:00:00.000Z'));

  test('escalated first (longest escalated first), then open cases oldest first', () => {
    const rows = [
      { id: 'open-new', openedAt: '2030-03-09T00:00:00Z' },
      { id: 'esc-late', openedAt: '2030-03-01T00:00:00Z', escalatedAt: '2030-03-06T00:00:00Z' },
      { id: 'open-old', openedAt: '2030-03-08T00:00:00Z' },
      { id: 'esc-early', openedAt: '2030-03-02T00:00:00Z', escalatedAt: '2030-03-05T00:00:00Z' },
    ];
    expect([...rows].sort(refundCaseQueueOrder).map((r) => r.id)).toEqual(['esc-early', 'esc-late', 'open-old', 'open-new']);
  });
});
