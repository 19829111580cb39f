/**
 * The Dispute record (a chargeback or an inquiry, id = Stripe dispute id) follows Stripe's dispute status as a
 * machine. Every write decides from Stripe's CURRENT state (re-fetched), and events arrive in any order, so a
 * transition may skip statuses it never saw (an inquiry seen next as lost); what it never does is go back: a closed
 * dispute stays closed, a reviewed one never needs a response again. A refresh keeps the status and updates the rest
 * (amount, evidence, deadline).
 */
import { transitionsBetween, type StateMachine } from './state-machine';

export type DisputeStatus =
  'warning_needs_response' | 'warning_under_review' | 'warning_closed' | 'needs_response' | 'under_review' | 'won' | 'lost';

/** STRIPE: a webhook recording the dispute as re-fetched; ADMIN: the evidence action recording Stripe's answer. */
export type DisputeActor = 'STRIPE' | 'ADMIN';

export const DISPUTE_STATUSES: readonly DisputeStatus[] = [
  'warning_needs_response',
  'warning_under_review',
  'warning_closed',
  'needs_response',
  'under_review',
  'won',
  'lost',
];

const INQUIRY_OPEN = ['warning_needs_response', 'warning_under_review'] as const;
const CHARGEBACK_OPEN = ['needs_response', 'under_review'] as const;

const DISPUTE_TABLE = {
  record: 'dispute',
  statuses: DISPUTE_STATUSES,
  actors: ['STRIPE', 'ADMIN'],
  transitions: {
    /** Evidence sent for an inquiry. */
    SUBMIT_INQUIRY_EVIDENCE: { from: ['warning_needs_response'], to: 'warning_under_review', by: ['STRIPE', 'ADMIN'], emits: null },
    /** The inquiry ended without a chargeback. */
    CLOSE_INQUIRY: { from: INQUIRY_OPEN, to: 'warning_closed', by: ['STRIPE'], emits: null },
    /** The inquiry became a chargeback (already under review when its evidence went in before we saw it). */
    ESCALATE: { from: INQUIRY_OPEN, to: CHARGEBACK_OPEN, by: ['STRIPE'], emits: null },
    /** Evidence sent to the bank. */
    SUBMIT_EVIDENCE: { from: ['needs_response'], to: 'under_review', by: ['STRIPE', 'ADMIN'], emits: null },
    WIN: { from: [...INQUIRY_OPEN, ...CHARGEBACK_OPEN], to: 'won', by: ['STRIPE'], emits: null },
    LOSE: { from: [...INQUIRY_OPEN, ...CHARGEBACK_OPEN], to: 'lost', by: ['STRIPE'], emits: null },
    /** Stripe's other fields changed (evidence, amount, deadline); the status stays. */
    REFRESH: { from: DISPUTE_STATUSES, to: null, by: ['STRIPE', 'ADMIN'], emits: null },
  },
} as const satisfies StateMachine<string, DisputeStatus, DisputeActor, null>;

export type DisputeTransitionName = keyof typeof DISPUTE_TABLE.transitions;
export const DISPUTE_MACHINE: StateMachine<DisputeTransitionName, DisputeStatus, DisputeActor, null> = DISPUTE_TABLE;

export function isDisputeStatus(status: string): status is DisputeStatus {
  return (DISPUTE_STATUSES as readonly string[]).includes(status);
}

/**
 * The transition that brings a record now in `current` to Stripe's `stripeStatus`: the one the table lists for the
 * pair, else REFRESH (same status, a status the machine does not know, or a step back, which is never taken).
 */
export function disputeRecordStep(
  current: DisputeStatus,
  stripeStatus: string,
  actor: DisputeActor,
): { transition: DisputeTransitionName; to?: DisputeStatus } {
  if (!isDisputeStatus(stripeStatus) || stripeStatus === current) return { transition: 'REFRESH' };
  const [name] = transitionsBetween(DISPUTE_MACHINE, current, stripeStatus, actor);
  return name ? { transition: name, to: stripeStatus } : { transition: 'REFRESH' };
}
