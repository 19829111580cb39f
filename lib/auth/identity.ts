export type Group = 'ADMIN' | 'PROVIDER';
export const GROUPS: readonly Group[] = ['ADMIN', 'PROVIDER'];

/** Who is calling, as proven by a verified token. Never read from a request body. */
export interface Identity {
  userId: string;
  email: string;
  groups: Group[];
}

export interface TokenVerifier {
  /** Resolves the identity or throws AppError('UNAUTHENTICATED'). */
  verify(token: string): Promise<Identity>;
}

export function hasGroup(identity: Identity, group: Group): boolean {
  return identity.groups.includes(group);
}
