import { describe, expect, test } from 'vitest';
import { splitCommission } from '../../lib/domain/commission';
import { bookingLedgerBalance, chargeLedgerLines } from '../../lib/domain/ledger';

describe('charge ledger lines', () => {
  test.each([1, 7, 13, 1999, 12_345, 13_650, 999_999_999])('%i cents: the fee and the provider share add up to the charge', (total) => {
    const lines = chargeLedgerLines(splitCommission(total, 'usd'));
    expect(lines.map((l) => l.type)).toEqual(['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING']);
    expect(lines.every((l) => l.currency === 'usd' && Number.isInteger(l.amountCents))).toBe(true);
    expect(bookingLedgerBalance(lines)).toMatchObject({ chargedCents: total, balanced: true });
  });

  test('a missing or altered line unbalances the ledger', () => {
    const lines = chargeLedgerLines(splitCommission(10_000, 'usd'));
    expect(bookingLedgerBalance(lines.slice(0, 2)).balanced).toBe(false);
    expect(bookingLedgerBalance([...lines.slice(0, 2), { type: 'PROVIDER_EARNING', amountCents: 9_201 }]).balanced).toBe(false);
  });
});
