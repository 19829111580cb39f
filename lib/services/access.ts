/**
 * The access policy (lib/domain/access-policy.ts) as the services use it: one call before every read and action,
 * answering with the record's relation or the API's 404 / 403.
 */
import type { Identity } from '../auth/identity';
import {
  decideAccess,
  type ActionOf,
  type Principal,
  type Relation,
  type ResourceKind,
  type ResourceOwners,
} from '../domain/access-policy';
import { AppError } from '../http/errors';

const NOUNS: Record<ResourceKind, string> = { booking: 'Booking', providerResource: 'Record', userResource: 'Record' };

function principalOf(caller: Identity | 'SYSTEM'): Principal {
  return caller === 'SYSTEM' ? 'SYSTEM' : { userId: caller.userId, groups: caller.groups };
}

interface AuthorizeOptions {
  /** Names the record in the error ("Service"). */
  noun?: string;
  details?: Record<string, unknown>;
  /** The 403 message. */
  forbidden?: string;
}

/**
 * Throws NOT_FOUND when the caller may not see the record (or it does not exist) and FORBIDDEN when they may see it but
 * not do this; returns the relation the caller acts under. `describe` names the record in the error ("Service").
 */
export function authorize<K extends ResourceKind, R extends ResourceOwners[K]>(
  caller: Identity | 'SYSTEM',
  kind: K,
  record: R | undefined,
  action: ActionOf<K>,
  opts: AuthorizeOptions = {},
): asserts record is R {
  const { decision } = decideAccess(principalOf(caller), kind, record, action);
  const noun = opts.noun ?? NOUNS[kind];
  if (decision === 'hidden') throw new AppError('NOT_FOUND', `${noun} not found`, opts.details);
  if (decision === 'forbidden')
    throw new AppError('FORBIDDEN', opts.forbidden ?? `You may not do this to this ${noun.toLowerCase()}`, opts.details);
}

/** The relation the caller acts under for an allowed action (call after `authorize`). */
export function actingAs<K extends ResourceKind>(
  caller: Identity | 'SYSTEM',
  kind: K,
  record: ResourceOwners[K],
  action: ActionOf<K>,
): Relation {
  const { as } = decideAccess(principalOf(caller), kind, record, action);
  if (!as) throw new AppError('FORBIDDEN', 'Not allowed');
  return as;
}

/** Whether the caller may do this (for use cases whose path depends on it, e.g. an admin's refund vs the customer's). */
export function mayDo<K extends ResourceKind>(
  caller: Identity | 'SYSTEM',
  kind: K,
  record: ResourceOwners[K],
  action: ActionOf<K>,
): boolean {
  return decideAccess(principalOf(caller), kind, record, action).decision === 'allow';
}
