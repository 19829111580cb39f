import { describe, expect, it, test } from 'vitest';
import { splitCommission } from '../../lib/domain/commission';
import { bookingMoneyFlow, chargeLedgerLines, type LedgerEntryType } from '../../lib/domain/ledger';

describe('charge ledger lines', () => {
  test.each([1, 7, 13, 1999, 12_345, 13_650, 999_999_999])('%i cents: the fee and the provider share add up to the charge', (total) => {
    const lines = chargeLedgerLines(splitCommission(total, 'usd'));
    expect(lines.map((l) => l.type)).toEqual(['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING']);
    expect(lines.every((l) => l.currency === 'usd' && Number.isInteger(l.amountCents))).toBe(true);
    expect(bookingMoneyFlow(lines)).toMatchObject({ chargedCents: total, balanced: true });
  });

  test('a missing or altered line unbalances the ledger', () => {
    const lines = chargeLedgerLines(splitCommission(10_000, 'usd'));
    expect(bookingMoneyFlow(lines.slice(0, 2)).balanced).toBe(false);
    expect(bookingMoneyFlow([...lines.slice(0, 2), { type: 'PROVIDER_EARNING', amountCents: 9_201 }]).balanced).toBe(false);
  });
});

describe("bookingMoneyFlow: a booking's whole ledger", () => {
  const lines = (total: number) => chargeLedgerLines(splitCommission(total, 'usd'));
  const line = (type: LedgerEntryType, amountCents: number) => ({ type, amountCents });

  test.each([1, 99, 12_000, 13_650, 8_999, 123_457])('a charge of %i balances, and its transfer matches', (total) => {
    const split = splitCommission(total, 'usd');
    const confirmed = bookingMoneyFlow(lines(total));
    expect(confirmed).toMatchObject({ chargedCents: total, balanced: true, transfersBalanced: true, transferredCents: 0 });
    const paidOut = bookingMoneyFlow([...lines(total), line('TRANSFER', split.providerEarningsCents)]);
    expect(paidOut).toMatchObject({ balanced: true, transfersBalanced: true, transferredCents: split.providerEarningsCents });
  });

  it('a late payment refunded in full nets to zero for everyone', () => {
    const split = splitCommission(12_000, 'usd');
    const r = bookingMoneyFlow([...lines(12_000), line('REFUND', 12_000), line('FEE_REFUND', split.platformFeeCents)]);
    expect(r).toMatchObject({
      chargedCents: 12_000,
      refundedCents: 12_000,
      platformNetCents: 0,
      providerNetCents: 0,
      transferredCents: 0,
      balanced: true,
      transfersBalanced: true,
    });
  });

  test.each([
    // a part transferred while a refund case held the rest (the booking still COMPLETED): transferred → balanced
    [7_000, true],
    [1, true],
    [11_040, true],
    [11_041, false],
  ])('an unfinished transfer of %i of 11,040 balances: %s', (part, balanced) => {
    const flow = bookingMoneyFlow([...lines(12_000), line('TRANSFER', part)], false, true);
    expect(flow.transfersBalanced).toBe(balanced);
    // Once paid out, only the whole share balances.
    expect(bookingMoneyFlow([...lines(12_000), line('TRANSFER', part)]).transfersBalanced).toBe(part === 11_040);
  });

  it('catches a transfer off by a cent, and an unbalanced split', () => {
    const split = splitCommission(12_000, 'usd');
    expect(bookingMoneyFlow([...lines(12_000), line('TRANSFER', split.providerEarningsCents + 1)]).transfersBalanced).toBe(false);
    expect(bookingMoneyFlow([line('CHARGE', 100), line('PLATFORM_FEE', 8), line('PROVIDER_EARNING', 91)]).balanced).toBe(false);
  });
});
