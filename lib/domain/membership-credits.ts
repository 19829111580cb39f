/**
 * Membership credits, once per period. A period's credits are the monthly credits of the best plan held in it:
 * - the period's own invoice (the first one, each renewal), once paid, grants its plan's credits;
 * - an upgrade's proration invoice, once paid, grants the new plan's credits less what the period already got;
 * - a downgrade grants nothing now and takes nothing back: the lower plan's credits come with the next period;
 * - a trial's zero invoice grants nothing: the first paid invoice after the trial does.
 * So changing plans back and forth inside one period never grants more than the best plan's credits.
 */

export type MembershipInvoiceReason = 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'other';

export interface MembershipGrantInput {
  reason: MembershipInvoiceReason;
  /** The invoice's total before any customer balance (a trial's is 0). */
  invoiceTotalCents: number;
  /** The monthly credits of the plan the invoice is for (× quantity). */
  planCredits: number;
  /** Credits already granted for the same period of the same membership. */
  grantedThisPeriod: number;
}

/** The credits a paid membership invoice grants (0: none). */
export function membershipGrantCredits(input: MembershipGrantInput): number {
  const { reason, invoiceTotalCents, planCredits, grantedThisPeriod } = input;
  if (planCredits <= 0) return 0;
  if (reason === 'subscription_update') return Math.max(0, planCredits - grantedThisPeriod);
  if (reason === 'subscription_create' || reason === 'subscription_cycle') {
    return invoiceTotalCents > 0 ? Math.max(0, planCredits - grantedThisPeriod) : 0;
  }
  return 0;
}
