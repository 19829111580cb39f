import { describe, expect, it, test } from 'vitest';
import type { CancellationPolicy } from '../../lib/data/records';
import { describePolicy, refundPercentBps } from '../../lib/domain/cancellation-policy';

describe('refundPercentBps', () => {
  test.each([
    ['FLEXIBLE', 1000, 10_000],
    ['FLEXIBLE', 24, 10_000], // the boundary earns the better refund
    ['FLEXIBLE', 23.99, 5_000],
    ['FLEXIBLE', 1, 5_000],
    ['FLEXIBLE', 0, 5_000],
    ['FLEXIBLE', -0.5, 0], // after the start: a no-show
    ['MODERATE', 500, 10_000],
    ['MODERATE', 120, 10_000],
    ['MODERATE', 119.9, 5_000],
    ['MODERATE', 24, 5_000],
    ['MODERATE', 23.9, 0],
    ['MODERATE', 0, 0],
    ['STRICT', 1000, 5_000],
    ['STRICT', 168, 5_000],
    ['STRICT', 167.9, 0],
    ['STRICT', 24, 0],
    ['STRICT', -10, 0],
  ] as const)('%s at %s h before start → %i bps', (policy, hours, bps) => {
    expect(refundPercentBps(policy, hours)).toBe(bps);
  });

  it('rejects NaN and unknown policies', () => {
    expect(() => refundPercentBps('FLEXIBLE', Number.NaN)).toThrow(RangeError);
    expect(() => refundPercentBps('LENIENT' as CancellationPolicy, 10)).toThrow(RangeError);
  });
});

describe('describePolicy', () => {
  test.each([
    ['FLEXIBLE', 'Full refund if cancelled at least 24 hours before the start; 50% refund after that, up to the start.'],
    [
      'MODERATE',
      'Full refund if cancelled at least 5 days before the start; 50% refund if cancelled at least 24 hours before; no refund after that.',
    ],
    ['STRICT', '50% refund if cancelled at least 7 days before the start; no refund after that.'],
  ] as const)('%s', (policy, sentence) => {
    expect(describePolicy(policy)).toBe(sentence);
  });
});
