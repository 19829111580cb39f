/**
 * Sign-out that takes effect at once. Every verified token names its session; the verifier every function uses is
 * wrapped here so a session on the revocation list (signed out, or all of a user's sessions revoked by an admin) is
 * refused on the next request, on every instance, long before the token itself would expire.
 */
import type { Identity, TokenVerifier } from '../auth/identity';
import { recordAdminAction } from '../data/admin-actions';
import { repo } from '../data/repository';
import { readSessionRevocations, revokeSession, revokeUserSessions } from '../data/session-revocations';
import type { DataDeps } from '../data/transact';
import { isSessionRevoked } from '../domain/sessions';
import { AppError } from '../http/errors';
import type { Deps } from '../ports';

const signedOut = () => new AppError('UNAUTHENTICATED', 'You have been signed out. Please log in again.');

/** `inner` checks the signature and expiry; this adds the revocation list. A token that names no session is refused. */
export function revocationCheckingVerifier(inner: TokenVerifier, deps: () => Promise<DataDeps>): TokenVerifier {
  return {
    async verify(token) {
      const identity = await inner.verify(token);
      if (!identity.session) throw signedOut();
      const revocations = await readSessionRevocations(await deps(), identity.session.id, identity.userId);
      if (isSessionRevoked(identity.session, revocations)) throw signedOut();
      return identity;
    },
  };
}

/** The caller's own session, signed out (idempotent). */
export async function signOutSession(deps: Pick<Deps, 'db' | 'tables' | 'clock'>, caller: Identity): Promise<{ signedOut: true }> {
  if (!caller.session) throw signedOut();
  await revokeSession(deps, { id: caller.session.id, userId: caller.userId, expiresAt: caller.session.expiresAt }, deps.clock.now());
  return { signedOut: true };
}

/**
 * An admin signs a user out everywhere: every session issued until now is refused, and the directory ends the
 * user's sign-ins where it keeps them (Cognito's refresh tokens), so no new token can be minted from an old sign-in.
 */
export async function revokeUserSessionsAsAdmin(
  deps: Deps,
  admin: Identity,
  input: { userId: string; reason: string },
): Promise<{ userId: string; revokedAt: string }> {
  const profile = await repo.userProfile(deps, input.userId);
  if (!profile) throw new AppError('NOT_FOUND', 'No user has this id', { userId: input.userId });
  const now = deps.clock.now();
  await revokeUserSessions(deps, input.userId, now);
  await deps.directory?.signOutEverywhere(input.userId);
  await recordAdminAction(
    deps,
    {
      adminId: admin.userId,
      action: 'ADMIN_REVOKE_SESSIONS',
      aggregateType: profile.stripeAccountId ? 'Provider' : 'Customer',
      aggregateId: input.userId,
      reason: input.reason,
    },
    now,
  );
  return { userId: input.userId, revokedAt: now.toISOString() };
}
