export type Group = 'ADMIN' | 'PROVIDER';
export const GROUPS: readonly Group[] = ['ADMIN', 'PROVIDER'];

/** Who is calling, as proven by a verified token. Never read from a request body. */
export interface Identity {
  userId: string;
  email: string;
  groups: Group[];
  /**
   * The sign-in session the token belongs to (epoch seconds), for sign-out and the revocation list: the local session
   * id, or Cognito's `origin_jti` (shared by every ID token refreshed from one sign-in).
   */
  session?: { id: string; issuedAt: number; expiresAt: number };
}

export interface TokenVerifier {
  /** Resolves the identity or throws AppError('UNAUTHENTICATED'). */
  verify(token: string): Promise<Identity>;
}

export function hasGroup(identity: Identity, group: Group): boolean {
  return identity.groups.includes(group);
}
