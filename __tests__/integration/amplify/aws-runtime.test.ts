/**
 * The AWS composition root (amplify/functions/shared/aws-runtime.ts) without AWS: Cognito ID tokens signed here
 * with a local RSA key whose JWKS is pre-loaded into the verifier or served by a local HTTP server, table names
 * from the environment, config, and the rate limits on DynamoDB Local (the SDK's endpoint override) for the table
 * named by the environment.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsRuntime, createCognitoVerifier, grantedTableNames, type LambdaEnv } from '../../../amplify/functions/shared/aws-runtime';
import { localRateLimitTable } from '../../../lib/data/tables';
import { AppError } from '../../../lib/http/errors';
import { revocationCheckingVerifier, signOutSession } from '../../../lib/services/session-revocation';
import { dynamoEndpoint, sharedTableNames, testDynamoClients } from '../../setup/dynamo';

const USER_POOL_ID = 'us-east-1_TestPool1';
const CLIENT_ID = 'testclientid1234567890';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const { n, e } = publicKey.export({ format: 'jwk' });
const jwks = { keys: [{ kty: 'RSA', n: n!, e: e!, kid: 'test-key', alg: 'RS256', use: 'sig' }] };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function idToken(claims: Record<string, unknown>, key: KeyObject = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: '11111111-2222-3333-4444-555555555555',
    email: 'provider@example.com',
    token_use: 'id',
    aud: CLIENT_ID,
    iss: ISSUER,
    iat: now,
    auth_time: now,
    exp: now + 3600,
    ...claims,
  };
  const head = `${b64url({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })}.${b64url(payload)}`;
  return `${head}.${sign('sha256', Buffer.from(head), key).toString('base64url')}`;
}

const ENV: LambdaEnv = {
  COGNITO_USER_POOL_ID: USER_POOL_ID,
  COGNITO_CLIENT_ID: CLIENT_ID,
  APP_URL: 'https://app.example.com',
  HOLD_MINUTES: '15',
  STRIPE_SECRET_KEY: 'sk_test_placeholder_for_unit_test',
  STRIPE_WEBHOOK_SECRET: 'whsec_placeholder_for_unit_test',
  USER_PROFILE_TABLE_NAME: 'UserProfile-abc-NONE',
  BOOKING_TABLE_NAME: 'Booking-abc-NONE',
  RATE_LIMIT_TABLE_NAME: 'RateLimits-abc',
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('Cognito ID-token verifier', () => {
  const verifier = createCognitoVerifier(ENV, { jwks });

  it('derives the identity and the known groups from a valid token', async () => {
    const identity = await verifier.verify(idToken({ 'cognito:groups': ['PROVIDER', 'SOMETHING_ELSE'] }));
    expect(identity).toEqual({
      userId: '11111111-2222-3333-4444-555555555555',
      email: 'provider@example.com',
      groups: ['PROVIDER'],
    });
    expect((await verifier.verify(idToken({}))).groups).toEqual([]);
  });

  it.each([
    ['garbage', 'not-a-jwt'],
    ['an empty token', ''],
    ['an expired token', idToken({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ['another app client', idToken({ aud: 'someotherclient' })],
    ['another user pool', idToken({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' })],
    ['an access token', idToken({ token_use: 'access' })],
    ['a forged signature', idToken({}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)],
  ])('rejects %s with UNAUTHENTICATED', async (_label, token) => {
    const err = await rejection(verifier.verify(token));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('UNAUTHENTICATED');
  });
});

describe('Cognito sessions and the revocation list', () => {
  const base = createCognitoVerifier(ENV, { jwks });
  const db = testDynamoClients().doc;
  const deps = { db, tables: sharedTableNames() };
  const verifier = revocationCheckingVerifier(base, async () => deps);
  const sub = `${randomUUID()}`;

  it("names the sign-in's session by origin_jti, shared by every ID token refreshed from it", async () => {
    const identity = await base.verify(idToken({ sub, origin_jti: 'sign-in-1' }));
    expect(identity.session).toEqual({ id: 'sign-in-1', issuedAt: expect.any(Number), expiresAt: expect.any(Number) });
  });

  it('refuses every token of a signed-out sign-in, and only those', async () => {
    const token = idToken({ sub, origin_jti: 'sign-in-2' });
    const refreshed = idToken({ sub, origin_jti: 'sign-in-2', jti: 'another-id-token' });
    const otherDevice = idToken({ sub, origin_jti: 'sign-in-3' });
    const identity = await verifier.verify(token);
    await signOutSession({ ...deps, clock: { now: () => new Date() } }, identity);
    for (const t of [token, refreshed]) expect(((await rejection(verifier.verify(t))) as AppError).code).toBe('UNAUTHENTICATED');
    expect((await verifier.verify(otherDevice)).userId).toBe(sub);
  });

  it('refuses a token without origin_jti (it cannot be signed out)', async () => {
    expect(((await rejection(verifier.verify(idToken({ sub })))) as AppError).code).toBe('UNAUTHENTICATED');
  });
});

describe('AWS runtime', () => {
  it('builds deps once from the environment', async () => {
    const runtime = createAwsRuntime(ENV, { verifyCognitoTokens: true });
    const deps = await runtime.deps();
    expect(await runtime.deps()).toBe(deps);
    expect(deps.config).toEqual({ appUrl: 'https://app.example.com', holdMinutes: 15 });
    expect(deps.tables.Booking).toBe('Booking-abc-NONE');
    expect(runtime.webhookSecret).toBeUndefined();
  });

  it('gives only stripe-connect (JOIN_PROVIDERS) a Cognito group directory', async () => {
    expect((await createAwsRuntime(ENV, { verifyCognitoTokens: true, directory: true }).deps()).directory).toBeDefined();
    expect((await createAwsRuntime(ENV, { verifyCognitoTokens: true }).deps()).directory).toBeUndefined();
  });

  it('names only the tables wired to the function, and says so for the others', () => {
    const tables = grantedTableNames(ENV);
    expect(tables.UserProfile).toBe('UserProfile-abc-NONE');
    expect(() => tables.SlotHold).toThrow(/SlotHold is not wired to this function \(SLOT_HOLD_TABLE_NAME/);
  });

  it('fails fast on bad configuration', async () => {
    await expect(createAwsRuntime({ ...ENV, HOLD_MINUTES: 'soon' }, { verifyCognitoTokens: true }).deps()).rejects.toThrow(/HOLD_MINUTES/);
    await expect(createAwsRuntime({ ...ENV, STRIPE_SECRET_KEY: undefined }, { verifyCognitoTokens: true }).deps()).rejects.toThrow(
      /STRIPE_SECRET_KEY/,
    );
  });

  it('counts the action functions\u2019 limited actions in the table RATE_LIMIT_TABLE_NAME names, one count for all instances', async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoEndpoint();
    try {
      const tableName = localRateLimitTable(process.env.TABLE_SUFFIX ?? 'test');
      const env = { ...ENV, RATE_LIMIT_TABLE_NAME: tableName };
      const caller = `user_aws_${randomUUID()}`;
      // two cold starts: two runtimes, two clients
      await createAwsRuntime(env, { verifyCognitoTokens: true }).rateLimits.consumeAction('payment', caller);
      await createAwsRuntime(env, { verifyCognitoTokens: true }).rateLimits.consumeAction('payment', caller);
      const clients = testDynamoClients();
      const { Item } = await clients.doc.send(
        new GetCommand({ TableName: tableName, Key: { key: `payment:${caller}` }, ConsistentRead: true }),
      );
      clients.client.destroy();
      expect(Item?.points).toBe(2);
      // the production window: 15 minutes from the first count, in epoch seconds (the table's TTL attribute)
      expect(Item?.expire).toBeGreaterThan(Date.now() / 1000 + 14 * 60);
      expect(Item?.expire).toBeLessThanOrEqual(Date.now() / 1000 + 15 * 60);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    }
  });

  it('will not start an action function without its rate-limit table; stripe-webhook has none to count with', async () => {
    expect(() => createAwsRuntime({ ...ENV, RATE_LIMIT_TABLE_NAME: undefined }, { verifyCognitoTokens: true })).toThrow(
      /RATE_LIMIT_TABLE_NAME/,
    );
    const webhook = createAwsRuntime({ ...ENV, RATE_LIMIT_TABLE_NAME: undefined }, { verifyCognitoTokens: false, webhookSecret: true });
    await expect(webhook.rateLimits.consumeAction('payment', 'user_1')).rejects.toThrow(/not wired to this function/);
  });

  it('gives stripe-webhook its signing secret and no token verification', async () => {
    const runtime = createAwsRuntime(ENV, { verifyCognitoTokens: false, webhookSecret: true });
    expect(await runtime.webhookSecret?.()).toBe('whsec_placeholder_for_unit_test');
    const err = await rejection(runtime.verifier.verify(idToken({})));
    expect((err as AppError).code).toBe('UNAUTHENTICATED');
  });
});

describe('Cognito ID-token verifier with the key set fetched over HTTP', () => {
  // The user pool's JWKS as Cognito publishes it, served by a local server; the verifier's fetcher is pointed at
  // it (aws-jwt-verify always derives the JWKS URI from the issuer, which must stay the real Cognito issuer).
  const rotated = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let keys = jwks.keys;
  const requests: string[] = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url !== `/${USER_POOL_ID}/.well-known/jwks.json`) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const viaLocalServer = () =>
    new SimpleJwksCache({
      fetcher: {
        async fetch(uri: string) {
          expect(uri).toBe(`${ISSUER}/.well-known/jwks.json`);
          const res = await fetch(uri.replace('https://cognito-idp.us-east-1.amazonaws.com', base));
          if (!res.ok) throw new Error(`JWKS fetch failed: ${res.status}`);
          return res.arrayBuffer();
        },
      },
    });

  it('fetches the JWKS once from the user pool URI and caches it', async () => {
    requests.length = 0;
    const verifier = createCognitoVerifier(ENV, { jwksCache: viaLocalServer() });
    expect((await verifier.verify(idToken({ 'cognito:groups': ['ADMIN'] }))).groups).toEqual(['ADMIN']);
    await verifier.verify(idToken({}));
    expect(requests).toEqual([`/${USER_POOL_ID}/.well-known/jwks.json`]);
  });

  it('refetches on an unknown kid (key rotation) and accepts tokens of the new key', async () => {
    const verifier = createCognitoVerifier(ENV, { jwksCache: viaLocalServer() });
    await verifier.verify(idToken({}));
    const { n: n2, e: e2 } = rotated.publicKey.export({ format: 'jwk' });
    keys = [...jwks.keys, { kty: 'RSA', n: n2!, e: e2!, kid: 'rotated-key', alg: 'RS256', use: 'sig' }];
    requests.length = 0;
    const token = idTokenWithKid({}, rotated.privateKey, 'rotated-key');
    expect((await verifier.verify(token)).userId).toBe('11111111-2222-3333-4444-555555555555');
    expect(requests).toHaveLength(1);
  });

  it.each([
    ['an expired token', () => idToken({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ['another app client (audience)', () => idToken({ aud: 'someotherclient' })],
    ['another user pool (issuer)', () => idToken({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' })],
    ['a tampered payload', () => tamper(idToken({}), { 'cognito:groups': ['ADMIN'] })],
    [
      'a key that is not in the key set',
      () => idTokenWithKid({}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'unknown-kid'),
    ],
  ])('rejects %s with UNAUTHENTICATED', async (_label, make) => {
    const verifier = createCognitoVerifier(ENV, { jwksCache: viaLocalServer() });
    const err = await rejection(verifier.verify(make()));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('UNAUTHENTICATED');
  });
});

function idTokenWithKid(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const [, payload] = idToken(claims).split('.');
  const head = `${b64url({ alg: 'RS256', kid, typ: 'JWT' })}.${payload}`;
  return `${head}.${sign('sha256', Buffer.from(head), key).toString('base64url')}`;
}

/** Same header and signature, edited claims: what a caller trying to grant themselves a group would send. */
function tamper(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const edited = { ...(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>), ...claims };
  return `${header}.${b64url(edited)}.${signature}`;
}
