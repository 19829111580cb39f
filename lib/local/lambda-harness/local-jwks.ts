/**
 * A local Cognito user pool's key set for the bundle harness: an RSA key pair generated per run, its public half served
 * as `/<poolId>/.well-known/jwks.json` on a local HTTP server, and ID/access tokens signed with its private half carrying
 * the claims Cognito puts in them (issuer, audience or client_id, token_use, origin_jti naming the sign-in session).
 * The bundles' verifier (lib/auth/cognito-verifier.ts) fetches the key set from Cognito's address; the harness preload
 * sends `cognito-idp.<region>.amazonaws.com` here (`redirects`), so the production verifier runs unchanged.
 */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Group } from '../../auth/identity';

export interface LocalUser {
  userId: string;
  email: string;
  groups?: readonly Group[];
}

export interface SignedSession {
  idToken: string;
  accessToken: string;
  /** origin_jti: the sign-in session both tokens name (what the revocation list signs out). */
  sessionId: string;
}

export interface LocalJwks {
  userPoolId: string;
  clientId: string;
  issuer: string;
  /** The JWKS server's base URL (plain HTTP on 127.0.0.1). */
  url: string;
  /** For HarnessSettings.redirects: Cognito's host → this server. */
  redirects: Record<string, string>;
  /** How often the key set was fetched (a verifier caches it per execution environment). */
  fetches(): number;
  /** Tokens of one sign-in; `now` (epoch ms) dates them for an environment whose clock runs ahead. */
  signIn(user: LocalUser, options?: { now?: number; ttlSeconds?: number }): SignedSession;
  close(): Promise<void>;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startLocalJwks(options: { region?: string; userPoolId?: string; clientId?: string } = {}): Promise<LocalJwks> {
  const region = options.region ?? 'us-east-1';
  const userPoolId = options.userPoolId ?? `${region}_harness${randomUUID().slice(0, 8)}`;
  const clientId = options.clientId ?? `harness${randomUUID().replace(/-/g, '').slice(0, 18)}`;
  const host = `cognito-idp.${region}.amazonaws.com`;
  const issuer = `https://${host}/${userPoolId}`;
  const kid = `harness-${randomUUID().slice(0, 8)}`;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' });
  const jwks = JSON.stringify({ keys: [{ kty: 'RSA', alg: 'RS256', use: 'sig', kid, n, e }] });
  let fetches = 0;

  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === `/${userPoolId}/.well-known/jwks.json`) {
      fetches++;
      return res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const jwt = (payload: Record<string, unknown>) => {
    const head = `${b64url({ kid, alg: 'RS256' })}.${b64url(payload)}`;
    return `${head}.${sign('sha256', Buffer.from(head), privateKey).toString('base64url')}`;
  };

  return {
    userPoolId,
    clientId,
    issuer,
    url,
    redirects: { [host]: url },
    fetches: () => fetches,
    signIn(user, { now = Date.now(), ttlSeconds = 3600 } = {}) {
      const iat = Math.floor(now / 1000);
      const sessionId = randomUUID();
      const common = {
        sub: user.userId,
        iss: issuer,
        origin_jti: sessionId,
        event_id: randomUUID(),
        auth_time: iat,
        iat,
        exp: iat + ttlSeconds,
        ...(user.groups?.length ? { 'cognito:groups': [...user.groups] } : {}),
      };
      const idToken = jwt({
        ...common,
        aud: clientId,
        token_use: 'id',
        email: user.email,
        email_verified: true,
        'cognito:username': user.userId,
        jti: randomUUID(),
      });
      const accessToken = jwt({
        ...common,
        client_id: clientId,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        username: user.userId,
        jti: randomUUID(),
      });
      return { idToken, accessToken, sessionId };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
