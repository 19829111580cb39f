/**
 * A Payout record's lifecycle as data: it follows Stripe's payout statuses, which only move forward
 * (pending → in_transit → paid | failed | canceled). A webhook or API answer carrying an older status than the one
 * stored matches no transition here, so the writer derives no write from it: the stored state never regresses.
 */
import { transitionsBetween, type StateMachine } from './state-machine';

export const PAYOUT_STATUSES = ['pending', 'in_transit', 'paid', 'failed', 'canceled'] as const;
export type PayoutState = (typeof PAYOUT_STATUSES)[number];

/** Who reports a payout's status: Stripe's webhooks, or our own call's answer (SYSTEM). */
export type PayoutActor = 'STRIPE' | 'SYSTEM';

export type PayoutTransitionName = 'SEND' | 'PAY' | 'FAIL' | 'RETURN' | 'CANCEL' | 'ADD_DETAILS';

/** What a transition writes besides the status. */
interface PayoutEffects {
  ledger: readonly 'PAYOUT_FAILED'[];
}

const REPORTERS = ['STRIPE', 'SYSTEM'] as const;

export const PAYOUT_MACHINE: StateMachine<PayoutTransitionName, PayoutState, PayoutActor, PayoutEffects> = {
  record: 'payout',
  statuses: PAYOUT_STATUSES,
  actors: REPORTERS,
  transitions: {
    /** The bank transfer left Stripe. */
    SEND: { from: ['pending'], to: 'in_transit', by: REPORTERS, emits: { ledger: [] } },
    PAY: { from: ['pending', 'in_transit'], to: 'paid', by: REPORTERS, emits: { ledger: [] } },
    /** The money is back on the connected account's available balance. */
    FAIL: { from: ['pending', 'in_transit'], to: 'failed', by: REPORTERS, emits: { ledger: ['PAYOUT_FAILED'] } },
    /** Stripe may report a payout paid and later failed (the bank returned it, days later). */
    RETURN: { from: ['paid'], to: 'failed', by: REPORTERS, emits: { ledger: ['PAYOUT_FAILED'] } },
    CANCEL: { from: ['pending', 'in_transit'], to: 'canceled', by: REPORTERS, emits: { ledger: [] } },
    /** Details learnt later (the instant fee, the batch) in any status; the status stays. */
    ADD_DETAILS: { from: PAYOUT_STATUSES, to: null, by: REPORTERS, emits: { ledger: [] } },
  },
};

/** The transition taking a stored payout from `from` to `to` (a status change), or undefined when none may. */
export function payoutTransitionBetween(from: PayoutState, to: PayoutState): PayoutTransitionName | undefined {
  if (from === to) return undefined;
  return transitionsBetween(PAYOUT_MACHINE, from, to)[0];
}
