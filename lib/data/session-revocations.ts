/**
 * The revocation list (RevokedSession): `session#<id>` rows for sessions signed out, `user#<userId>` rows for "every
 * session issued until then". Both are read by key, strongly consistent, in one round trip on every verified request,
 * so a sign-out takes effect at once on every function instance. Rows carry a TTL (`expiresAt`, epoch seconds).
 */
import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { revocationExpiresAt, type SessionRevocations } from '../domain/sessions';
import { modelFields } from './items';
import type { DataDeps } from './transact';

const sessionKey = (sessionId: string) => `session#${sessionId}`;
const userKey = (userId: string) => `user#${userId}`;

interface RevokedSessionItem {
  id: string;
  userId: string;
  revokedAt: string;
  expiresAt: number;
}

export async function readSessionRevocations(deps: DataDeps, sessionId: string, userId: string): Promise<SessionRevocations> {
  const table = deps.tables.RevokedSession;
  const out = await deps.db.send(
    new BatchGetCommand({
      RequestItems: { [table]: { Keys: [{ id: sessionKey(sessionId) }, { id: userKey(userId) }], ConsistentRead: true } },
    }),
  );
  if (Object.keys(out.UnprocessedKeys ?? {}).length > 0) throw new Error('RevokedSession: the revocation list could not be read');
  const items = (out.Responses?.[table] ?? []) as RevokedSessionItem[];
  const user = items.find((item) => item.id === userKey(userId));
  return {
    sessionRevoked: items.some((item) => item.id === sessionKey(sessionId)),
    userRevokedAtMs: user ? Date.parse(user.revokedAt) : undefined,
  };
}

/** One session signed out, kept on the list until the session would have expired. Idempotent. */
export async function revokeSession(deps: DataDeps, session: { id: string; userId: string; expiresAt: number }, now: Date): Promise<void> {
  await put(deps, sessionKey(session.id), session.userId, now, revocationExpiresAt(now.getTime(), session.expiresAt));
}

/** Every session of the user issued until `now`. A later revocation replaces an earlier one (it refuses more). */
export async function revokeUserSessions(deps: DataDeps, userId: string, now: Date): Promise<void> {
  await put(deps, userKey(userId), userId, now, revocationExpiresAt(now.getTime()));
}

async function put(deps: DataDeps, id: string, userId: string, now: Date, expiresAt: number): Promise<void> {
  const item = { ...modelFields('RevokedSession', id, now), userId, revokedAt: now.toISOString(), expiresAt };
  await deps.db.send(new PutCommand({ TableName: deps.tables.RevokedSession, Item: item }));
}
