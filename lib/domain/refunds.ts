/**
 * Refund arithmetic, pure. All amounts are integer minor units of one currency.
 *
 * A refund R of a booking paid P (platform fee F, provider share E = P − F) splits into
 *   - the platform's part: the fee refunded in proportion, computed CUMULATIVELY:
 *       feeRefundedAfter = round-half-up(F × refundedAfter / P), and = F exactly when refundedAfter = P,
 *     so partials after partials never drift and the last refund settles the remainder to the cent;
 *   - the provider's part R − feeRefund, of which an admin may let the provider keep `providerCompensation`
 *     (the platform absorbs it); the rest is taken back from the provider:
 *       before the transfer: by not paying it (their earning shrinks);
 *       after the transfer: by reversing that much of the transfer; what the provider's Stripe balance cannot
 *       cover becomes the provider's debt (a PROVIDER_DEBT line), netted from future payouts (netEarningsAfterDebt).
 *
 * Who bears a lost dispute: the provider, like a refund — the platform recovers the provider's share (the
 * disputed amount less the platform fee) by transfer reversal or debt, and the platform bears the dispute fee
 * and its own fee share. (lib/services/disputes.ts settles lost disputes this way.)
 */
import { noShowRefundBps, refundPercentBps, FULL_REFUND_BPS } from './cancellation-policy';
import { assertMinorUnits, scaleRoundHalfUp, type Currency } from './money';
import type { CancellationPolicy } from './vocabulary';

export interface RefundState {
  currency: Currency;
  /** What the booking cost: card and credits together. */
  paidCents: number;
  platformFeeCents: number;
  /** Sums of earlier refunds of this booking. */
  refundedCents: number;
  feeRefundedCents: number;
  /** Net amount transferred to the provider so far (transfers − reversals), 0 before the payout. */
  transferredCents: number;
  /** Provider's share already taken back by earlier refunds (reversal + debt + earning not paid). */
  providerRefundedCents: number;
  /** Provider compensation granted by earlier refunds (absorbed by the platform). */
  compensationCents: number;
}

export interface RefundBreakdown {
  refundCents: number;
  platformFeeRefundCents: number;
  /** Taken back from the provider by reversing the transfer (0 before the transfer). */
  providerReversalCents: number;
  /** What the provider keeps of their share after this refund. */
  providerRetainedCents: number;
  /** The provider's part of this refund that is not reversed because it was never transferred. */
  providerEarningReductionCents: number;
  /** Absorbed by the platform so the provider keeps it. */
  providerCompensationCents: number;
  /** What remains refundable after this refund. */
  remainingRefundableCents: number;
  currency: Currency;
  policy: CancellationPolicy | null;
  refundBps: number | null;
}

export class RefundError extends Error {
  constructor(
    readonly reason: 'EXCEEDS_REFUNDABLE' | 'NOTHING_REFUNDABLE' | 'COMPENSATION_TOO_LARGE' | 'INVALID_AMOUNT',
    message: string,
    readonly details: Record<string, number> = {},
  ) {
    super(message);
    this.name = 'RefundError';
  }
}

export function refundableCents(s: RefundState): number {
  return s.paidCents - s.refundedCents;
}

/** Hours (may be fractional, negative once started) from `now` to the start. */
export function hoursBeforeStart(startIso: string, now: Date): number {
  return (Date.parse(startIso) - now.getTime()) / 3_600_000;
}

/** The cumulative-target amount a policy refunds (of the total paid), less what was refunded already (never < 0). */
export function policyRefundCents(s: RefundState, policy: CancellationPolicy, hours: number): { refundCents: number; bps: number } {
  const bps = refundPercentBps(policy, hours);
  const target = scaleRoundHalfUp(s.paidCents, bps, FULL_REFUND_BPS);
  return { refundCents: Math.max(0, Math.min(target - s.refundedCents, refundableCents(s))), bps };
}

/** A no-show's refund: the policy's no-show share of what was paid, less what was refunded already. */
export function noShowRefundCents(s: RefundState, policy: CancellationPolicy): { refundCents: number; bps: number } {
  const bps = noShowRefundBps(policy);
  const target = scaleRoundHalfUp(s.paidCents, bps, FULL_REFUND_BPS);
  return { refundCents: Math.max(0, Math.min(target - s.refundedCents, refundableCents(s))), bps };
}

