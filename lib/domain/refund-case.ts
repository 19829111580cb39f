/**
 * A contested refund decision (DISPUTE_REFUND) as a small machine: the case lives on the booking (refundDispute),
 * opened by the booking's customer or provider and resolved by an admin. NONE stands for "no case yet": the
 * attribute is absent. A resolved case may be contested again (a new case replaces it). A case still open after
 * REFUND_CASE_ESCALATION_HOURS is escalated to the admins by the scheduled run (it stays OPEN; escalatedAt is set
 * once). What a case may contest and what it holds: ./refund-dispute-rules.ts.
 */
import { planTransition, type StateMachine } from './state-machine';

export type RefundCaseStatus = 'NONE' | 'OPEN' | 'RESOLVED';
export type RefundCaseActor = 'CUSTOMER' | 'PROVIDER' | 'ADMIN' | 'SYSTEM';
/**
 * What a case holds while it is open: only the amount in dispute, and only a customer's case holds anything (that
 * amount of the booking's provider share stays on the platform); resolving releases it; escalating keeps it.
 */
interface RefundCaseEffects {
  hold: 'disputed amount' | 'release' | 'keep';
}

const REFUND_CASE_STATUSES: readonly RefundCaseStatus[] = ['NONE', 'OPEN', 'RESOLVED'];

/** An open case is escalated to the admins after this long (the scheduled run checks). */
export const REFUND_CASE_ESCALATION_HOURS = 72;

const REFUND_CASE_TABLE = {
  record: 'refund dispute',
  statuses: REFUND_CASE_STATUSES,
  actors: ['CUSTOMER', 'PROVIDER', 'ADMIN', 'SYSTEM'],
  transitions: {
    /** A party contests an existing refund decision: the amount in dispute is held (a customer's case only). */
    OPEN_CASE: { from: ['NONE', 'RESOLVED'], to: 'OPEN', by: ['CUSTOMER', 'PROVIDER'], emits: { hold: 'disputed amount' } },
    /** Still open after the escalation time: the scheduled run hands it to the admins, once. */
    ESCALATE_CASE: {
      from: ['OPEN'],
      to: null,
      by: ['SYSTEM'],
      guard: [{ attribute: 'refundDispute.escalatedAt', is: 'absent', why: 'a case is escalated once' }],
      emits: { hold: 'keep' },
    },
    /** An admin decides: the held amount is released (an open chargeback keeps its own hold). */
    RESOLVE_CASE: { from: ['OPEN'], to: 'RESOLVED', by: ['ADMIN'], emits: { hold: 'release' } },
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
  return { ...plan, to: plan.to as 'OPEN' | 'RESOLVED' | undefined };
}
