/**
 * Local sign-in and sign-up under the limits: lib/server/auth-rate-limits.ts (what the login and sign-up routes call)
 * with the real limiter on DynamoDB Local and real local accounts (scrypt), with small limits and 1-second blocks so
 * the backoff can be watched. The routes themselves, with the production limits, are in ./auth-routes.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { localRateLimitTableFor, type TableNames } from '../../../lib/data/tables';
import { RATE_LIMIT_POLICIES, type RateLimitPolicies } from '../../../lib/domain/rate-limits';
import { AppError, toHttpResponse } from '../../../lib/http/errors';
import { authenticateLocalAccount, createLocalAccount, ensureLocalAccountsTable, localAccountsTableFor } from '../../../lib/local/accounts';
import { createAggregatedDynamoClient } from '../../../lib/local/dynamo-clients';
import type { RateLimits } from '../../../lib/ports';
import { limitSignIn, limitSignUp } from '../../../lib/server/auth-rate-limits';
import { createRateLimits } from '../../../lib/services/rate-limits';
import { createIsolatedTables, dynamoEndpoint, testDynamoClients } from '../../setup/dynamo';

const clients = testDynamoClients();
let tables: TableNames;
let accounts: string;
const PASSWORD = 'correct-horse-battery';

beforeAll(async () => {
  tables = await createIsolatedTables(clients, 'rl-signin');
  accounts = localAccountsTableFor(tables);
  await ensureLocalAccountsTable(clients.doc, accounts);
});
afterAll(() => clients.client.destroy());
afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
});

/** Small limits: 2 wrong passwords per account, then 1 s, 2 s, 4 s; 20 per IP (3 where the IP is tested); 2 sign-ups per IP. */
const SMALL: Partial<RateLimitPolicies> = {
  signInFailuresByAccount: {
    ...RATE_LIMIT_POLICIES.signInFailuresByAccount,
    points: 2,
    durationSeconds: 60,
    blockSeconds: 1,
    backoff: { windowSeconds: 60, maxBlockSeconds: 4 },
  },
  signInFailuresByIp: { ...RATE_LIMIT_POLICIES.signInFailuresByIp, points: 20, durationSeconds: 60, blockSeconds: 60 },
  signUpsByIp: { ...RATE_LIMIT_POLICIES.signUpsByIp, points: 2, durationSeconds: 60 },
};
const limits = (options: { tableName?: string; log?: (line: string) => void; ipPoints?: number } = {}): RateLimits =>
  createRateLimits({
    client: createAggregatedDynamoClient(dynamoEndpoint()),
    tableName: options.tableName ?? localRateLimitTableFor(tables),
    policies: options.ipPoints ? { ...SMALL, signInFailuresByIp: { ...SMALL.signInFailuresByIp!, points: options.ipPoints } } : SMALL,
    ...(options.log ? { log: options.log } : {}),
  });

