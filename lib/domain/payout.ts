/**
 * Payout rules, pure: the minimum payout, the instant payout fee, when the scheduled run pays out, the one payout
 * decision every entry point uses (decidePayout), and the rank of Stripe's payout statuses (kept on the record; the
 * status guard itself is PAYOUT_MACHINE in payout-status.ts). Integer minor units only.
 */
import type { PayoutSchedule, PayoutStatus } from './vocabulary';
import { BPS_DENOMINATOR } from './commission';
import { assertMinorUnits, scaleRoundHalfUp, type Currency } from './money';

/** Below this an automatic payout waits for more earnings (bank fees make tiny payouts pointless). */
export const MINIMUM_PAYOUT_CENTS: Readonly<Record<Currency, number>> = { usd: 1_000, eur: 1_000, gbp: 1_000 };

/** Instant payouts cost 1.5% of the amount, at least 50 minor units (Stripe's published instant pricing). */
export const INSTANT_PAYOUT_FEE_BPS = 150;
const INSTANT_PAYOUT_MIN_FEE_CENTS: Readonly<Record<Currency, number>> = { usd: 50, eur: 50, gbp: 50 };

export function minimumPayoutCents(currency: Currency): number {
  return MINIMUM_PAYOUT_CENTS[currency];
}

/** fee = max(minimum fee, round-half-up(amount × 1.5%)). */
export function instantPayoutFeeCents(amountCents: number, currency: Currency): number {
  assertMinorUnits(amountCents, 'amountCents');
  if (amountCents < 0) throw new RangeError('amountCents must not be negative');
  return Math.max(INSTANT_PAYOUT_MIN_FEE_CENTS[currency], scaleRoundHalfUp(amountCents, INSTANT_PAYOUT_FEE_BPS, BPS_DENOMINATOR));
}

type InstantIneligibleReason = 'PAYOUTS_DISABLED' | 'NOTHING_AVAILABLE' | 'BELOW_MINIMUM';

export interface InstantPayoutQuote {
  eligible: boolean;
  reason?: InstantIneligibleReason;
  /** What is instantly available on the connected account. */
  availableCents: number;
  feeCents: number;
  /** What reaches the bank: available − fee (the fee stays on the account to cover Stripe's charge). */
  netCents: number;
  minimumCents: number;
  currency: Currency;
  /** Of the instantly available balance, what stays on the account because the provider owes it (their debt). */
  withheldForDebtCents?: number;
}

/**
 * What may leave a connected account for the bank when the provider owes the platform `debtCents`: the balance less
 * the debt (never below 0). The withheld part stays on the account until payouts net the debt from new transfers.
 */
export function payableAfterDebt(availableCents: number, debtCents: number): { payableCents: number; withheldCents: number } {
  assertMinorUnits(availableCents, 'availableCents');
  assertMinorUnits(debtCents, 'debtCents');
  const available = Math.max(0, availableCents);
  const withheldCents = Math.min(available, Math.max(0, debtCents));
  return { payableCents: available - withheldCents, withheldCents };
}

/**
 * The instant payout offered for an instantly available balance: the whole balance (less what the provider owes)
 * less the fee, if what reaches the bank is at least the minimum payout.
 */
export function quoteInstantPayout(
  instantAvailableCents: number,
  currency: Currency,
  payoutsEnabled = true,
  outstandingDebtCents = 0,
): InstantPayoutQuote {
  assertMinorUnits(instantAvailableCents, 'instantAvailableCents');
  const { payableCents: available, withheldCents } = payableAfterDebt(instantAvailableCents, outstandingDebtCents);
  const minimumCents = minimumPayoutCents(currency);
  const feeCents = available > 0 ? instantPayoutFeeCents(available, currency) : 0;
  const netCents = Math.max(0, available - feeCents);
  const base = {
    availableCents: available,
    feeCents,
    netCents,
    minimumCents,
    currency,
    ...(withheldCents > 0 ? { withheldForDebtCents: withheldCents } : {}),
  };
  if (!payoutsEnabled) return { ...base, eligible: false, reason: 'PAYOUTS_DISABLED' };
  if (available === 0) return { ...base, eligible: false, reason: 'NOTHING_AVAILABLE' };
  if (netCents < minimumCents) return { ...base, eligible: false, reason: 'BELOW_MINIMUM' };
  return { ...base, eligible: true };
}

/** DEBT_OUTSTANDING: the whole available balance is owed to the platform (payableAfterDebt). */
export type ScheduledPayoutSkip = 'MANUAL_SCHEDULE' | 'NOT_SCHEDULED_TODAY' | 'BELOW_MINIMUM' | 'DEBT_OUTSTANDING';