interface RefundRequest {
  refundCents: number;
  providerCompensationCents?: number;
  policy?: CancellationPolicy | null;
  refundBps?: number | null;
  /** The fee given back, when a rule other than the proportion fixes it (a reschedule to a lower price). */
  platformFeeRefundCents?: number;
}

export function calculateRefund(s: RefundState, req: RefundRequest): RefundBreakdown {
  for (const [k, v] of Object.entries(s)) if (typeof v === 'number') assertMinorUnits(v, k);
  assertMinorUnits(req.refundCents, 'refundCents');
  const compensation = req.providerCompensationCents ?? 0;
  assertMinorUnits(compensation, 'providerCompensationCents');
  if (req.refundCents < 0 || compensation < 0) throw new RefundError('INVALID_AMOUNT', 'Amounts must not be negative');
  const refundable = refundableCents(s);
  if (req.refundCents > refundable) {
    throw new RefundError('EXCEEDS_REFUNDABLE', 'The refund exceeds what is still refundable', { requested: req.refundCents, refundable });
  }
  const refundedAfter = s.refundedCents + req.refundCents;
  const feeRefundedAfter =
    refundedAfter === s.paidCents ? s.platformFeeCents : scaleRoundHalfUp(s.platformFeeCents, refundedAfter, s.paidCents);
  const platformFeeRefundCents = req.platformFeeRefundCents ?? Math.max(0, feeRefundedAfter - s.feeRefundedCents);
  const overrideTooLarge =
    req.platformFeeRefundCents !== undefined &&
    (req.platformFeeRefundCents < 0 || req.platformFeeRefundCents > Math.min(req.refundCents, s.platformFeeCents - s.feeRefundedCents));
  if (overrideTooLarge) {
    throw new RefundError('INVALID_AMOUNT', 'The fee refund exceeds the refund or the fee still kept');
  }
  const providerPart = req.refundCents - platformFeeRefundCents;
  if (compensation > providerPart) {
    throw new RefundError('COMPENSATION_TOO_LARGE', "Provider compensation exceeds the provider's part of this refund", {
      providerCompensation: compensation,
      providerPart,
    });
  }
  const takeBack = providerPart - compensation;
  const providerShare = s.paidCents - s.platformFeeCents;
  const retainedBefore = providerShare - s.providerRefundedCents;
  const providerRetainedCents = retainedBefore - takeBack;
  // Of the transferred money, what exceeds what the provider now keeps must be reversed.
  const providerReversalCents = Math.max(0, Math.min(takeBack, s.transferredCents - providerRetainedCents));
  return {
    refundCents: req.refundCents,
    platformFeeRefundCents,
    providerReversalCents,
    providerRetainedCents,
    providerEarningReductionCents: takeBack - providerReversalCents,
    providerCompensationCents: compensation,
    remainingRefundableCents: refundable - req.refundCents,
    currency: s.currency,
    policy: req.policy ?? null,
    refundBps: req.refundBps ?? null,
  };
}

/** Splits a reversal into what the provider's available Stripe balance covers and the shortfall (their debt). */
export function splitReversal(reversalCents: number, availableBalanceCents: number): { reverseCents: number; debtCents: number } {
  assertMinorUnits(reversalCents);
  assertMinorUnits(availableBalanceCents);
  const reverseCents = Math.max(0, Math.min(reversalCents, availableBalanceCents));
  return { reverseCents, debtCents: reversalCents - reverseCents };
}

/**
 * What a provider is paid of one booking's earnings once their outstanding debt is netted: the payout run
 * (lib/services/payouts.ts) transfers `payableCents` and records `debtRecoveredCents` as a PROVIDER_DEBT −line.
 */
export function netEarningsAfterDebt(
  earningsCents: number,
  debtCents: number,
): { payableCents: number; debtRecoveredCents: number; debtRemainingCents: number } {
  assertMinorUnits(earningsCents);
  assertMinorUnits(debtCents);
  if (earningsCents < 0 || debtCents < 0) throw new RangeError('amounts must not be negative');
  const debtRecoveredCents = Math.min(earningsCents, debtCents);
  return { payableCents: earningsCents - debtRecoveredCents, debtRecoveredCents, debtRemainingCents: debtCents - debtRecoveredCents };
}
