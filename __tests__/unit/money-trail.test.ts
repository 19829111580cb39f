import { describe, expect, it } from 'vitest';
import { moneyTrail, type TrailLine } from '../../lib/domain/money-trail';
import type { BookingStripeObjects } from '../../lib/domain/reconciliation';

const line = (id: string, type: string, amountCents: number, stripeObjectId?: string): TrailLine => ({
  id,
  type,
  amountCents,
  currency: 'usd',
  createdAt: `2026-12-01T10:00:0${id.length % 10}.000Z`,
  description: type,
  ...(stripeObjectId ? { stripeObjectId } : {}),
});
const none: BookingStripeObjects = {
  charges: [],
  refunds: [],
  applicationFeeRefunds: [],
  transfers: [],
  transferReversals: [],
  disputes: [],
};

describe('moneyTrail', () => {
  it('puts each ledger line next to the Stripe object it names (a CHARGE written with the intent id goes to its charge)', () => {
    const trail = moneyTrail(
      [
        line('l1', 'CHARGE', 12_000, 'pi_1'),
        line('l2', 'PLATFORM_FEE', 960, 'ch_1'),
        line('l3', 'PROVIDER_EARNING', 11_040, 'ch_1'),
        line('l4', 'REFUND', 2_500, 're_1'),
        line('l5', 'TRANSFER', 8_540, 'tr_1'),
        line('l6', 'TRANSFER_REVERSAL', 100, 'trr_1'),
        line('l7', 'PROVIDER_DEBT', 50),
      ],
      {
        ...none,
        charges: [{ id: 'ch_1', amount: 12_000, currency: 'usd', paymentIntentId: 'pi_1' }],
        refunds: [{ id: 're_1', amount: 2_500, currency: 'usd' }],
        transfers: [{ id: 'tr_1', amount: 8_540, currency: 'usd' }],
        transferReversals: [{ id: 'trr_1', amount: 100, currency: 'usd' }],
      },
      'usd',
    );
    expect(trail.map((e) => [e.kind, e.stripeId, e.stripeAmountCents, e.lines.map((l) => l.id)])).toEqual([
      ['CHARGE', 'ch_1', 12_000, ['l1', 'l2', 'l3']],
      ['REFUND', 're_1', 2_500, ['l4']],
      ['TRANSFER', 'tr_1', 8_540, ['l5']],
      ['TRANSFER_REVERSAL', 'trr_1', 100, ['l6']],
      [null, null, null, ['l7']],
    ]);
    expect(trail[0]?.paymentIntentId).toBe('pi_1');
  });

  it('an object without lines stays (a gap to see); a line naming an unknown object goes last', () => {
    const trail = moneyTrail(
      [line('l1', 'REFUND', 500, 're_gone')],
      { ...none, refunds: [{ id: 're_2', amount: 700, currency: 'usd' }] },
      'usd',
    );
    expect(trail).toEqual([
      { kind: 'REFUND', stripeId: 're_2', stripeAmountCents: 700, currency: 'usd', lines: [] },
      { kind: null, stripeId: null, stripeAmountCents: null, currency: 'usd', lines: [expect.objectContaining({ id: 'l1' })] },
    ]);
  });

  it('nothing moved: an empty trail', () => expect(moneyTrail([], none, 'usd')).toEqual([]));
});
