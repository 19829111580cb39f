/**
 * A membership's lifecycle as data. The status is Stripe's subscription status: Stripe decides it and we store what
 * Stripe reports. The table says which moves Stripe's lifecycle can make, so a sync that would store an impossible
 * move (an ended membership coming back to life, an out-of-order older state) is refused by the writer, whose
 * condition (the status read) comes from here. A sync that keeps the status (a new period, cancel at period end)
 * is REFRESH.
 */
import { TransitionRefused, transitionsBetween, type StateMachine } from './state-machine';

export type MembershipStatus = 'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';
/** Only Stripe moves a membership: customers ask Stripe (cancel at period end) and the sync stores the result. */
type MembershipActor = 'STRIPE';
export type MembershipTransitionName =
  'PAY_FIRST_INVOICE' | 'EXPIRE_INCOMPLETE' | 'END_TRIAL' | 'FAIL_RENEWAL' | 'GIVE_UP_RETRIES' | 'RECOVER' | 'PAUSE' | 'CANCEL' | 'REFRESH';
/** A membership transition causes nothing by itself: credits come with paid invoices, not with statuses. */
type MembershipEffects = null;

export const MEMBERSHIP_STATUSES: readonly MembershipStatus[] = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
];
/** Memberships that count as "has a membership". */
export const LIVE_MEMBERSHIP_STATUSES: readonly MembershipStatus[] = ['active', 'trialing', 'past_due', 'unpaid'];
const NOT_ENDED: readonly MembershipStatus[] = ['incomplete', 'trialing', 'active', 'past_due', 'unpaid', 'paused'];

export const MEMBERSHIP_MACHINE: StateMachine<MembershipTransitionName, MembershipStatus, MembershipActor, MembershipEffects> = {
  record: 'membership',
  statuses: MEMBERSHIP_STATUSES,
  actors: ['STRIPE'],
  transitions: {
    PAY_FIRST_INVOICE: { from: ['incomplete'], to: ['active', 'trialing'], by: ['STRIPE'], emits: null },
    EXPIRE_INCOMPLETE: { from: ['incomplete'], to: 'incomplete_expired', by: ['STRIPE'], emits: null },
    END_TRIAL: { from: ['trialing'], to: ['active', 'past_due', 'unpaid', 'paused'], by: ['STRIPE'], emits: null },
    FAIL_RENEWAL: { from: ['active'], to: ['past_due', 'unpaid'], by: ['STRIPE'], emits: null },
    GIVE_UP_RETRIES: { from: ['past_due'], to: 'unpaid', by: ['STRIPE'], emits: null },
    RECOVER: { from: ['past_due', 'unpaid', 'paused'], to: 'active', by: ['STRIPE'], emits: null },
    PAUSE: { from: ['active'], to: 'paused', by: ['STRIPE'], emits: null },
    CANCEL: { from: NOT_ENDED, to: 'canceled', by: ['STRIPE'], emits: null },
    // period, cancel-at-period-end or invoice changes inside one status (also for ended ones: Stripe may still
    // report a later invoice of a canceled subscription)
    REFRESH: { from: MEMBERSHIP_STATUSES, to: null, by: ['STRIPE'], emits: null },
  },
};

/** The transition a sync makes from the stored status to the one Stripe reports; throws TransitionRefused if none. */
export function membershipTransitionFor(from: MembershipStatus, to: MembershipStatus): MembershipTransitionName {
  if (from === to) return 'REFRESH';
  const name = transitionsBetween(MEMBERSHIP_MACHINE, from, to, 'STRIPE')[0];
  if (!name)
    throw new TransitionRefused(
      MEMBERSHIP_MACHINE.record,
      'SYNC',
      from,
      to,
      'STRIPE',
      'Stripe reported a move the membership lifecycle does not allow',
    );
  return name;
}
