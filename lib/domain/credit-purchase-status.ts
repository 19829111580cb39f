/**
 * A credit purchase's lifecycle as data. A purchase is a Checkout Session: it is recorded OPEN when the session is
 * made, and settled from the session as Stripe has it (COMPLETE when paid, EXPIRE when abandoned). Stripe may report
 * a session paid after we saw it expire (a late payment), so COMPLETE also starts from EXPIRED. An admin refund
 * reserves first (REFUND_PENDING, credits removed) and finishes after the Stripe refund (REFUNDED).
 */
import type { StateMachine } from './state-machine';

export type CreditPurchaseStatus = 'OPEN' | 'COMPLETED' | 'EXPIRED' | 'REFUND_PENDING' | 'REFUNDED';
export type CreditPurchaseActor = 'CUSTOMER' | 'SYSTEM' | 'ADMIN';
export type CreditPurchaseTransitionName = 'COMPLETE' | 'EXPIRE' | 'RESERVE_REFUND' | 'FINISH_REFUND';
/** What a transition causes, by name. */
interface CreditPurchaseEffects {
  credits: 'ADD_PURCHASED' | 'REMOVE_UNSPENT' | 'NONE';
  ledger: readonly ('CREDIT_PURCHASE' | 'CREDIT_PURCHASE_REFUND')[];
}

export const CREDIT_PURCHASE_STATUSES: readonly CreditPurchaseStatus[] = ['OPEN', 'COMPLETED', 'EXPIRED', 'REFUND_PENDING', 'REFUNDED'];

export const CREDIT_PURCHASE_MACHINE: StateMachine<
  CreditPurchaseTransitionName,
  CreditPurchaseStatus,
  CreditPurchaseActor,
  CreditPurchaseEffects
> = {
  record: 'credit purchase',
  statuses: CREDIT_PURCHASE_STATUSES,
  actors: ['CUSTOMER', 'SYSTEM', 'ADMIN'],
  transitions: {
    // the success page (CUSTOMER) and the webhook (SYSTEM) converge on the same settlement
    COMPLETE: {
      from: ['OPEN', 'EXPIRED'],
      to: 'COMPLETED',
      by: ['CUSTOMER', 'SYSTEM'],
      emits: { credits: 'ADD_PURCHASED', ledger: ['CREDIT_PURCHASE'] },
    },
    EXPIRE: { from: ['OPEN'], to: 'EXPIRED', by: ['CUSTOMER', 'SYSTEM'], emits: { credits: 'NONE', ledger: [] } },
    RESERVE_REFUND: { from: ['COMPLETED'], to: 'REFUND_PENDING', by: ['ADMIN'], emits: { credits: 'REMOVE_UNSPENT', ledger: [] } },
    FINISH_REFUND: {
      from: ['REFUND_PENDING'],
      to: 'REFUNDED',
      by: ['ADMIN'],
      emits: { credits: 'NONE', ledger: ['CREDIT_PURCHASE_REFUND'] },
    },
  },
};

/**
 * The statuses a purchase record may be created in: OPEN when the session is made; COMPLETED or EXPIRED when the
 * webhook (or the success page) settles a session whose OPEN record was never written (the creation is then that
 * transition from "no record").
 */
export const CREDIT_PURCHASE_CREATED_AS: Readonly<Record<'OPEN' | 'COMPLETED' | 'EXPIRED', CreditPurchaseTransitionName | null>> = {
  OPEN: null,
  COMPLETED: 'COMPLETE',
  EXPIRED: 'EXPIRE',
};
