import { describe, expect, test } from 'vitest';
import { decidePayout, type PayoutAsk } from '../../lib/domain/payout';

const MONDAY = new Date('2026-06-01T10:00:00Z');
const TUESDAY = new Date('2026-06-02T10:00:00Z');
const scheduled: PayoutAsk = { kind: 'scheduled', schedule: 'DAILY', now: TUESDAY };
const instant: PayoutAsk = { kind: 'instant', payoutsEnabled: true };
const amount = (amountCents: number, method: 'standard' | 'instant' = 'standard'): PayoutAsk => ({ kind: 'amount', amountCents, method });

describe('one payout decision for every entry point', () => {
  test.each([
    // ask, balance, debt, pays, amount, withheld
    ['scheduled, no debt', scheduled, 11_040, 0, true, 11_040, 0],
    ['scheduled, debt withheld', scheduled, 11_040, 5_520, true, 5_520, 5_520],
    ['scheduled, debt takes it all', scheduled, 5_000, 5_520, false, undefined, 5_000],
    ['scheduled, below the minimum after the debt', scheduled, 11_040, 10_100, false, undefined, 10_100],
    ['instant, debt withheld then the fee', instant, 11_040, 5_520, true, 5_520 - 83, 5_520],
    ['instant, below the minimum after the debt', instant, 11_040, 10_100, false, undefined, 10_100],
    ['amount within the payable balance', amount(5_000), 11_040, 5_520, true, 5_000, 5_520],
    ['amount reaching into the debt', amount(6_000), 11_040, 5_520, false, undefined, 5_520],
    ['amount below the minimum', amount(999), 11_040, 0, false, undefined, 0],
    ['amount exactly the minimum', amount(1_000), 1_000, 0, true, 1_000, 0],
    ['instant amount leaves its fee (75)', amount(5_000, 'instant'), 5_075, 0, true, 5_000, 0],
    ['instant amount whose fee does not fit', amount(5_000, 'instant'), 5_074, 0, false, undefined, 0],
  ] as const)('%s', (_name, ask, balance, debt, pays, amountCents, withheld) => {
    const d = decidePayout(ask, balance, debt, 'usd');
    expect(d.payout).toBe(pays);
    expect(d.withheldForDebtCents).toBe(withheld);
    if (d.payout) expect(d.amountCents).toBe(amountCents);
  });

  test.each([
    ['scheduled', scheduled, 'DEBT_OUTSTANDING', 0, 1_000],
    ['instant', instant, 'NOTHING_AVAILABLE', 0, 1_000],
    ['amount', amount(2_000), 'DEBT_OUTSTANDING', 0, 2_000],
  ] as const)('%s: a balance all owed pays nothing (%s), and says what is available', (_n, ask, reason, available, requested) => {
    expect(decidePayout(ask, 3_000, 3_000, 'usd')).toMatchObject({
      payout: false,
      reason,
      availableCents: available,
      requestedCents: requested,
    });
  });

  test('the schedule still decides the day and MANUAL', () => {
    expect(decidePayout({ kind: 'scheduled', schedule: 'WEEKLY', now: TUESDAY }, 20_000, 0, 'usd')).toMatchObject({
      payout: false,
      reason: 'NOT_SCHEDULED_TODAY',
    });
    expect(decidePayout({ kind: 'scheduled', schedule: 'WEEKLY', now: MONDAY }, 20_000, 0, 'usd')).toMatchObject({
      payout: true,
      amountCents: 20_000,
    });
    expect(decidePayout({ kind: 'scheduled', schedule: 'MANUAL', now: MONDAY }, 20_000, 0, 'usd')).toMatchObject({
      payout: false,
      reason: 'MANUAL_SCHEDULE',
    });
  });

  test('an amount above the balance is INSUFFICIENT_BALANCE with the payable amount', () => {
    expect(decidePayout(amount(20_000), 0, 0, 'usd')).toMatchObject({
      payout: false,
      reason: 'INSUFFICIENT_BALANCE',
      availableCents: 0,
      requestedCents: 20_000,
    });
    expect(decidePayout(amount(5_000), 2_000, 0, 'usd')).toMatchObject({ payout: false, availableCents: 2_000, requestedCents: 5_000 });
  });

  test('instant asks are refused when payouts are disabled', () => {
    expect(decidePayout({ kind: 'instant', payoutsEnabled: false }, 20_000, 0, 'usd')).toMatchObject({
      payout: false,
      reason: 'PAYOUTS_DISABLED',
    });
  });
});
