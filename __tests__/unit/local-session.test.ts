import { describe, expect, it } from 'vitest';
import { hashPassword, signSession, verifyPassword, verifySession } from '../../lib/auth/local-session';
import { AppError } from '../../lib/http/errors';

const SECRET = 'unit-test-secret';
const NOW = Date.parse('2026-11-23T10:00:00Z');
const alice = { userId: 'user_alice', email: 'alice@example.com', groups: ['PROVIDER' as const] };

describe('local session tokens', () => {
  it('round-trips the identity it was signed with', () => {
    expect(verifySession(signSession(alice, SECRET, NOW), SECRET, NOW + 1000)).toEqual(alice);
  });

  it.each([
    ['another secret', (t: string) => t, 'other-secret', NOW],
    [
      'a tampered payload',
      (t: string) =>
        Buffer.from(JSON.stringify({ sub: 'user_mallory', email: 'm@x', groups: ['ADMIN'], exp: 9e9 })).toString('base64url') +
        '.' +
        t.split('.')[1],
      SECRET,
      NOW,
    ],
    ['a truncated signature', (t: string) => t.slice(0, -2), SECRET, NOW],
    ['garbage', () => 'not-a-token', SECRET, NOW],
    ['an expired token', (t: string) => t, SECRET, NOW + 8 * 24 * 3600 * 1000],
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
