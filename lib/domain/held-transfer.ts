/**
 * What the payout run keeps back of a COMPLETED booking's share while the customer's refund case is open, pure (the
 * rule: ./refund-dispute-rules.ts). Its own module so the earnings summary (./earnings.ts) can say the same.
 */

/** Who opened a case: the booking's customer or its provider. */
export type ContestingParty = 'CUSTOMER' | 'PROVIDER';

/** A case as the payout run sees it. */
export interface HoldingCase {
  status: 'OPEN' | 'RESOLVED';
  openedByRole: ContestingParty;
  heldCents?: number | undefined;
}

/** What an open customer's case keeps back of `owedCents` (the share still to transfer); 0 for any other case. */
export function heldOnTransfer(refundCase: HoldingCase | undefined, owedCents: number): number {
  if (refundCase?.status !== 'OPEN' || refundCase.openedByRole !== 'CUSTOMER') return 0;
  return Math.max(0, Math.min(refundCase.heldCents ?? 0, owedCents));
}

export type TransferPlan =
  /** Nothing held: the whole share still owed, and the booking is paid out. */
  | { kind: 'final' }
  /** Transfer this much now and keep the held amount back (the booking stays COMPLETED). */
  | { kind: 'part'; amountCents: number }
  /** Everything owed is held, or a part already went: wait for the case to be resolved. */
  | { kind: 'wait' };

/** What the payout run does with a COMPLETED booking: at most one part transfer while a case holds the rest. */
export function transferPlan(owedCents: number, heldCents: number, partAlreadyTransferred: boolean): TransferPlan {
  if (heldCents <= 0) return { kind: 'final' };
  if (partAlreadyTransferred || owedCents - heldCents <= 0) return { kind: 'wait' };
  return { kind: 'part', amountCents: owedCents - heldCents };
}
