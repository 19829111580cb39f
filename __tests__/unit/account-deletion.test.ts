import { describe, expect, it } from 'vitest';
import type { BookingStatus } from '../../lib/domain/booking-status';
import {
  bookingOnDeletion,
  isDeletionConfirmed,
  pseudonymOf,
  settlementBlockers,
  settlementMessage,
  type ProviderMoneyInFlight,
} from '../../lib/domain/account-deletion';

const NOTHING: ProviderMoneyInFlight = {
  confirmedBookings: 0,
  completedUnpaidBookings: 0,
  disputedBookings: 0,
  openRefundCases: 0,
  payoutsInTransit: 0,
  debtCents: 0,
};
const NOW = new Date('2026-06-01T12:00:00.000Z');

describe('account deletion rules', () => {
  it.each<[string, boolean]>([
    ['DELETE MY ACCOUNT', true],
    ['  delete my account ', true],
    ['DELETE', false],
    ['', false],
  ])('the phrase %j confirms: %s', (phrase, confirmed) => {
    expect(isDeletionConfirmed(phrase)).toBe(confirmed);
  });

  it.each<[BookingStatus, string, string]>([
    ['PENDING_PAYMENT', '2026-06-10T10:00:00.000Z', 'cancelUnpaid'],
    ['PAYMENT_FAILED', '2026-06-10T10:00:00.000Z', 'cancelUnpaid'],
    ['CONFIRMED', '2026-06-10T10:00:00.000Z', 'cancelPaid'],
    // started already: delivered (or not) by the provider, the money settles as usual
    ['CONFIRMED', '2026-05-31T10:00:00.000Z', 'keep'],
    ['COMPLETED', '2026-05-31T10:00:00.000Z', 'keep'],
    ['PAID_OUT', '2026-05-31T10:00:00.000Z', 'keep'],
    ['CANCELLED', '2026-06-10T10:00:00.000Z', 'keep'],
    ['DISPUTED', '2026-05-31T10:00:00.000Z', 'keep'],
  ])('a %s booking starting %s: %s', (status, startDateTime, what) => {
    expect(bookingOnDeletion({ status, startDateTime }, NOW)).toBe(what);
  });

  it.each<[Partial<ProviderMoneyInFlight>, string[]]>([
    [{}, []],
    [{ confirmedBookings: 1 }, ['1 paid booking still to be delivered or cancelled']],
    [{ completedUnpaidBookings: 2 }, ['2 completed bookings not yet paid out to you']],
    [{ disputedBookings: 1, openRefundCases: 3 }, ['1 chargeback still open', '3 refund requests under review']],
    [{ payoutsInTransit: 1 }, ['1 payout on the way to your bank']],
    [{ debtCents: 1 }, ['an amount owed to the platform from refunds']],
  ])('with %o in flight the provider must first settle %j', (inFlight, words) => {
    expect(settlementBlockers({ ...NOTHING, ...inFlight }).map((b) => b.words)).toEqual(words);
  });

  it('says what must settle in one sentence', () => {
    expect(settlementMessage(settlementBlockers({ ...NOTHING, confirmedBookings: 2 }))).toBe(
      'Your provider account cannot be closed while money is in flight. First let these settle: 2 paid bookings still to be delivered or cancelled.',
    );
  });

  it('pseudonymises to an address nobody receives, stable per user', () => {
    expect(pseudonymOf('user_123')).toEqual({ displayName: 'Deleted user', email: 'deleted-user_123@deleted.invalid' });
  });
});