/** Whether the scheduled run pays out an available balance today, per the provider's schedule. */
export function decideScheduledPayout(
  schedule: PayoutSchedule | undefined,
  now: Date,
  availableCents: number,
  currency: Currency,
): { payout: true; amountCents: number } | { payout: false; reason: ScheduledPayoutSkip } {
  const s = schedule ?? 'DAILY';
  if (s === 'MANUAL') return { payout: false, reason: 'MANUAL_SCHEDULE' };
  if (s === 'WEEKLY' && now.getUTCDay() !== 1) return { payout: false, reason: 'NOT_SCHEDULED_TODAY' };
  if (availableCents < minimumPayoutCents(currency)) return { payout: false, reason: 'BELOW_MINIMUM' };
  return { payout: true, amountCents: availableCents };
}

/**
 * The scheduled payout's batch id: one per provider, day, currency and amount. Two runs that see the same balance
 * make the same payout (same idempotency key); new funds make a new amount, hence a new payout.
 */
export function scheduledPayoutBatch(now: Date, currency: Currency, amountCents: number): string {
  return `auto-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${currency}-${amountCents}`;
}

const RANK: Record<PayoutStatus, number> = { pending: 0, in_transit: 1, paid: 2, failed: 2, canceled: 2 };

/** Stripe's payout statuses in order; the three final ones share the top rank (a final state never changes). */
export function payoutStatusRank(status: PayoutStatus): number {
  return RANK[status];
}

// ---- the one payout decision ---------------------------------------------------------------------------

/**
 * How a payout was asked for: the scheduled run / SCHEDULE_PAYOUT (the whole payable balance, per the schedule),
 * INSTANT_PAYOUT (the whole instantly available balance less the fee) or CREATE_PAYOUT (an amount the provider chose).
 */
export type PayoutAsk =
  | { kind: 'scheduled'; schedule: PayoutSchedule | undefined; now: Date }
  | { kind: 'instant'; payoutsEnabled: boolean }
  | { kind: 'amount'; amountCents: number; method: 'standard' | 'instant' };

type PayoutRefusal = ScheduledPayoutSkip | InstantIneligibleReason | 'INSUFFICIENT_BALANCE';

export type PayoutDecision =
  | { payout: true; amountCents: number; feeCents?: number; withheldForDebtCents: number; quote?: InstantPayoutQuote }
  | {
      payout: false;
      reason: PayoutRefusal;
      /** What could leave the account: the balance less the debt (less the instant fee). */
      availableCents: number;
      /** What was asked for (the amount, or the minimum when the whole balance was). */
      requestedCents: number;
      withheldForDebtCents: number;
      quote?: InstantPayoutQuote;
    };

/**
 * Every payout, however it starts, obeys the same rules: what the provider owes stays on the account
 * (payableAfterDebt), nothing below the minimum payout leaves, an instant payout leaves its fee on the account,
 * and nothing above what is payable is asked of Stripe.
 */
export function decidePayout(ask: PayoutAsk, balanceCents: number, debtCents: number, currency: Currency): PayoutDecision {
  const { payableCents, withheldCents } = payableAfterDebt(balanceCents, debtCents);
  const minimum = minimumPayoutCents(currency);
  if (ask.kind === 'instant') {
    const quote = quoteInstantPayout(balanceCents, currency, ask.payoutsEnabled, debtCents);
    if (quote.eligible)
      return { payout: true, amountCents: quote.netCents, feeCents: quote.feeCents, withheldForDebtCents: withheldCents, quote };
    return {
      payout: false,
      reason: quote.reason ?? 'BELOW_MINIMUM',
      availableCents: quote.netCents,
      requestedCents: minimum,
      withheldForDebtCents: withheldCents,
      quote,
    };
  }
  if (ask.kind === 'scheduled') {
    const refuse = (reason: PayoutRefusal) => ({
      payout: false as const,
      reason,
      availableCents: payableCents,
      requestedCents: minimum,
      withheldForDebtCents: withheldCents,
    });
    if (payableCents <= 0 && withheldCents > 0) return refuse('DEBT_OUTSTANDING');
    const scheduled = decideScheduledPayout(ask.schedule, ask.now, payableCents, currency);
    return scheduled.payout
      ? { payout: true, amountCents: scheduled.amountCents, withheldForDebtCents: withheldCents }
      : refuse(scheduled.reason);
  }
  assertMinorUnits(ask.amountCents, 'amountCents');
  const feeCents = ask.method === 'instant' ? instantPayoutFeeCents(ask.amountCents, currency) : undefined;
  const payableNet = ask.method === 'instant' ? Math.max(0, payableCents - instantPayoutFeeCents(payableCents, currency)) : payableCents;
  const refuse = (reason: PayoutRefusal) => ({
    payout: false as const,
    reason,
    availableCents: payableNet,
    requestedCents: ask.amountCents,
    withheldForDebtCents: withheldCents,
  });
  if (ask.amountCents + (feeCents ?? 0) > payableCents)
    return refuse(withheldCents > 0 && ask.amountCents <= balanceCents ? 'DEBT_OUTSTANDING' : 'INSUFFICIENT_BALANCE');
  if (ask.amountCents < minimum) return refuse('BELOW_MINIMUM');
  return {
    payout: true,
    amountCents: ask.amountCents,
    ...(feeCents !== undefined ? { feeCents } : {}),
    withheldForDebtCents: withheldCents,
  };
}
