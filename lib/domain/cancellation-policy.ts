/**
 * Cancellation policies as data: refund tiers by how long before the start the booking is cancelled.
 * A tier applies when hoursBeforeStart >= its minimum (the boundary itself earns the better refund).
 * Once the start has passed, nothing is refunded under any policy (that is a no-show, not a cancellation).
 */
import type { CancellationPolicy } from './vocabulary';

export const FULL_REFUND_BPS = 10_000;

interface RefundTier {
  minHoursBeforeStart: number;
  refundBps: number;
}

/** Tiers from the earliest cancellation to the latest; the last tier starts at the start time (0 h). */
export const CANCELLATION_POLICIES: Readonly<Record<CancellationPolicy, readonly RefundTier[]>> = {
  FLEXIBLE: [
    { minHoursBeforeStart: 24, refundBps: 10_000 },
    { minHoursBeforeStart: 0, refundBps: 5_000 },
  ],
  MODERATE: [
    { minHoursBeforeStart: 5 * 24, refundBps: 10_000 },
    { minHoursBeforeStart: 24, refundBps: 5_000 },
    { minHoursBeforeStart: 0, refundBps: 0 },
  ],
  STRICT: [
    { minHoursBeforeStart: 7 * 24, refundBps: 5_000 },
    { minHoursBeforeStart: 0, refundBps: 0 },
  ],
};

export function refundPercentBps(policy: CancellationPolicy, hoursBeforeStart: number): number {
  const tiers = CANCELLATION_POLICIES[policy];
  if (!tiers) throw new RangeError(`unknown cancellation policy: ${String(policy)}`);
  if (Number.isNaN(hoursBeforeStart)) throw new RangeError('hoursBeforeStart must be a number');
  return tiers.find((t) => hoursBeforeStart >= t.minHoursBeforeStart)?.refundBps ?? 0;
}

function describeHours(hours: number): string {
  if (hours % 24 === 0 && hours >= 48) return `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

function describeRefund(bps: number): string {
  if (bps === FULL_REFUND_BPS) return 'full refund';
  if (bps === 0) return 'no refund';
  return `${bps / 100}% refund`;
}

/** e.g. "Full refund if cancelled at least 5 days before the start; 50% refund if cancelled at least 24 hours before; no refund after that." */
export function describePolicy(policy: CancellationPolicy): string {
  const tiers = CANCELLATION_POLICIES[policy];
  if (!tiers) throw new RangeError(`unknown cancellation policy: ${String(policy)}`);
  const clauses = tiers.map((t, i) => {
    const refund = describeRefund(t.refundBps);
    if (t.minHoursBeforeStart === 0) {
      if (i === 0) return `${refund} if cancelled before the start`;
      return t.refundBps > 0 ? `${refund} after that, up to the start` : `${refund} after that`;
    }
    const before = i === 0 ? 'before the start' : 'before';
    return `${refund} if cancelled at least ${describeHours(t.minHoursBeforeStart)} ${before}`;
  });
  const sentence = clauses.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/**
 * A no-show (the customer never came; the provider held the time): what the customer gets back, per policy. A no-show
 * refunds less than a late cancellation under the same policy, since a cancellation at least tells the provider:
 * FLEXIBLE 25% (its late cancellation gives 50%), MODERATE and STRICT nothing.
 */
export const NO_SHOW_REFUND_BPS: Readonly<Record<CancellationPolicy, number>> = {
  FLEXIBLE: 2_500,
  MODERATE: 0,
  STRICT: 0,
};

export function noShowRefundBps(policy: CancellationPolicy): number {
  const bps = NO_SHOW_REFUND_BPS[policy];
  if (bps === undefined) throw new RangeError(`unknown cancellation policy: ${String(policy)}`);
  return bps;
}

/** e.g. "Flexible policy: a no-show gets 25% back." */
export function describeNoShowPolicy(policy: CancellationPolicy): string {
  const bps = noShowRefundBps(policy);
  const name = `${policy.charAt(0)}${policy.slice(1).toLowerCase()} policy`;
  return bps === 0 ? `${name}: a no-show gets nothing back.` : `${name}: a no-show gets ${bps / 100}% back.`;
}
