/**
 * AWS mode: the caller's token on the Next.js server comes from the Amplify Auth session cookies
 * (`Amplify.configure(outputs, { ssr: true })` in the browser writes them), read with @aws-amplify/adapter-nextjs.
 * The adapter itself verifies cookie tokens against the user pool's JWKS (aws-jwt-verify, over https from
 * cognito-idp.<region>.amazonaws.com): here that one host is answered by a local server holding a test key set.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http, { createServer, type Server } from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { awsCallerToken, awsSessionUser, resetAwsSession } from '../../../lib/server/aws-session';

const REGION = 'us-east-1';
const USER_POOL_ID = `${REGION}_TestPool1`;
const CLIENT_ID = 'testclientid1234567890';
const COGNITO_HOST = `https://cognito-idp.${REGION}.amazonaws.com`;
const ISSUER = `${COGNITO_HOST}/${USER_POOL_ID}`;

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const { n, e } = publicKey.export({ format: 'jwk' });

const dir = mkdtempSync(path.join(tmpdir(), 'amplify-session-'));
const outputsPath = path.join(dir, 'amplify_outputs.json');
writeFileSync(
  outputsPath,
  JSON.stringify({
    version: '1.4',
    auth: { aws_region: REGION, user_pool_id: USER_POOL_ID, user_pool_client_id: CLIENT_ID },
    custom: { functions: { bookingProcessor: 'fn-name' } },
  }),
);
const env = { AMPLIFY_OUTPUTS_PATH: outputsPath };

let jwksServer: Server;
const jwksRequests: string[] = [];
const originalRequest = https.request;

beforeAll(async () => {
  jwksServer = createServer((req, res) => {
    jwksRequests.push(req.url ?? '');
    if (req.url !== `/${USER_POOL_ID}/.well-known/jwks.json`) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: [{ kty: 'RSA', n, e, kid: 'test-key', alg: 'RS256', use: 'sig' }] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
  // Only the Cognito JWKS host is redirected; any other https request would go out unchanged.
  https.request = ((...args: Parameters<typeof https.request>) => {
    const [url] = args;
    if (typeof url === 'string' && url.startsWith(COGNITO_HOST)) {
      const rest = args.slice(1) as [http.RequestOptions, (res: http.IncomingMessage) => void];
      return http.request(url.replace(COGNITO_HOST, base), ...rest);
    }
    return originalRequest(...args);
  }) as typeof https.request;
  syncBuiltinESMExports();
});
afterAll(async () => {
  https.request = originalRequest;
  syncBuiltinESMExports();
  await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => resetAwsSession());

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function jwt(claims: Record<string, unknown>, key: KeyObject = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64url({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })}.${b64url({ iss: ISSUER, iat: now, auth_time: now, exp: now + 3600, ...claims })}`;
  return `${head}.${sign('sha256', Buffer.from(head), key).toString('base64url')}`;
}

function amplifyCookies(username: string, idToken: string, accessToken: string, clientId = CLIENT_ID): string {
  const prefix = `CognitoIdentityServiceProvider.${clientId}`;
  return [
    `${prefix}.LastAuthUser=${encodeURIComponent(username)}`,
    `${prefix}.${username}.idToken=${idToken}`,
    `${prefix}.${username}.accessToken=${accessToken}`,
    `${prefix}.${username}.refreshToken=opaque-refresh-token`,
    `${prefix}.${username}.clockDrift=0`,
  ].join('; ');
}

const request = (headers: Record<string, string>) =>
  new Request('https://app.example.com/api/booking-processor', { method: 'POST', headers });

describe('awsCallerToken', () => {
  const sub = '11111111-2222-3333-4444-555555555555';
  const idClaims = { sub, token_use: 'id', aud: CLIENT_ID, email: 'c@example.com', 'cognito:username': sub };
  const accessClaims = { sub, token_use: 'access', client_id: CLIENT_ID, username: sub, scope: 'aws.cognito.signin.user.admin' };
  const idToken = jwt(idClaims);
  const accessToken = jwt(accessClaims);

  it("returns the ID token of the Amplify session in the request's cookies, verified against the user pool's JWKS", async () => {
    jwksRequests.length = 0;
    const token = await awsCallerToken(request({ cookie: amplifyCookies(sub, idToken, accessToken) }), env);
    expect(token).toBe(idToken);
    expect(jwksRequests).toContain(`/${USER_POOL_ID}/.well-known/jwks.json`);
  });

  it('prefers an Authorization bearer token (API clients; the function verifies it)', async () => {
    const token = await awsCallerToken(
      request({ authorization: 'Bearer abc.def.ghi', cookie: amplifyCookies(sub, idToken, accessToken) }),
      env,
    );
    expect(token).toBe('abc.def.ghi');
  });

  it('is undefined without a session, with cookies of another app client, or with forged tokens', async () => {
    expect(await awsCallerToken(request({}), env)).toBeUndefined();
    expect(await awsCallerToken(request({ cookie: 'theme=dark' }), env)).toBeUndefined();
    expect(await awsCallerToken(request({ cookie: amplifyCookies(sub, idToken, accessToken, 'otherclient') }), env)).toBeUndefined();
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = amplifyCookies(sub, jwt({ ...idClaims, 'cognito:groups': ['ADMIN'] }, forger), jwt(accessClaims, forger));
    expect(await awsCallerToken(request({ cookie: forged }), env)).toBeUndefined();
    expect(await awsCallerToken(request({ cookie: amplifyCookies(sub, 'garbage', 'garbage') }), env)).toBeUndefined();
  });

  it('describes the signed-in user for /api/auth/me from the verified ID token (known groups only)', async () => {
    const withGroups = jwt({ ...idClaims, 'cognito:groups': ['PROVIDER', 'us-east-1_TestPool1_Google'], name: 'Casey' });
    const user = await awsSessionUser(request({ cookie: amplifyCookies(sub, withGroups, accessToken) }), env);
    expect(user).toEqual({ userId: sub, email: 'c@example.com', displayName: 'Casey', groups: ['PROVIDER'] });
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(
      await awsSessionUser(request({ cookie: amplifyCookies(sub, jwt(idClaims, forger), jwt(accessClaims, forger)) }), env),
    ).toBeNull();
    expect(await awsSessionUser(request({ authorization: `Bearer ${idToken}` }), env)).toBeNull(); // cookies only
  });

  it('reads no outputs file for requests without cookies (local builds and tests need none)', async () => {
    expect(await awsCallerToken(request({}), { AMPLIFY_OUTPUTS_PATH: path.join(dir, 'missing.json') })).toBeUndefined();
  });
});
