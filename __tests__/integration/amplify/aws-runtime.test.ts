/**
 * The AWS composition root (amplify/functions/shared/aws-runtime.ts) without AWS: Cognito ID tokens signed here
 * with a local RSA key whose JWKS is pre-loaded into the verifier, table names from the environment, config.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createAwsRuntime,
  createCognitoVerifier,
  grantedTableNames,
  type LambdaEnv,
} from '../../../amplify/functions/shared/aws-runtime';
import { AppError } from '../../../lib/http/errors';

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
  const verifier = createCognitoVerifier(ENV, jwks);

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

describe('AWS runtime', () => {
  it('builds deps once from the environment', async () => {
    const runtime = createAwsRuntime(ENV, { verifyCognitoTokens: true });
    const deps = await runtime.deps();
    expect(await runtime.deps()).toBe(deps);
    expect(deps.config).toEqual({ appUrl: 'https://app.example.com', holdMinutes: 15 });
    expect(deps.tables.Booking).toBe('Booking-abc-NONE');
    expect(runtime.webhookSecret).toBeUndefined();
  });

  it('names only the tables wired to the function, and says so for the others', () => {
    const tables = grantedTableNames(ENV);
    expect(tables.UserProfile).toBe('UserProfile-abc-NONE');
    expect(() => tables.SlotHold).toThrow(/SlotHold is not wired to this function \(SLOT_HOLD_TABLE_NAME/);
  });

  it('fails fast on bad configuration', async () => {
    await expect(createAwsRuntime({ ...ENV, HOLD_MINUTES: 'soon' }, { verifyCognitoTokens: true }).deps()).rejects.toThrow(
      /HOLD_MINUTES/,
    );
    await expect(createAwsRuntime({ ...ENV, STRIPE_SECRET_KEY: undefined }, { verifyCognitoTokens: true }).deps()).rejects.toThrow(
      /STRIPE_SECRET_KEY/,
    );
  });

  it('gives stripe-webhook its signing secret and no token verification', async () => {
    const runtime = createAwsRuntime(ENV, { verifyCognitoTokens: false, webhookSecret: true });
    expect(await runtime.webhookSecret?.()).toBe('whsec_placeholder_for_unit_test');
    const err = await rejection(runtime.verifier.verify(idToken({})));
    expect((err as AppError).code).toBe('UNAUTHENTICATED');
  });
});
