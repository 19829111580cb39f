import { createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../http/errors';
import { GROUPS, type Group, type Identity, type TokenVerifier } from './identity';

/**
 * Local mode's stand-in for Cognito: an HMAC-signed session token (the cookie's value) and scrypt password hashes.
 * Functions verify the token themselves; the identity inside it is the only identity they trust. Each token names its
 * session (`sid`, like Cognito's `origin_jti`), so signing out or an admin's revocation refuses it at once through the
 * revocation list (lib/services/session-revocation.ts), however long it would otherwise live.
 */
const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
export const SESSION_COOKIE = 'marketplace_session';
export const SESSION_TTL_SECONDS = 7 * 24 * 3600;

interface SessionClaims {
  sid: string;
  sub: string;
  email: string;
  groups: Group[];
  /** Epoch seconds. */
  iat: number;
  exp: number;
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

interface SessionOptions {
  /** Keep this session id (a refresh re-issues the same session). Default: a new session. */
  sessionId?: string;
  /** Keep this expiry (epoch seconds): a refresh never extends a session. Default: now + SESSION_TTL_SECONDS. */
  expiresAt?: number;
}

export function signSession(identity: Identity, secret: string, nowMs: number, options: SessionOptions = {}): string {
  const iat = Math.floor(nowMs / 1000);
  const claims: SessionClaims = {
    sid: options.sessionId ?? randomBytes(18).toString('base64url'),
    sub: identity.userId,
    email: identity.email,
    groups: identity.groups,
    iat,
    exp: options.expiresAt ?? iat + SESSION_TTL_SECONDS,
  };
  const payload = b64url(JSON.stringify(claims));
  return `${payload}.${b64url(createHmac('sha256', secret).update(payload).digest())}`;
}

/** The identity in a token signed with `secret` and not expired; UNAUTHENTICATED otherwise. Revocation is checked apart. */
export function verifySession(token: string, secret: string, nowMs: number): Identity {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw invalid();
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let claims: Partial<SessionClaims>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<SessionClaims>;
  } catch {
    throw invalid();
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs)
    throw new AppError('UNAUTHENTICATED', 'Your session has expired. Please log in again.');
  const { sid, sub, email, groups, iat, exp } = claims;
  if (typeof sid !== 'string' || typeof sub !== 'string' || typeof email !== 'string' || typeof iat !== 'number' || !Array.isArray(groups))
    throw invalid();
  return {
    userId: sub,
    email,
    groups: groups.filter((g): g is Group => GROUPS.includes(g)),
    session: { id: sid, issuedAt: iat, expiresAt: exp },
  };
}

function invalid(): AppError {
  return new AppError('UNAUTHENTICATED', 'Invalid session. Please log in again.');
}

/** Signature and expiry only: lib/local/runtime.ts wraps it with the revocation list. */
export function localSessionVerifier(secret: string, now: () => number = Date.now): TokenVerifier {
  return { verify: async (token) => verifySession(token, secret, now()) };
}

// scrypt parameters: Node's defaults (N=16384, r=8, p=1), 64-byte key, 16-byte salt.
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 64);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}
