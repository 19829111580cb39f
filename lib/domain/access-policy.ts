/**
 * The one access policy: for a principal and a record, what it may see and do. Services ask it before every read and
 * action; the answer is 'allow', 'hidden' (the record does not exist for this caller: the API says 404, so ids leak
 * nothing) or 'forbidden' (the caller can see the record but may not do this: 403).
 */

type PrincipalGroup = 'ADMIN' | 'PROVIDER';

/** A verified caller, or the system itself (scheduled runs, webhooks). */
export type Principal = { userId: string; groups: readonly PrincipalGroup[] } | 'SYSTEM';

/** How a principal stands to a record. */
export type Relation = 'OWNER' | 'CUSTOMER' | 'PROVIDER' | 'ADMIN' | 'SYSTEM' | 'NONE';

/** The records the policy knows, with the ids that decide ownership. */
export interface ResourceOwners {
  booking: { customerId: string; providerId: string };
  /** A service, a payout account, earnings: owned by a provider. */
  providerResource: { providerId: string };
  /** A membership, a credit purchase, a saved card, a customer record: owned by one user. */
  userResource: { userId: string };
}
export type ResourceKind = keyof ResourceOwners;

/** Who may do what, per record kind. Anything not listed is refused. */
export const ACCESS_POLICY = {
  booking: {
    view: ['CUSTOMER', 'PROVIDER', 'ADMIN', 'SYSTEM'],
    /** Pay, confirm the payment, pay with credits. */
    pay: ['CUSTOMER'],
    /** End an unpaid hold (CANCEL_BOOKING). */
    cancelUnpaid: ['CUSTOMER', 'ADMIN', 'SYSTEM'],
    /** Cancel a paid booking with the policy's refund. */
    cancelPaid: ['CUSTOMER', 'PROVIDER', 'ADMIN'],
    complete: ['PROVIDER', 'ADMIN', 'SYSTEM'],
    /** Move the booking to another free slot of its service: its customer only. */
    reschedule: ['CUSTOMER'],
    /** Record attendance with the customer's code: the provider only (an admin never stands at the door). */
    checkIn: ['PROVIDER'],
    /** Mark a paid booking a no-show: its provider only (they held the time; an admin refunds instead). */
    markNoShow: ['PROVIDER'],
    receipt: ['CUSTOMER', 'ADMIN'],
    previewRefund: ['CUSTOMER', 'PROVIDER', 'ADMIN'],
    /** Choose a refund amount (PROCESS_REFUND). */
    refund: ['ADMIN', 'SYSTEM'],
    /** Contest a refund decision: only the parties, never an admin (the admin decides the case). */
    contestRefund: ['CUSTOMER', 'PROVIDER'],
    resolveRefundDispute: ['ADMIN'],
    submitDisputeEvidence: ['ADMIN'],
    /** Review a completed booking, and edit that review: its customer only. */
    review: ['CUSTOMER'],
    replyToReview: ['PROVIDER'],
    hideReview: ['ADMIN'],
  },
  providerResource: {
    view: ['OWNER', 'ADMIN', 'SYSTEM'],
    manage: ['OWNER'],
    payOut: ['OWNER', 'ADMIN', 'SYSTEM'],
  },
  userResource: {
    view: ['OWNER', 'ADMIN', 'SYSTEM'],
    manage: ['OWNER'],
    refund: ['ADMIN'],
  },
} as const satisfies { [K in ResourceKind]: Record<string, readonly Relation[]> };

export type ActionOf<K extends ResourceKind> = keyof (typeof ACCESS_POLICY)[K];

/**
 * Kinds whose records are named by an id that is not secret: a provider's services are listed publicly, and earnings,
 * payouts and the payment account are addressed by provider id. Refusing an existing record of such a kind is a 403;
 * hiding it (404) would pretend a public id does not exist.
 */
export const PUBLICLY_NAMED_KINDS: readonly ResourceKind[] = ['providerResource'];
type AccessDecision = 'allow' | 'hidden' | 'forbidden';

const isAdmin = (p: Principal) => p !== 'SYSTEM' && p.groups.includes('ADMIN');

/**
 * Every relation a principal has to a record, most specific first (an admin who is also the customer acts as the
 * customer where that is allowed, and as an admin otherwise).
 */
function relationsTo<K extends ResourceKind>(principal: Principal, kind: K, owners: ResourceOwners[K]): Relation[] {
  if (principal === 'SYSTEM') return ['SYSTEM'];
  const out: Relation[] = [];
  if (kind === 'booking') {
    const b = owners as ResourceOwners['booking'];
    if (b.customerId === principal.userId) out.push('CUSTOMER');
    if (b.providerId === principal.userId) out.push('PROVIDER');
  } else if (kind === 'providerResource') {
    if ((owners as ResourceOwners['providerResource']).providerId === principal.userId) out.push('OWNER');
  } else if ((owners as ResourceOwners['userResource']).userId === principal.userId) {
    out.push('OWNER');
  }
  if (isAdmin(principal)) out.push('ADMIN');
  return out;
}

/** The decision, and the relation it was granted under (how the principal acts: as customer, provider, admin...). */
export function decideAccess<K extends ResourceKind>(
  principal: Principal,
  kind: K,
  owners: ResourceOwners[K] | undefined,
  action: ActionOf<K>,
): { decision: AccessDecision; as?: Relation } {
  if (!owners) return { decision: 'hidden' };
  const relations = relationsTo(principal, kind, owners);
  const allowed = (ACCESS_POLICY[kind] as Record<string, readonly Relation[]>)[action as string] ?? [];
  const as = relations.find((r) => allowed.includes(r));
  if (as) return { decision: 'allow', as };
  const viewers = (ACCESS_POLICY[kind] as Record<string, readonly Relation[]>).view ?? [];
  const visible = relations.some((r) => viewers.includes(r)) || PUBLICLY_NAMED_KINDS.includes(kind);
  return { decision: visible ? 'forbidden' : 'hidden' };
}
