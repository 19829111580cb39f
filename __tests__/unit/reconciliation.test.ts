import { describe, expect, it } from 'vitest';
import {
  disputeWithdrawnCents,
  payoutSettledCents,
  reconcileBooking,
  reconcileCreditBalance,
  reconcileProviderPayouts,
  resolvedMismatchKeys,
  type BookingStripeObjects,
  type ReconciledLine,
} from '../../lib/domain/reconciliation';

const none: BookingStripeObjects = {
  charges: [],
  refunds: [],
  applicationFeeRefunds: [],
  transfers: [],
  transferReversals: [],
  disputes: [],
};
const line = (
  id: string,
  type: ReconciledLine['type'],
  amountCents: number,
  stripeObjectId?: string,
  currency = 'usd',
): ReconciledLine => ({
  id,
  type,
  amountCents,
  currency,
  stripeObjectId,
});
const paid: ReconciledLine[] = [line('b#CHARGE', 'CHARGE', 12_000, 'ch_1'), line('b#PLATFORM_FEE', 'PLATFORM_FEE', 960)];
const charge = { id: 'ch_1', amount: 12_000, currency: 'usd', paymentIntentId: 'pi_1' };

describe('reconcileBooking', () => {
  it('finds nothing when every object matches to the cent', () => {
    const lines = [
      ...paid,
      line('b#REFUND#r1', 'REFUND', 2_000, 're_1'),
      line('b#FEE_REFUND#r1', 'FEE_REFUND', 160, 're_1'),
      line('b#TRANSFER', 'TRANSFER', 11_040, 'tr_1'),
      line('b#TRANSFER_REVERSAL#trr_1', 'TRANSFER_REVERSAL', 1_840, 'trr_1'),
      line('b#DISPUTE#dp_1', 'DISPUTE', 5_000, 'dp_1'),
      line('b#DISPUTE#dp_1:reinstated', 'DISPUTE', -5_000, 'dp_1'),
    ];
    const stripe: BookingStripeObjects = {
      ...none,
      charges: [charge],
      refunds: [{ id: 're_1', amount: 2_000, currency: 'usd' }],
      transfers: [{ id: 'tr_1', amount: 11_040, currency: 'usd' }],
      transferReversals: [{ id: 'trr_1', amount: 1_840, currency: 'usd' }],
      disputes: [{ id: 'dp_1', amount: 5_000, currency: 'usd', status: 'won' }],
    };
    expect(reconcileBooking('b', lines, stripe)).toEqual([]);
  });

  it('counts a CHARGE line naming the PaymentIntent for that intent’s charge', () => {
    expect(reconcileBooking('b', [line('b#CHARGE', 'CHARGE', 12_000, 'pi_1')], { ...none, charges: [charge] })).toEqual([]);
  });

  it.each([
    ['CHARGE', 'AMOUNT_DIFFERS', [line('b#CHARGE', 'CHARGE', 12_100, 'ch_1')], { charges: [charge] }, 'ch_1', 12_100, 12_000],
    ['CHARGE', 'MISSING_IN_STRIPE', [line('b#CHARGE', 'CHARGE', 12_000, 'ch_1')], {}, 'ch_1', 12_000, null],
    ['REFUND', 'MISSING_IN_LEDGER', [], { refunds: [{ id: 're_9', amount: 700, currency: 'usd' }] }, 're_9', null, 700],
    ['REFUND', 'MISSING_IN_STRIPE', [line('x', 'REFUND', 500, 're_x')], {}, 're_x', 500, null],
    [
      'APPLICATION_FEE_REFUND',
      'MISSING_IN_LEDGER',
      [],
      { applicationFeeRefunds: [{ id: 'fr_1', amount: 100, currency: 'usd' }] },
      'fr_1',
      null,
      100,
    ],
    ['TRANSFER', 'MISSING_IN_LEDGER', [], { transfers: [{ id: 'tr_9', amount: 300, currency: 'usd' }] }, 'tr_9', null, 300],
    [
      'TRANSFER_REVERSAL',
      'AMOUNT_DIFFERS',
      [line('r', 'TRANSFER_REVERSAL', 90, 'trr_9')],
      { transferReversals: [{ id: 'trr_9', amount: 100, currency: 'usd' }] },
      'trr_9',
      90,
      100,
    ],
    [
      'DISPUTE',
      'MISSING_IN_LEDGER',
      [],
      { disputes: [{ id: 'dp_9', amount: 12_000, currency: 'usd', status: 'needs_response' }] },
      'dp_9',
      null,
      12_000,
    ],
  ] as const)('%s %s', (category, kind, lines, stripe, objectId, ledger, actual) => {
    const found = reconcileBooking('b', lines, { ...none, ...stripe });
    expect(found).toEqual([
      expect.objectContaining({
        key: `${category}#b#${objectId}`,
        category,
        kind,
        stripeObjectId: objectId,
        ledger: ledger === null ? null : { amountMinor: ledger, currency: 'usd' },
        actual: actual === null ? null : { amountMinor: actual, currency: 'usd' },
      }),
    ]);
  });

  it('reports a currency that differs even when the amounts agree', () => {
    const found = reconcileBooking('b', [line('b#CHARGE', 'CHARGE', 12_000, 'ch_1', 'eur')], { ...none, charges: [charge] });
    expect(found).toEqual([expect.objectContaining({ kind: 'CURRENCY_DIFFERS', key: 'CHARGE#b#ch_1' })]);
  });

  it('ignores zero lines that name no Stripe object (a credits-only refund)', () => {
    expect(reconcileBooking('b', [line('b#REFUND#r', 'REFUND', 0)], none)).toEqual([]);
  });
});

