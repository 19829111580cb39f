import { describe, expect, it, test } from 'vitest';
import type { BookingStatus } from '../../lib/data/records';
import {
  disputeBookingSteps,
  canonicalEvidence,
  disputeOutcome,
  disputeReasonWords,
  disputeStatusWords,
  evidenceRefusal,
  timeLeftText,
  type DisputeBookingStep,
  type DisputeOutcome,
} from '../../lib/domain/disputes';

describe('disputeOutcome', () => {
  test.each([
    ['needs_response', 'OPEN'],
    ['under_review', 'OPEN'],
    ['warning_needs_response', 'OPEN'],
    ['warning_under_review', 'OPEN'],
    ['won', 'WON'],
    ['warning_closed', 'WON'],
    ['charge_refunded', 'WON'],
    ['lost', 'LOST'],
  ])('%s → %s', (status, outcome) => expect(disputeOutcome(status)).toBe(outcome));
});

type DisputedBooking = { status: BookingStatus; statusBeforeDispute?: BookingStatus | undefined };

/** The booking after the steps an outcome calls for (each step as the booking machine applies it), or null for none. */
function afterSteps(booking: DisputedBooking, outcome: DisputeOutcome): DisputedBooking | null {
  const steps = disputeBookingSteps(booking, outcome);
  if (steps.length === 0) return null;
  return steps.reduce<DisputedBooking>((b, step) => {
    if (step.transition === 'OPEN_DISPUTE') return { status: 'DISPUTED', statusBeforeDispute: step.statusBeforeDispute };
    if (step.transition === 'WIN_DISPUTE') return { ...b, status: step.to };
    return { ...b, status: 'REFUNDED' };
  }, booking);
}

describe('where a dispute outcome leaves the booking', () => {
  type Row = [string, BookingStatus, BookingStatus | undefined, DisputeOutcome, DisputedBooking | null];
  test.each<Row>([
    ['opens on a confirmed booking', 'CONFIRMED', undefined, 'OPEN', { status: 'DISPUTED', statusBeforeDispute: 'CONFIRMED' }],
    ['opens on a completed booking', 'COMPLETED', undefined, 'OPEN', { status: 'DISPUTED', statusBeforeDispute: 'COMPLETED' }],
    ['opens on a paid-out booking', 'PAID_OUT', undefined, 'OPEN', { status: 'DISPUTED', statusBeforeDispute: 'PAID_OUT' }],
    [
      'opens on a cancelled (refunded in part) booking',
      'CANCELLED',
      undefined,
      'OPEN',
      { status: 'DISPUTED', statusBeforeDispute: 'CANCELLED' },
    ],
    ['an open dispute seen again changes nothing', 'DISPUTED', 'CONFIRMED', 'OPEN', null],
    ['an unpaid booking is never disputed', 'PENDING_PAYMENT', undefined, 'OPEN', null],
    ['a refunded booking keeps its status', 'REFUNDED', undefined, 'OPEN', null],
    ['won restores the status before', 'DISPUTED', 'CONFIRMED', 'WON', { status: 'CONFIRMED', statusBeforeDispute: 'CONFIRMED' }],
    ['won restores paid out', 'DISPUTED', 'PAID_OUT', 'WON', { status: 'PAID_OUT', statusBeforeDispute: 'PAID_OUT' }],
    ['won seen first (never DISPUTED) changes nothing', 'COMPLETED', undefined, 'WON', null],
    ['won again after the restore changes nothing', 'CONFIRMED', 'CONFIRMED', 'WON', null],
    ['won without a remembered status stays disputed', 'DISPUTED', undefined, 'WON', null],
    ['lost refunds a disputed booking', 'DISPUTED', 'COMPLETED', 'LOST', { status: 'REFUNDED', statusBeforeDispute: 'COMPLETED' }],
    ['lost seen first refunds it at once', 'PAID_OUT', undefined, 'LOST', { status: 'REFUNDED', statusBeforeDispute: 'PAID_OUT' }],
    [
      'lost seen first on a cancelled booking refunds it',
      'CANCELLED',
      undefined,
      'LOST',
      { status: 'REFUNDED', statusBeforeDispute: 'CANCELLED' },
    ],
    ['lost seen again changes nothing', 'REFUNDED', 'PAID_OUT', 'LOST', null],
    ['won on a refunded booking changes nothing', 'REFUNDED', undefined, 'WON', null],
  ])('%s', (_name, status, before, outcome, expected) => {
    expect(afterSteps({ status, statusBeforeDispute: before }, outcome)).toEqual(expected);
  });

  it('converges: any order of the states a dispute passes through ends where the last state says', () => {
    const apply = (events: DisputeOutcome[]) => events.reduce<DisputedBooking>((b, o) => afterSteps(b, o) ?? b, { status: 'COMPLETED' });
    // Re-fetching means every event sees the final state: only the final outcome is ever applied, any number of times.
    for (const final of ['WON', 'LOST'] as const) {
      expect(apply([final])).toEqual(apply([final, final, final]));
    }
    expect(apply(['OPEN', 'OPEN', 'WON', 'WON']).status).toBe('COMPLETED');
    expect(apply(['OPEN', 'LOST', 'LOST']).status).toBe('REFUNDED');
    expect(apply(['LOST', 'OPEN']).status).toBe('REFUNDED');
  });
});

