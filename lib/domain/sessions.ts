/**
 * When a sign-in session stops being accepted before it expires. A session (a local session token, or a Cognito
 * sign-in whose ID tokens share one `origin_jti`) is refused once it was signed out, or once every session of its
 * user was revoked after it was issued (an admin's "sign out everywhere", a role taken away).
 */

/** The longest any accepted token lives: local session tokens (7 days); Cognito ID tokens live 1 hour at most. */
export const SESSION_MAX_SECONDS = 7 * 24 * 3600;

/** The session a verified token belongs to. Times are epoch seconds, as JWT claims carry them. */
export interface SessionRef {
  id: string;
  issuedAt: number;
  expiresAt: number;
}

export interface SessionRevocations {
  /** This session was signed out. */
  sessionRevoked: boolean;
  /** Every session of the user issued at or before this time (epoch ms) was revoked. */
  userRevokedAtMs?: number | undefined;
}

/**
 * Token times are whole seconds, so a token issued in the same second as a "revoke everything" is refused too: a
 * session that might predate the revocation never survives it (signing in again a second later works).
 */
export function isSessionRevoked(session: SessionRef, revocations: SessionRevocations): boolean {
  if (revocations.sessionRevoked) return true;
  if (revocations.userRevokedAtMs === undefined) return false;
  return session.issuedAt <= Math.floor(revocations.userRevokedAtMs / 1000);
}

/** How long a revocation must be kept: until the last token it refuses would have expired anyway (epoch seconds). */
export function revocationExpiresAt(revokedAtMs: number, sessionExpiresAt?: number): number {
  return sessionExpiresAt ?? Math.floor(revokedAtMs / 1000) + SESSION_MAX_SECONDS;
}
