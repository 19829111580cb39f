/**
 * Cognito ID tokens of this app's user pool client: identity and groups come from the verified claims only. Used by
 * the action functions (amplify/functions/shared/aws-runtime.ts, behind the revocation list) and by the Next.js server
 * to read its own session cookie.
 *
 * Configuration (environment): COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, and optionally COGNITO_ISSUER — the pool's
 * token issuer when it is not `https://cognito-idp.<region>.amazonaws.com/<poolId>` (a Cognito-compatible endpoint
 * such as cognito-local). The key set is always `<issuer>/.well-known/jwks.json`, fetched on first use and cached; an
 * unknown `kid` triggers one refetch (key rotation), rate-limited by aws-jwt-verify's penalty box.
 * COGNITO_SESSION_CLAIM names the claim that identifies the sign-in session: `origin_jti` (the default; shared by every
 * ID token refreshed from one sign-in, issued when the app client has token revocation on) or `jti` for an issuer that
 * has no origin_jti (cognito-local): then each ID token is its own session. A token without the claim is refused.
 */
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache, type Jwks, type JwksCache } from 'aws-jwt-verify/jwk';
import { AppError } from '../http/errors';
import { GROUPS, type Group, type Identity, type TokenVerifier } from './identity';

type Env = Record<string, string | undefined>;

export interface CognitoVerifierOptions {
  /** Pre-load the user pool's key set (skips the first fetch). */
  jwks?: Jwks;
  /** Replace the JWKS cache/fetcher (tests serve the key set from a local HTTP server). */
  jwksCache?: JwksCache;
}

interface IdTokenPayload {
  sub: string;
  iat: number;
  exp: number;
  email?: unknown;
  jti?: unknown;
  origin_jti?: unknown;
  'cognito:groups'?: unknown;
}

interface PayloadVerifier {
  verify(token: string): Promise<unknown>;
  cacheJwks(jwks: Jwks): void;
}

export function createCognitoVerifier(env: Env, options: CognitoVerifierOptions = {}): TokenVerifier {
  let verifier: PayloadVerifier | undefined;
  const sessionClaim = sessionClaimOf(env);
  return {
    async verify(token: string): Promise<Identity> {
      if (!verifier) {
        verifier = createIdTokenVerifier(env, options.jwksCache);
        if (options.jwks) verifier.cacheJwks(options.jwks);
      }
      let payload: IdTokenPayload;
      try {
        payload = (await verifier.verify(token)) as IdTokenPayload;
      } catch {
        throw new AppError('UNAUTHENTICATED', 'Invalid or expired token');
      }
      const raw = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as unknown[]) : [];
      const groups = raw.filter((g): g is Group => (GROUPS as readonly unknown[]).includes(g));
      const email = typeof payload.email === 'string' ? payload.email : '';
      // The session the revocation list signs out (revocationCheckingVerifier refuses a token that names none).
      const claim = payload[sessionClaim];
      const sessionId = typeof claim === 'string' && claim ? claim : undefined;
      return {
        userId: payload.sub,
        email,
        groups,
        ...(sessionId ? { session: { id: sessionId, issuedAt: payload.iat, expiresAt: payload.exp } } : {}),
      };
    },
  };
}

function sessionClaimOf(env: Env): 'origin_jti' | 'jti' {
  const value = env.COGNITO_SESSION_CLAIM || 'origin_jti';
  if (value !== 'origin_jti' && value !== 'jti') throw new Error('COGNITO_SESSION_CLAIM must be "origin_jti" or "jti"');
  return value;
}

function createIdTokenVerifier(env: Env, jwksCache?: JwksCache): PayloadVerifier {
  const userPoolId = required(env, 'COGNITO_USER_POOL_ID');
  const clientId = required(env, 'COGNITO_CLIENT_ID');
  const issuer = env.COGNITO_ISSUER?.replace(/\/+$/, '');
  if (!issuer) return CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: 'id' }, jwksCache ? { jwksCache } : undefined);
  return JwtRsaVerifier.create(
    {
      issuer,
      audience: clientId,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      // what CognitoJwtVerifier checks besides issuer and audience: an ID token, not an access token
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('not an ID token');
      },
    },
    // aws-jwt-verify's own fetcher speaks https only; a configured issuer may be a local endpoint over http
    { jwksCache: jwksCache ?? new SimpleJwksCache({ fetcher: webFetcher }) },
  );
}

const webFetcher: Fetcher = {
  async fetch(uri) {
    const res = await fetch(uri, { signal: AbortSignal.timeout(3_000) });
    if (!res.ok) throw new Error(`JWKS fetch failed: HTTP ${res.status}`);
    return res.arrayBuffer();
  },
};

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}
