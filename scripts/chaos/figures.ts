/**
 * The defect figures of a chaos run, read from Stripe (through the SDK) and our tables once the faults are off:
 * reconciliation mismatches, money moved twice (charges, refunds, transfers, payouts), bookings stuck in a
 * non-final state past their deadline. Each figure lists what it counted, so a non-zero one can be looked into.
 */
import type Stripe from 'stripe';
import type { BookingRecord } from '../../lib/data/records';
import { mismatchesByStatus } from '../../lib/data/reconciliation-records';
import { repo } from '../../lib/data/repository';
import { reconcileWithStripe } from '../../lib/services/reconciliation';
import type { ChaosStack } from './stack';

export interface MoneyFigures {
  reconciliationMismatches: string[];
  doubleCharges: string[];
  doubleRefunds: string[];
  doubleTransfers: string[];
  doublePayouts: string[];
  stuckBookings: string[];
}

const HOUR = 3_600_000;

/** Why a booking is stuck at `now`, or undefined: unpaid past its hold, confirmed long past its end, a claim left open. */
export function stuckReason(b: BookingRecord, now: Date): string | undefined {
  const t = now.getTime();
  if ((b.status === 'PENDING_PAYMENT' || b.status === 'PAYMENT_FAILED') && b.holdExpiresAt && Date.parse(b.holdExpiresAt) < t)
    return `${b.status} past its hold`;
  if (b.status === 'CONFIRMED' && Date.parse(b.endDateTime) + HOUR < t) return 'CONFIRMED an hour past its end';
  if (b.refundClaim) return `${b.status} with an unfinished refund`;
  if (b.payoutClaimId) return `${b.status} with an unfinished transfer`;
  return undefined;
}

function repeated<T>(items: readonly T[], keyOf: (t: T) => string | undefined): string[] {
  const seen = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
}

/** What the run did at Stripe (so all-zero figures are seen to be about real money movements). */
export interface MoneyActivity {
  charges: number;
  refunds: number;
  transfers: number;
  reversals: number;
  payouts: number;
  disputes: number;
}

export async function moneyFigures(
  stack: ChaosStack,
  bookingIds: readonly string[],
): Promise<{ figures: MoneyFigures; activity: MoneyActivity }> {
  const s = stack.deps.stripe;
  const all = { limit: 10_000 };
  const bookings = (await Promise.all(bookingIds.map((id) => repo.booking(stack.deps, id)))).filter((b): b is BookingRecord => Boolean(b));
  const intents = await s.paymentIntents.list({ limit: 100 }).autoPagingToArray(all);
  const doubleCharges = repeated(
    intents.filter((pi) => pi.status === 'succeeded' || pi.status === 'requires_capture'),
    (pi) => pi.metadata?.bookingId,
  ).map((k) => `booking ${k} paid by several PaymentIntents`);
  const refunds = (await s.refunds.list({ limit: 100 }).autoPagingToArray(all)).filter(
    (r) => r.status !== 'failed' && r.status !== 'canceled',
  );
  const doubleRefunds = repeated(refunds, (r) =>
    r.metadata?.refundRequestId ? `${r.metadata.bookingId}/${r.metadata.refundRequestId}` : undefined,
  );
  const doubleTransfers: string[] = [];
  const activity: MoneyActivity = { charges: 0, refunds: refunds.length, transfers: 0, reversals: 0, payouts: 0, disputes: 0 };
  const charges = await s.charges.list({ limit: 100 }).autoPagingToArray(all);
  for (const b of bookings) {
    const own = charges.filter((c) => c.payment_intent === b.paymentIntentId && c.status === 'succeeded');
    if (own.length > 1) doubleCharges.push(`booking ${b.id}: ${own.length} charges`);
    const refunded = refunds.filter((r) => r.payment_intent === b.paymentIntentId).reduce((sum, r) => sum + r.amount, 0);
    if (refunded > b.totalAmountCents) doubleRefunds.push(`booking ${b.id}: ${refunded} refunded of ${b.totalAmountCents}`);
    const transfers: Stripe.Transfer[] = await s.transfers.list({ limit: 100, transfer_group: b.id }).autoPagingToArray(all);
    const sent = transfers.reduce((sum, t) => sum + t.amount, 0);
    activity.charges += own.length;
    activity.transfers += transfers.length;
    activity.reversals += transfers.filter((t) => t.amount_reversed > 0).length;
    if (sent > b.providerEarningsCents) doubleTransfers.push(`booking ${b.id}: ${sent} transferred of ${b.providerEarningsCents}`);
  }
  const payouts = await s.payouts.list({ limit: 100 }, { stripeAccount: stack.seeded.providerAccountId }).autoPagingToArray(all);
  activity.payouts = payouts.length;
  activity.disputes = (await s.disputes.list({ limit: 100 }).autoPagingToArray(all)).length;
  const doublePayouts = repeated(payouts, (p) => p.metadata?.batch).map((k) => `payout batch ${k}`);
  const now = stack.deps.clock.now();
  const stuckBookings = bookings.flatMap((b) => {
    const why = stuckReason(b, now);
    return why ? [`booking ${b.id}: ${why}`] : [];
  });
  const reconciliation = await reconcileWithStripe(stack.deps);
  const open = reconciliation.found > 0 || reconciliation.unchecked > 0;
  const rows = open ? await mismatchesByStatus(stack.deps, 'OPEN') : [];
  const reconciliationMismatches = rows.map(
    (r) => `${r.id}: ${r.kind} ledger ${r.ledgerAmountMinor ?? '—'} Stripe ${r.actualAmountMinor ?? '—'}`,
  );
  const figures: MoneyFigures = {
    reconciliationMismatches: [
      ...reconciliationMismatches,
      ...(reconciliation.unchecked > 0 ? [`${reconciliation.unchecked} unchecked`] : []),
    ],
    doubleCharges,
    doubleRefunds,
    doubleTransfers,
    doublePayouts,
    stuckBookings,
  };
  return { figures, activity };
}