async function newAccount(label: string): Promise<string> {
  const email = `${label}-${randomUUID().slice(0, 8)}@Example.com`;
  await createLocalAccount(clients.doc, accounts, { email, userId: `user_${label}`, displayName: label, groups: [], password: PASSWORD });
  return email;
}
const request = (forwardedFor?: string) =>
  new Request('http://localhost:3000/api/auth/login', forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One sign-in through the helper the route uses; `checks` counts the password checks that actually ran. */
function signInWith(rateLimits: RateLimits) {
  let checks = 0;
  const attempt = async (email: string, password: string, forwardedFor?: string) => {
    try {
      const account = await limitSignIn(
        request(forwardedFor),
        email,
        () => {
          checks += 1;
          return authenticateLocalAccount(clients.doc, accounts, email, password);
        },
        rateLimits,
      );
      return account ? 'signed in' : 'wrong password';
    } catch (err) {
      if (err instanceof AppError && (err.code === 'RATE_LIMITED' || err.code === 'UNAVAILABLE'))
        return `${err.code} ${String(err.details?.retryAfterSeconds)}`;
      throw err;
    }
  };
  return { attempt, checks: () => checks };
}

describe('sign-in: wrong passwords per account', () => {
  it('block after the limit, longer each time (1 s, then 2 s); blocked attempts check no password and add nothing', async () => {
    const email = await newAccount('backoff');
    const { attempt, checks } = signInWith(limits());
    expect(await attempt(email, 'wrong-1')).toBe('wrong password');
    // the failure that reaches the limit starts the first block
    expect(await attempt(email.toUpperCase(), 'wrong-2')).toBe('RATE_LIMITED 1');
    // while blocked, even the right password is refused unchecked; repeating the refused request changes nothing
    expect(await attempt(email, PASSWORD)).toBe('RATE_LIMITED 1');
    expect(await attempt(email, 'wrong-3')).toBe('RATE_LIMITED 1');
    expect(checks()).toBe(2);

    await sleep(1100);
    expect(await attempt(email, 'wrong-4')).toBe('wrong password');
    expect(await attempt(email, 'wrong-5')).toBe('RATE_LIMITED 2'); // the second block: twice as long
    expect(await attempt(` ${email} `, PASSWORD)).toBe('RATE_LIMITED 2');
    expect(checks()).toBe(4);
  });

  it('a successful sign-in resets the account: its count and its backoff start over', async () => {
    const email = await newAccount('reset');
    const { attempt } = signInWith(limits());
    expect(await attempt(email, 'wrong-1')).toBe('wrong password');
    expect(await attempt(email, PASSWORD)).toBe('signed in');
    expect(await attempt(email, 'wrong-2')).toBe('wrong password'); // counted from zero again
    expect(await attempt(email, 'wrong-3')).toBe('RATE_LIMITED 1'); // and the first block again, not a doubled one
  });

  it('counts each attempt once, and per account: another account is not blocked by this one', async () => {
    const [a, b] = [await newAccount('one'), await newAccount('two')];
    const { attempt } = signInWith(limits());
    expect(await attempt(a, 'wrong')).toBe('wrong password');
    expect(await attempt(b, 'wrong')).toBe('wrong password');
    expect(await attempt(b, PASSWORD)).toBe('signed in');
    expect(await attempt(a, 'wrong')).toBe('RATE_LIMITED 1');
    expect(await attempt(b, PASSWORD)).toBe('signed in');
  });
});

describe('sign-in and sign-up per client IP (behind a trusted proxy)', () => {
  it('wrong passwords from one IP across accounts reach the IP limit; another IP is not affected', async () => {
    process.env.TRUSTED_PROXY_HOPS = '1';
    const { attempt } = signInWith(limits({ ipPoints: 3 }));
    const ip = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    expect(await attempt(await newAccount('ip-1'), 'wrong', ip)).toBe('wrong password');
    expect(await attempt(await newAccount('ip-2'), 'wrong', ip)).toBe('wrong password');
    expect(await attempt(await newAccount('ip-3'), 'wrong', ip)).toBe('RATE_LIMITED 60');
    const fresh = await newAccount('ip-4');
    expect(await attempt(fresh, PASSWORD, ip)).toBe('RATE_LIMITED 60');
    // an entry the client put in front of the proxy's is its own invention: the proxy's (last) entry still counts
    expect(await attempt(fresh, PASSWORD, `198.51.100.77, ${ip}`)).toBe('RATE_LIMITED 60');
    expect(await attempt(fresh, PASSWORD, '198.51.100.77')).toBe('signed in');
  });

  it('sign-ups: 2 per IP, the 3rd refused with how long to wait; another IP may still sign up', async () => {
    process.env.TRUSTED_PROXY_HOPS = '1';
    const rateLimits = limits();
    const signUp = (ip: string) =>
      limitSignUp(request(ip), rateLimits).then(
        () => 'ok',
        (err: unknown) => (err instanceof AppError ? `${err.code} ${String(err.details?.retryAfterSeconds)}` : Promise.reject(err)),
      );
    const ip = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
    expect([await signUp(ip), await signUp(ip)]).toEqual(['ok', 'ok']);
    expect(await signUp(ip)).toMatch(/^RATE_LIMITED (60|59)$/);
    expect(await signUp('2001:db8:1:2::99')).toBe('ok');
  });
});

describe('when the limiter store fails, sign-in and sign-up fail closed', () => {
  it('503 UNAVAILABLE with Retry-After, no password is checked, and one JSON error line is logged', async () => {
    const lines: string[] = [];
    const broken = limits({ tableName: `RateLimit-missing-${randomUUID().slice(0, 8)}`, log: (l) => lines.push(l) });
    const email = await newAccount('closed');
    const { attempt, checks } = signInWith(broken);
    expect(await attempt(email, PASSWORD)).toBe('UNAVAILABLE 30');
    expect(checks()).toBe(0);
    const err = await limitSignUp(request(), broken).catch((e: unknown) => e);
    const res = toHttpResponse(err);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(JSON.parse(res.body)).toMatchObject({ code: 'UNAVAILABLE', details: { retryAfterSeconds: 30 } });
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'error', msg: 'rate limit store failed: request refused', policy: 'signin-ip' }),
      expect.objectContaining({ level: 'error', msg: 'rate limit store failed: request refused', policy: 'signup-ip' }),
    ]);
    expect(lines.join('\n')).not.toContain(email.toLowerCase());
  });
});