describe('payouts, disputes, credits', () => {
  it.each([
    ['paid', 500, 500],
    ['pending', 500, 500],
    ['failed', 500, 0],
    ['canceled', 500, 0],
  ])('a %s payout of %i settled %i', (status, amount, settled) => expect(payoutSettledCents({ status, amount })).toBe(settled));

  it.each([
    ['needs_response', 100],
    ['lost', 100],
    ['won', 0],
    ['warning_needs_response', 0],
  ])('a %s dispute holds %i', (status, held) => expect(disputeWithdrawnCents({ status, amount: 100 })).toBe(held));

  it('a failed payout with its PAYOUT_FAILED line reconciles; one without it does not', () => {
    const payouts = [{ id: 'po_1', amount: 900, currency: 'usd', status: 'failed' }];
    const lines = [line('p#PAYOUT#po_1', 'PAYOUT', 900, 'po_1'), line('p#PAYOUT_FAILED#po_1', 'PAYOUT_FAILED', 900, 'po_1')];
    expect(reconcileProviderPayouts('provider:u', lines, payouts)).toEqual([]);
    expect(reconcileProviderPayouts('provider:u', lines.slice(0, 1), payouts)).toEqual([
      expect.objectContaining({ key: 'PAYOUT#provider:u#po_1', kind: 'AMOUNT_DIFFERS', ledger: { amountMinor: 900, currency: 'usd' } }),
    ]);
  });

  it('a credit balance equal to its ledger reconciles; another is reported with both figures', () => {
    const entries = [
      { id: 'purchase:1', credits: 1_000 },
      { id: 'spend:1', credits: -400 },
    ];
    expect(reconcileCreditBalance('u', 600, entries)).toEqual([]);
    expect(reconcileCreditBalance('u', 700, entries)).toEqual([
      expect.objectContaining({
        key: 'CREDIT_BALANCE#credits:u#-',
        ledger: { amountMinor: 600, currency: 'credits' },
        actual: { amountMinor: 700, currency: 'credits' },
      }),
    ]);
  });

  it('resolves only open mismatches of checked accounts that were not found again', () => {
    const open = [
      { key: 'A', account: 'b1' },
      { key: 'B', account: 'b1' },
      { key: 'C', account: 'b2' },
    ];
    expect(resolvedMismatchKeys(open, [{ key: 'A' }], new Set(['b1']))).toEqual(['B']);
  });
});
