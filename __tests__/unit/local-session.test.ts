import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { hashPassword, SESSION_TTL_SECONDS, signSession, verifyPassword, verifySession } from '../../lib/auth/local-session';
import { AppError } from '../../lib/http/errors';

const SECRET = 'unit-test-secret';
const NOW = Date.parse('2026-11-23T10:00:00Z');
const alice = { userId: 'user_alice', email: 'alice@example.com', groups: ['PROVIDER' as const] };

/** A token over any claims, correctly signed: what an old or hand-made token looks like. */
function signedPayload(claims: object): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${createHmac('sha256', SECRET).update(payload).digest('base64url')}`;
}

describe('local session tokens', () => {
  it('round-trips the identity it was signed with, in a new session of the default lifetime', () => {
    const identity = verifySession(signSession(alice, SECRET, NOW), SECRET, NOW + 1000);
    expect(identity).toMatchObject(alice);
    expect(identity.session).toEqual({
      id: expect.stringMatching(/^[\w-]{24}$/),
      issuedAt: NOW / 1000,
      expiresAt: NOW / 1000 + SESSION_TTL_SECONDS,
    });
  });

  it('gives every sign-in its own session id', () => {
    const ids = new Set([1, 2, 3].map(() => verifySession(signSession(alice, SECRET, NOW), SECRET, NOW).session?.id));
    expect(ids.size).toBe(3);
  });

  it('re-issues a session with its id and expiry kept (a refresh never extends it)', () => {
    const first = verifySession(signSession(alice, SECRET, NOW), SECRET, NOW).session!;
    const later = NOW + 3 * 24 * 3600 * 1000;
    const again = verifySession(signSession(alice, SECRET, later, { sessionId: first.id, expiresAt: first.expiresAt }), SECRET, later);
    expect(again.session).toEqual({ id: first.id, issuedAt: later / 1000, expiresAt: first.expiresAt });
  });

  it.each([
    ['another secret', (t: string) => t, 'other-secret', NOW],
    [
      'a tampered payload',
      (t: string) =>
        Buffer.from(JSON.stringify({ sub: 'user_mallory', email: 'm@x', groups: ['ADMIN'], sid: 's', iat: 1, exp: 9e9 })).toString(
          'base64url',
        ) +
        '.' +
        t.split('.')[1],
      SECRET,
      NOW,
    ],
    ['a truncated signature', (t: string) => t.slice(0, -2), SECRET, NOW],
    ['garbage', () => 'not-a-token', SECRET, NOW],
    ['an expired token', (t: string) => t, SECRET, NOW + 8 * 24 * 3600 * 1000],
    [
      'a token without a session id (signed before sessions were named)',
      () => signedPayload({ sub: 'user_alice', email: 'alice@example.com', groups: [], exp: NOW / 1000 + 60 }),
      SECRET,
      NOW,
    ],
  ])('rejects %s as UNAUTHENTICATED', (_label, mutate, secret, now) => {
    const token = mutate(signSession(alice, SECRET, NOW));
    expect(() => verifySession(token, secret, now)).toThrowError(AppError);
    try {
      verifySession(token, secret, now);
    } catch (err) {
      expect((err as AppError).code).toBe('UNAUTHENTICATED');
    }
  });

  it('drops groups it does not know', () => {
    const token = signSession({ ...alice, groups: ['PROVIDER', 'ROOT' as never] }, SECRET, NOW);
    expect(verifySession(token, SECRET, NOW).groups).toEqual(['PROVIDER']);
  });
});

describe('scrypt password hashes', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse!', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'plain$text')).toBe(false);
  });
});
