/**
 * Two timing rules of the scheduled run: when the next automatic payout happens under a provider's schedule, and
 * when a failed PaymentIntent cancel is tried again (and when the retry gives up).
 */
import { describe, expect, test } from 'vitest';
import { INTENT_CANCEL_MAX_ATTEMPTS, nextAutomaticPayoutAt, nextIntentCancelRetryAt } from '../../lib/domain/scheduled-run';

describe('nextAutomaticPayoutAt: the daily run at 00:00 UTC; WEEKLY on Mondays; MANUAL never', () => {
  // 2026-11-23 is a Monday.
  test.each([
    ['DAILY', '2026-11-23T10:00:00.000Z', '2026-11-24T00:00:00.000Z'],
    ['DAILY', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z'], // the run at this instant is not "next"
    ['DAILY', '2026-11-22T23:59:59.999Z', '2026-11-23T00:00:00.000Z'],
    ['DAILY', '2026-12-31T12:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['WEEKLY', '2026-11-23T10:00:00.000Z', '2026-11-30T00:00:00.000Z'], // Monday after the run: next Monday
    ['WEEKLY', '2026-11-22T23:00:00.000Z', '2026-11-23T00:00:00.000Z'], // Sunday night: tomorrow
    ['WEEKLY', '2026-11-24T08:00:00.000Z', '2026-11-30T00:00:00.000Z'], // Tuesday
    ['WEEKLY', '2026-11-29T00:00:00.000Z', '2026-11-30T00:00:00.000Z'], // Sunday 00:00
    ['MANUAL', '2026-11-23T10:00:00.000Z', undefined],
  ] as const)('%s at %s → %s', (schedule, now, expected) => {
    expect(nextAutomaticPayoutAt(schedule, new Date(now))?.toISOString()).toBe(expected);
  });
});

describe('nextIntentCancelRetryAt: 5 min doubling, none after the last attempt', () => {
  const at = new Date('2026-11-23T10:00:00.000Z');
  test.each([
    [1, 5],
    [2, 10],
    [3, 20],
    [4, 40],
    [5, 80],
  ])('after %i attempt(s): %i minutes later', (attempts, minutes) => {
    expect(INTENT_CANCEL_MAX_ATTEMPTS).toBeGreaterThan(attempts);
    expect(nextIntentCancelRetryAt(attempts, at)?.getTime()).toBe(at.getTime() + minutes * 60_000);
  });

  test('no retry after INTENT_CANCEL_MAX_ATTEMPTS', () => {
    expect(nextIntentCancelRetryAt(INTENT_CANCEL_MAX_ATTEMPTS, at)).toBeUndefined();
    expect(nextIntentCancelRetryAt(INTENT_CANCEL_MAX_ATTEMPTS + 1, at)).toBeUndefined();
  });

  test.each([0, -1, 1.5])('rejects %s attempts', (attempts) => {
    expect(() => nextIntentCancelRetryAt(attempts, at)).toThrow(RangeError);
  });
});
