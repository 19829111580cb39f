/**
 * Display identity from Cognito ID-token claims (pure; used by the server's /api/auth/me in AWS mode and by the
 * browser after sign-in). Authorization never rests on this: the functions verify the token themselves.
 */
import type { SessionUser } from '../http/auth';

const KNOWN_GROUPS = ['ADMIN', 'PROVIDER'] as const;

export function sessionUserFromClaims(claims: Record<string, unknown> | undefined): SessionUser | null {
  if (!claims || typeof claims.sub !== 'string' || !claims.sub) return null;
  const raw = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]) : [];
  const groups = KNOWN_GROUPS.filter((g) => raw.includes(g));
  const email = typeof claims.email === 'string' ? claims.email : '';
  const displayName = typeof claims.name === 'string' && claims.name ? claims.name : email;
  return { userId: claims.sub, email, displayName, groups };
}
