import { describe, expect, test } from 'vitest';
import { unbalancedBookings, type CheckedLine } from '../../lib/domain/ledger-check';

const charged = (bookingId: string, total = 10_000, fee = 800): CheckedLine[] => [
  { bookingId, type: 'CHARGE', amountCents: total },
  { bookingId, type: 'PLATFORM_FEE', amountCents: fee },
  { bookingId, type: 'PROVIDER_EARNING', amountCents: total - fee },
];

describe('the after-file ledger check', () => {
  test.each<[string, CheckedLine[], string | undefined, boolean]>([
    ['no lines (an unpaid hold)', [], undefined, true],
    ['a charge split exactly', charged('b'), undefined, true],
    [
      'a provider earning one cent short',
      [...charged('b').slice(0, 2), { bookingId: 'b', type: 'PROVIDER_EARNING', amountCents: 9_199 }],
      undefined,
      false,
    ],
    ['a refund beyond the charge', [...charged('b'), { bookingId: 'b', type: 'REFUND', amountCents: 10_001 }], undefined, false],
    [
      'paid out, transfer matches the provider share',
      [...charged('b'), { bookingId: 'b', type: 'TRANSFER', amountCents: 9_200 }],
      undefined,
      true,
    ],
    ['paid out one cent too much', [...charged('b'), { bookingId: 'b', type: 'TRANSFER', amountCents: 9_201 }], undefined, false],
    [
      'a chargeback withdrawn after the payout, still open (the provider share is frozen)',
      [...charged('b'), { bookingId: 'b', type: 'TRANSFER', amountCents: 9_200 }, { bookingId: 'b', type: 'DISPUTE', amountCents: 10_000 }],
      'needs_response',
      true,
    ],
    [
      'the same chargeback lost without a reversal or debt line',
      [...charged('b'), { bookingId: 'b', type: 'TRANSFER', amountCents: 9_200 }, { bookingId: 'b', type: 'DISPUTE', amountCents: 10_000 }],
      'lost',
      false,
    ],
  ])('%s → balanced: %s', (_label, lines, chargebackStatus, balanced) => {
    const found = unbalancedBookings([{ id: 'b', status: 'PAID', chargebackStatus }], lines);
    expect(found.length === 0).toBe(balanced);
    if (!balanced) expect(found[0]).toMatchObject({ bookingId: 'b', status: 'PAID' });
  });

  test('names only the unbalanced booking and ignores other accounts’ lines', () => {
    const lines = [
      ...charged('ok'),
      ...charged('bad').slice(0, 2),
      { bookingId: 'provider:p1', type: 'PROVIDER_DEBT' as const, amountCents: 5 },
    ];
    const found = unbalancedBookings(
      [
        { id: 'ok', status: 'CONFIRMED' },
        { id: 'bad', status: 'CONFIRMED' },
      ],
      lines,
    );
    expect(found.map((f) => f.bookingId)).toEqual(['bad']);
    expect(found[0]!.flow).toMatchObject({ chargedCents: 10_000, platformFeeCents: 800, balanced: false });
  });
});
