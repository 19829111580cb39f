/**
 * A contested refund decision (DISPUTE_REFUND) as a small machine: the case lives on the booking (refundDispute),
 * opened by the booking's customer or provider and resolved by an admin. NONE stands for "no case yet": the
 * attribute is absent. A resolved case may be contested again (a new case replaces it).
 */
import { planTransition, type StateMachine } from './state-machine';

export type RefundCaseStatus = 'NONE' | 'OPEN' | 'RESOLVED';
export type RefundCaseActor = 'CUSTOMER' | 'PROVIDER' | 'ADMIN';
/** While the case is open the booking's refunds and payout are held (payoutHold). */
interface RefundCaseEffects {
  hold: 'set' | 'lift';
}

const REFUND_CASE_STATUSES: readonly RefundCaseStatus[] = ['NONE', 'OPEN', 'RESOLVED'];

const REFUND_CASE_TABLE = {
  record: 'refund dispute',
  statuses: REFUND_CASE_STATUSES,
  actors: ['CUSTOMER', 'PROVIDER', 'ADMIN'],
  transitions: {
    /** A party contests the refund decision: refunds and the payout are held. */
    OPEN_CASE: { from: ['NONE', 'RESOLVED'], to: 'OPEN', by: ['CUSTOMER', 'PROVIDER'], emits: { hold: 'set' } },
    /** An admin decides: the hold is lifted (unless a chargeback keeps it). */
    RESOLVE_CASE: { from: ['OPEN'], to: 'RESOLVED', by: ['ADMIN'], emits: { hold: 'lift' } },
  },
} as const satisfies StateMachine<string, RefundCaseStatus, RefundCaseActor, RefundCaseEffects>;

export type RefundCaseTransitionName = keyof typeof REFUND_CASE_TABLE.transitions;
export const REFUND_CASE_MACHINE: StateMachine<RefundCaseTransitionName, RefundCaseStatus, RefundCaseActor, RefundCaseEffects> =
  REFUND_CASE_TABLE;

/** The case's status as stored (absent = NONE). */
export function refundCaseStatus(refundDispute: { status: 'OPEN' | 'RESOLVED' } | undefined): RefundCaseStatus {
  return refundDispute?.status ?? 'NONE';
}

/** Checks a case transition in memory (throws TransitionRefused); the writer turns `from` into its condition. */
export function planRefundCase(name: RefundCaseTransitionName, actor: RefundCaseActor, from?: RefundCaseStatus) {
  const plan = planTransition(REFUND_CASE_MACHINE, name, actor, from !== undefined ? { from } : {});
  return { ...plan, to: plan.to as 'OPEN' | 'RESOLVED' };
}
