/**
 * Identity comes from the verified token only. A request body may still carry fields that name a person (the
 * original design's CREATE_BOOKING example sends customerId and customerEmail): where they name the caller they are
 * dropped, where they name someone else the request is refused with 403. An action whose schema declares such a
 * field takes it as input (an admin's view of a provider's earnings): its service decides, through the access
 * policy, whose records the caller may name, so the field is left to the schema.
 */
import { z } from 'zod';
import type { Identity } from '../auth/identity';
import { AppError } from '../http/errors';

/** Body fields that name a person, and which part of the verified identity they must equal. */
const IDENTITY_FIELDS = {
  customerId: 'userId',
  userId: 'userId',
  providerId: 'userId',
  customerEmail: 'email',
} as const satisfies Record<string, keyof Pick<Identity, 'userId' | 'email'>>;

/** The fields an action's schema takes as input (none known for a schema that is not an object). */
function declaredFields(schema: z.ZodType): ReadonlySet<string> {
  return new Set(schema instanceof z.ZodObject ? Object.keys(schema.shape) : []);
}

const sameValue = (field: keyof typeof IDENTITY_FIELDS, given: string, caller: Identity) =>
  IDENTITY_FIELDS[field] === 'email' ? given.trim().toLowerCase() === caller.email.trim().toLowerCase() : given === caller.userId;

/**
 * The payload without the identity fields that name the caller. Throws FORBIDDEN for one that names someone else
 * (or anyone, when there is no caller) and VALIDATION_FAILED for one that is not a string.
 */
export function refuseOthersIdentity(
  schema: z.ZodType,
  payload: Record<string, unknown>,
  caller: Identity | undefined,
): Record<string, unknown> {
  const declared = declaredFields(schema);
  const out: Record<string, unknown> = { ...payload };
  for (const field of Object.keys(IDENTITY_FIELDS) as (keyof typeof IDENTITY_FIELDS)[]) {
    if (!Object.hasOwn(payload, field) || declared.has(field)) continue;
    const given = payload[field];
    if (given === undefined) {
      delete out[field];
      continue;
    }
    if (typeof given !== 'string') throw new AppError('VALIDATION_FAILED', `${field} must be a string`, { field });
    if (!caller || !sameValue(field, given, caller)) {
      throw new AppError('FORBIDDEN', 'You can only act as yourself', { field });
    }
    delete out[field];
  }
  return out;
}
