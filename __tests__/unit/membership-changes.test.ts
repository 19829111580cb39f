import { describe, expect, test } from 'vitest';
import { membershipGrantCredits, type MembershipInvoiceReason } from '../../lib/domain/membership-credits';
import { prorate } from '../../lib/local/stripe-emulator/resources/prorations';

const DAY = 86_400;
const START = 1_767_225_600; // 2026-01-01T00:00:00Z
const JAN = { start: START, end: START + 31 * DAY };

describe('the emulator’s proration (Stripe’s: the share of the period left after the date, by seconds, to the cent)', () => {
  test.each([
    // amount, seconds into the 31-day period, prorated
    [1_900, 0, 1_900], // at the start: the whole price
    [1_900, 31 * DAY, 0], // at the end: nothing
    [1_900, 10 * DAY, 1_287], // 1900 × 21/31 = 1287.10
    [4_900, 10 * DAY, 3_319], // 4900 × 21/31 = 3319.35
    [1_900, 15.5 * DAY, 950], // exactly half
    [4_900, 10 * DAY + 12_345, 3_297], // 4900 × (21 d − 12 345 s)/31 d = 3296.77
    [9_900, 1, 9_900], // one second in: 9899.996 rounds to the whole price
    [1, 15.5 * DAY, 1], // half a cent rounds up
    [3, 30 * DAY, 0], // 3 × 1/31 = 0.097
  ])('%i cents, %i s into the period → %i', (amount, into, expected) => {
    expect(prorate(amount, JAN.start, JAN.end, JAN.start + into)).toBe(expected);
  });

  test.each([
    // from, to, seconds in: the invoice total is the new price's remaining time less the old one's unused time
    [1_900, 4_900, 10 * DAY, 3_319 - 1_287], // Basic → Plus: 20.32 today
    [4_900, 1_900, 15 * DAY, 981 - 2_529], // Plus → Basic, day 15 of 31: a credit of 15.48
    [4_900, 9_900, 0, 5_000], // at the start: the difference of the prices
  ])('change %i → %i after %i s: total %i', (from, to, into, total) => {
    const at = JAN.start + into;
    expect(prorate(to, JAN.start, JAN.end, at) - prorate(from, JAN.start, JAN.end, at)).toBe(total);
  });

  test('a date outside the period prorates nothing, or everything, never more', () => {
    expect(prorate(1_900, JAN.start, JAN.end, JAN.end + DAY)).toBe(0);
    expect(prorate(1_900, JAN.start, JAN.end, JAN.start - DAY)).toBe(1_900);
  });
});

describe('membership credits, once per period', () => {
  const grant = (reason: MembershipInvoiceReason, total: number, planCredits: number, granted: number) =>
    membershipGrantCredits({ reason, invoiceTotalCents: total, planCredits, grantedThisPeriod: granted });

  test.each([
    // reason, invoice total, plan credits, already granted this period → granted now
    ['subscription_create', 1_900, 2_000, 0, 2_000], // the first period
    ['subscription_cycle', 4_900, 5_500, 0, 5_500], // a renewal
    ['subscription_cycle', 1_900, 2_000, 0, 2_000], // a renewal paid by a downgrade's credit: still granted
    ['subscription_create', 0, 12_000, 0, 0], // a trial's zero invoice
    ['subscription_update', 2_032, 5_500, 2_000, 3_500], // Basic → Plus: the difference
    ['subscription_update', 7_500, 12_000, 5_500, 6_500], // Plus → Pro after Basic → Plus
    ['subscription_update', -1_548, 2_000, 5_500, 0], // a downgrade: nothing now, nothing taken back
    ['subscription_update', 1_548, 5_500, 5_500, 0], // back up to Plus in the same period: already had Plus's
    ['subscription_update', 0, 5_500, 2_000, 3_500], // an upgrade paid by the account's credit still grants
    ['subscription_cycle', 1_900, 2_000, 2_000, 0], // the same period's invoice delivered again under a new id
    ['other', 1_900, 2_000, 0, 0], // not a membership invoice of ours
  ] as const)('%s, total %i, plan %i, granted %i → %i', (reason, total, plan, granted, expected) => {
    expect(grant(reason, total, plan, granted)).toBe(expected);
  });
});
