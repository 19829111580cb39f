/**
 * A booking's money trail, pure: each Stripe object of the booking (charge of its PaymentIntent, refunds, application
 * fee refunds, transfers, transfer reversals, disputes) next to the ledger lines that name it, then the lines that name
 * no object Stripe returned. A CHARGE line written with the PaymentIntent's id (before the charge was known) belongs to
 * that intent's charge, as in the reconciler.
 */
import type { BookingStripeObjects } from './reconciliation';

export type TrailObjectKind = 'CHARGE' | 'REFUND' | 'APPLICATION_FEE_REFUND' | 'TRANSFER' | 'TRANSFER_REVERSAL' | 'DISPUTE';

export interface TrailLine {
  id: string;
  type: string;
  amountCents: number;
  currency: string;
  createdAt: string;
  description: string;
  stripeObjectId?: string | undefined;
}

export interface TrailEntry {
  /** null: the lines that name no Stripe object of this booking (or none at all). */
  kind: TrailObjectKind | null;
  stripeId: string | null;
  /** The charge's PaymentIntent. */
  paymentIntentId?: string;
  /** What Stripe says the object moved (null for the lines without an object). */
  stripeAmountCents: number | null;
  currency: string;
  status?: string;
  lines: TrailLine[];
}

export function moneyTrail(lines: readonly TrailLine[], stripe: BookingStripeObjects, currency: string): TrailEntry[] {
  const chargeOfIntent = new Map(stripe.charges.flatMap((c) => (c.paymentIntentId ? [[c.paymentIntentId, c.id] as const] : [])));
  const objectOf = (l: TrailLine) => (l.stripeObjectId ? (chargeOfIntent.get(l.stripeObjectId) ?? l.stripeObjectId) : '');
  const entries: TrailEntry[] = [
    ...stripe.charges.map((c) => ({
      kind: 'CHARGE' as const,
      stripeId: c.id,
      ...(c.paymentIntentId ? { paymentIntentId: c.paymentIntentId } : {}),
      stripeAmountCents: c.amount,
      currency: c.currency,
      lines: [],
    })),
    ...stripe.refunds.map((r) => ({
      kind: 'REFUND' as const,
      stripeId: r.id,
      stripeAmountCents: r.amount,
      currency: r.currency,
      lines: [],
    })),
    ...stripe.applicationFeeRefunds.map((r) => ({
      kind: 'APPLICATION_FEE_REFUND' as const,
      stripeId: r.id,
      stripeAmountCents: r.amount,
      currency: r.currency,
      lines: [],
    })),
    ...stripe.transfers.map((t) => ({
      kind: 'TRANSFER' as const,
      stripeId: t.id,
      stripeAmountCents: t.amount,
      currency: t.currency,
      lines: [],
    })),
    ...stripe.transferReversals.map((r) => ({
      kind: 'TRANSFER_REVERSAL' as const,
      stripeId: r.id,
      stripeAmountCents: r.amount,
      currency: r.currency,
      lines: [],
    })),
    ...stripe.disputes.map((d) => ({
      kind: 'DISPUTE' as const,
      stripeId: d.id,
      stripeAmountCents: d.amount,
      currency: d.currency,
      status: d.status,
      lines: [],
    })),
  ];
  const byId = new Map(entries.map((e) => [e.stripeId, e]));
  const unmatched: TrailLine[] = [];
  for (const l of [...lines].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const entry = byId.get(objectOf(l));
    if (entry) entry.lines.push(l);
    else unmatched.push(l);
  }
  return unmatched.length > 0 ? [...entries, { kind: null, stripeId: null, stripeAmountCents: null, currency, lines: unmatched }] : entries;
}
