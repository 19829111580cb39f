import { describe, expect, test } from 'vitest';
import { freeCancellationUntil } from '../../lib/domain/cancellation-preview';
import { cancelKind, confirmCancelLabel, refundPreviewSentence } from '../../lib/client/cancel-preview';
import { refundSteps } from '../../lib/client/refund-timeline';
import type { CancellationPolicy } from '../../lib/data/records';

const START = '2026-12-20T15:00:00.000Z';
const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const UTC = 'UTC';

describe('freeCancellationUntil', () => {
  test.each([
    ['FLEXIBLE', '2026-12-19T15:00:00.000Z'], // 24 h before
    ['MODERATE', '2026-12-15T15:00:00.000Z'], // 5 days before
    ['STRICT', null], // never a full refund
  ] as const)('%s → %s', (policy, until) => {
    expect(freeCancellationUntil(policy, START)).toBe(until);
  });
});

describe('cancelKind', () => {
  const at = (status: string, start = START) => ({ status, dateTime: { start, end: start } }) as Parameters<typeof cancelKind>[0];
  test.each([
    ['PENDING_PAYMENT', START, 'unpaid'],
    ['PAYMENT_FAILED', START, 'unpaid'],
    ['CONFIRMED', START, 'paid'],
    ['CONFIRMED', '2026-12-07T11:00:00.000Z', null], // started: a no-show, not a cancellation
    ['COMPLETED', START, null],
    ['CANCELLED', START, null],
    ['EXPIRED', START, null],
  ])('%s starting %s → %s', (status, start, kind) => {
    expect(cancelKind(at(status, start), NOW)).toBe(kind);
  });
});

describe('refundPreviewSentence', () => {
  const preview = (refundCents: number, paidCents: number, policy: CancellationPolicy | null, creditsReturned = 0, currency = 'usd') => ({
    refundCents,
    paidCents,
    policy,
    currency: currency as 'usd',
    creditsReturned,
    cardRefundCents: refundCents - creditsReturned,
  });
  test.each([
    [
      preview(12_000, 12_000, 'FLEXIBLE'),
      NOW,
      'You get back $120.00 of $120.00 (policy: Flexible, free cancellation until Dec 19, 3:00 PM).',
    ],
    [
      preview(6_000, 12_000, 'FLEXIBLE'),
      Date.parse('2026-12-20T01:00:00.000Z'),
      'You get back $60.00 of $120.00 (policy: Flexible, free cancellation ended Dec 19, 3:00 PM).',
    ],
    [
      preview(0, 9_999, 'MODERATE'),
      Date.parse('2026-12-20T00:00:00.000Z'),
      'You get back $0.00 of $99.99 (policy: Moderate, free cancellation ended Dec 15, 3:00 PM).',
    ],
    [preview(4_500, 9_000, 'STRICT'), NOW, 'You get back $45.00 of $90.00 (policy: Strict, no free cancellation).'],
    [preview(1, 3, 'STRICT'), NOW, 'You get back $0.01 of $0.03 (policy: Strict, no free cancellation).'],
    [
      preview(9_000, 9_000, 'FLEXIBLE', 1_500),
      NOW,
      'You get back $90.00 of $90.00 (policy: Flexible, free cancellation until Dec 19, 3:00 PM). It comes back as $75.00 to your card and 1,500 credits to your credit balance.',
    ],
    [
      preview(2_000, 2_000, 'FLEXIBLE', 2_000),
      NOW,
      'You get back $20.00 of $20.00 (policy: Flexible, free cancellation until Dec 19, 3:00 PM). It comes back as 2,000 credits to your credit balance.',
    ],
    [preview(5_000, 5_000, null), NOW, 'You get back $50.00 of $50.00.'],
  ])('%o at %s', (p, now, sentence) => {
    expect(refundPreviewSentence(p, START, now, UTC)).toBe(sentence);
  });

  test.each([
    [{ refundCents: 12_345, currency: 'usd' as const }, 'Cancel and get back $123.45'],
    [{ refundCents: 0, currency: 'usd' as const }, 'Cancel with no refund'],
    [null, 'Cancel booking (nothing is charged)'],
  ])('confirm button for %o: %s', (p, label) => {
    expect(confirmCancelLabel(p)).toBe(label);
  });
});

