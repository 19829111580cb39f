/**
 * When a cancellation stops being free: the start minus the hours of the policy's full-refund tier (none under a
 * policy with no full refund). The tiers themselves are lib/domain/cancellation-policy.ts's.
 */
import { CANCELLATION_POLICIES, FULL_REFUND_BPS } from './cancellation-policy';
import type { CancellationPolicy } from './vocabulary';

const HOUR_MS = 3_600_000;

/** ISO instant until which cancelling refunds everything, or null when the policy never does. */
export function freeCancellationUntil(policy: CancellationPolicy, startIso: string): string | null {
  const full = (CANCELLATION_POLICIES[policy] ?? []).find((t) => t.refundBps === FULL_REFUND_BPS);
  if (!full) return null;
  return new Date(Date.parse(startIso) - full.minHoursBeforeStart * HOUR_MS).toISOString();
}