describe('disputeBookingSteps: the booking transitions an outcome calls for', () => {
  test.each<[string, BookingStatus, BookingStatus | undefined, DisputeOutcome, DisputeBookingStep[]]>([
    ['opens a confirmed booking', 'CONFIRMED', undefined, 'OPEN', [{ transition: 'OPEN_DISPUTE', statusBeforeDispute: 'CONFIRMED' }]],
    ['opens a paid-out booking', 'PAID_OUT', undefined, 'OPEN', [{ transition: 'OPEN_DISPUTE', statusBeforeDispute: 'PAID_OUT' }]],
    ['an open dispute seen again: none', 'DISPUTED', 'CONFIRMED', 'OPEN', []],
    ['an unpaid booking: none', 'PENDING_PAYMENT', undefined, 'OPEN', []],
    ['won: back to the status before', 'DISPUTED', 'COMPLETED', 'WON', [{ transition: 'WIN_DISPUTE', to: 'COMPLETED' }]],
    ['won seen first: none', 'COMPLETED', undefined, 'WON', []],
    ['won without a remembered status: none', 'DISPUTED', undefined, 'WON', []],
    ['lost: a disputed booking is lost', 'DISPUTED', 'PAID_OUT', 'LOST', [{ transition: 'LOSE_DISPUTE' }]],
    [
      'lost seen first: opened, then lost',
      'CONFIRMED',
      undefined,
      'LOST',
      [{ transition: 'OPEN_DISPUTE', statusBeforeDispute: 'CONFIRMED' }, { transition: 'LOSE_DISPUTE' }],
    ],
    ['lost seen again: none', 'REFUNDED', 'PAID_OUT', 'LOST', []],
  ])('%s', (_name, status, before, outcome, steps) => {
    expect(disputeBookingSteps({ status, statusBeforeDispute: before }, outcome)).toEqual(steps);
  });
});

describe('words', () => {
  test.each([
    ['needs_response', 'Needs response'],
    ['warning_needs_response', 'Needs response'],
    ['under_review', 'Under review'],
    ['won', 'Won'],
    ['lost', 'Lost'],
    ['warning_closed', 'Closed'],
  ])('status %s → %s', (status, words) => expect(disputeStatusWords(status)).toBe(words));

  test.each([
    ['fraudulent', 'Customer says they did not make the payment'],
    ['product_not_received', 'Customer says the service was not provided'],
    ['constructor', 'Other reason'],
    ['something_new', 'Other reason'],
  ])('reason %s → %s', (reason, words) => expect(disputeReasonWords(reason)).toBe(words));
});

describe('evidenceRefusal', () => {
  test.each([
    ['needs_response', 0, null],
    ['warning_needs_response', 0, null],
    ['needs_response', 1, 'EVIDENCE_ALREADY_SUBMITTED'],
    ['under_review', 0, 'EVIDENCE_ALREADY_SUBMITTED'],
    ['won', 1, 'DISPUTE_CLOSED'],
    ['lost', 0, 'DISPUTE_CLOSED'],
  ])('%s with %i submissions → %s', (status, count, refusal) => expect(evidenceRefusal(status, count)).toBe(refusal));
});

describe('timeLeftText', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  test.each([
    ['2026-11-30T12:00:00Z', '7 days left'],
    ['2026-11-25T13:00:00Z', '2 days left'],
    ['2026-11-24T12:00:00Z', '24 hours left'],
    ['2026-11-23T13:00:00Z', '1 hour left'],
    ['2026-11-23T12:40:00Z', '40 minutes left'],
    ['2026-11-23T12:00:20Z', '1 minute left'],
    ['2026-11-23T10:00:00Z', 'Overdue by 2 hours'],
    ['2026-11-20T12:00:00Z', 'Overdue by 3 days'],
  ])('due %s → %s', (due, text) => expect(timeLeftText(due, now)).toBe(text));
});

describe('canonicalEvidence', () => {
  it('ignores field order and empty fields, but not the content or the submit flag', () => {
    const a = canonicalEvidence({ service_date: 'Nov 24', product_description: 'Portrait session', customer_name: '' }, true);
    const b = canonicalEvidence({ product_description: 'Portrait session', service_date: 'Nov 24' }, true);
    expect(a).toBe(b);
    expect(canonicalEvidence({ product_description: 'Portrait session', service_date: 'Nov 24' }, false)).not.toBe(a);
    expect(canonicalEvidence({ product_description: 'Portrait', service_date: 'Nov 24' }, true)).not.toBe(a);
  });
});