describe('refundSteps', () => {
  const refund = (refundCents: number, creditsReturned?: number) => ({
    refundRequestId: 'r1',
    refundCents,
    platformFeeRefundCents: 0,
    providerReversalCents: 0,
    providerEarningReductionCents: 0,
    providerCompensationCents: 0,
    reverseCents: 0,
    debtCents: 0,
    reason: 'Cancelled by the customer',
    requestedBy: 'u1',
    cancel: true,
    stripeRefundId: 're_1',
    createdAt: '2026-12-07T12:30:00.000Z',
    ...(creditsReturned ? { creditsReturned, cardRefundCents: refundCents - creditsReturned } : {}),
  });
  const base = { currency: 'usd', refunds: [], inProgress: null, refundDispute: null };

  test('nothing refunded or contested: no steps', () => {
    expect(refundSteps(base, UTC)).toEqual([]);
  });

  test('a refund in progress, then done, with its amounts and dates', () => {
    const moving = refundSteps(
      { ...base, inProgress: { refundRequestId: 'r1', refundCents: 6_000, claimedAt: '2026-12-07T12:29:00.000Z' } },
      UTC,
    );
    expect(moving.map((s) => [s.label, s.state])).toEqual([
      ['Refund requested', 'done'],
      ['Refund processing', 'current'],
    ]);
    expect(moving[0]!.detail).toBe('$60.00 · Dec 7, 12:29 PM');

    const done = refundSteps({ ...base, refunds: [refund(7_500, 1_500)] }, UTC);
    expect(done.map((s) => [s.label, s.state])).toEqual([
      ['Refund requested', 'done'],
      ['Refund succeeded', 'done'],
    ]);
    expect(done[1]!.detail).toContain('$75.00 ($60.00 to your card, 1,500 credits) refunded on Dec 7, 12:30 PM');
  });

  test("a contest under review, then resolved with the admin's note", () => {
    const open = {
      status: 'OPEN' as const,
      openedBy: 'u1',
      openedByRole: 'CUSTOMER' as const,
      reason: 'The provider never came',
      openedAt: '2026-12-07T13:00:00.000Z',
      amountCents: 6_000,
    };
    expect(refundSteps({ ...base, refundDispute: open }, UTC).map((s) => [s.label, s.state, s.detail])).toEqual([
      ['Refund contested', 'done', '$60.00 in dispute · Dec 7, 1:00 PM'],
      ['Contest under review', 'current', 'An admin will decide'],
    ]);
    const resolved = { ...open, status: 'RESOLVED' as const, resolution: 'Refunded the rest', resolvedAt: '2026-12-08T09:00:00.000Z' };
    expect(refundSteps({ ...base, refundDispute: resolved }, UTC).at(-1)).toEqual({
      label: 'Contest resolved',
      detail: 'Refunded the rest · Dec 8, 9:00 AM',
      state: 'done',
    });
  });
});

test('a cancellation that refunded nothing says so instead of a refund', () => {
  const none = {
    refundRequestId: 'r0',
    refundCents: 0,
    platformFeeRefundCents: 0,
    providerReversalCents: 0,
    providerEarningReductionCents: 0,
    providerCompensationCents: 0,
    reverseCents: 0,
    debtCents: 0,
    reason: 'Cancelled by the customer',
    requestedBy: 'u1',
    cancel: true,
    stripeRefundId: '',
    createdAt: '2026-12-07T12:30:00.000Z',
  };
  expect(refundSteps({ currency: 'usd', refunds: [none], inProgress: null, refundDispute: null }, UTC)).toEqual([
    { label: 'No refund', detail: 'Nothing is refunded under the cancellation policy · Dec 7, 12:30 PM', state: 'done' },
  ]);
});
