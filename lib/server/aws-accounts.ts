/**
 * AWS mode's accounts on the Next.js server: the account routes call Cognito (lib/aws/cognito-accounts.ts) and keep
 * the tokens in two http-only cookies, the ID token (what the routes pass to the functions) and the refresh token
 * (what renews it when it expires, and what sign-out revokes). The browser never holds a token.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createCognitoVerifier } from '../auth/cognito-verifier';
import type { TokenVerifier } from '../auth/identity';
import { sessionUserFromClaims } from '../aws/claims';
import { cognitoAccounts, poolSettings, type CognitoAccounts, type CognitoTokens } from '../aws/cognito-accounts';
import type { Env } from '../aws/outputs';
import type { SessionUser } from '../http/auth';
import { jsonResponse } from '../http/errors';
import { toResponse } from './routes';

export const ID_TOKEN_COOKIE = 'bookwell_id_token';
export const REFRESH_TOKEN_COOKIE = 'bookwell_refresh_token';
/** Cognito's default refresh-token lifetime: the cookies live as long as the sign-in can be renewed. */
const COOKIE_MAX_AGE_SECONDS = 30 * 24 * 3600;

interface Wiring {
  key: string;
  accounts: CognitoAccounts;
  verifier: TokenVerifier;
}
const holder = globalThis as typeof globalThis & { __bookwellCognito?: Wiring };

function wiring(env: Env): Wiring {
  const pool = poolSettings(env);
  const key = `${pool.userPoolId}|${pool.clientId}|${env.COGNITO_ISSUER ?? ''}|${env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ?? ''}`;
  if (holder.__bookwellCognito?.key !== key) {
    const client = new CognitoIdentityProviderClient(pool.region ? { region: pool.region } : {});
    holder.__bookwellCognito = {
      key,
      accounts: cognitoAccounts({ clientId: pool.clientId, client }),
      verifier: createCognitoVerifier({ ...env, COGNITO_USER_POOL_ID: pool.userPoolId, COGNITO_CLIENT_ID: pool.clientId }),
    };
  }
  return holder.__bookwellCognito;
}

export function awsAccounts(env: Env = process.env): CognitoAccounts {
  return wiring(env).accounts;
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('=')) || undefined;
  }
  return undefined;
}

function cookie(name: string, value: string, req: Request, maxAge: number): string {
  const secure = new URL(req.url).protocol === 'https:' ? '; Secure' : '';
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

function tokenCookies(req: Request, tokens: CognitoTokens): string[] {
  return [
    cookie(ID_TOKEN_COOKIE, tokens.idToken, req, COOKIE_MAX_AGE_SECONDS),
    ...(tokens.refreshToken ? [cookie(REFRESH_TOKEN_COOKIE, tokens.refreshToken, req, COOKIE_MAX_AGE_SECONDS)] : []),
  ];
}

export function clearedAwsCookies(req: Request): string[] {
  return [cookie(ID_TOKEN_COOKIE, '', req, 0), cookie(REFRESH_TOKEN_COOKIE, '', req, 0)];
}

/** The display user of a verified ID token (its signature, audience and expiry; the functions verify it again). */
async function verifiedUser(idToken: string, env: Env): Promise<SessionUser | null> {
  try {
    await wiring(env).verifier.verify(idToken);
  } catch {
    return null;
  }
  const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return sessionUserFromClaims(payload);
}

export interface CookieSession {
  idToken: string;
  user: SessionUser;
  /** Set-Cookie values to send back when the ID token was renewed with the refresh token. */
  setCookies: string[];
}

/**
 * The caller's session from the cookies: the ID token while it is valid, else one renewed with the refresh token
 * (the new ID token carries the account's current groups). undefined when there is none or it cannot be renewed.
 */
export async function awsCookieSession(req: Request, env: Env = process.env): Promise<CookieSession | undefined> {
  const idToken = cookieValue(req, ID_TOKEN_COOKIE);
  const refreshToken = cookieValue(req, REFRESH_TOKEN_COOKIE);
  if (!idToken && !refreshToken) return undefined;
  const user = idToken ? await verifiedUser(idToken, env) : null;
  if (idToken && user) return { idToken, user, setCookies: [] };
  return refreshToken ? renewedSession(req, refreshToken, env) : undefined;
}

async function renewedSession(req: Request, refreshToken: string, env: Env): Promise<CookieSession | undefined> {
  const tokens = await awsAccounts(env).refresh(refreshToken);
  const user = tokens ? await verifiedUser(tokens.idToken, env) : null;
  if (!tokens || !user) return undefined;
  return { idToken: tokens.idToken, user, setCookies: tokenCookies(req, tokens) };
}

/** A new ID token for the caller's sign-in now (after the groups changed: "Become a provider"). */
export async function awsRefreshedSession(req: Request, env: Env = process.env): Promise<CookieSession | undefined> {
  const refreshToken = cookieValue(req, REFRESH_TOKEN_COOKIE);
  return refreshToken ? renewedSession(req, refreshToken, env) : undefined;
}

export function awsRefreshTokenOf(req: Request): string | undefined {
  return cookieValue(req, REFRESH_TOKEN_COOKIE);
}

/** The answer to a sign-in: the user, and the tokens in http-only cookies. */
export async function awsSignedInResponse(req: Request, tokens: CognitoTokens, env: Env = process.env): Promise<Response> {
  const user = await verifiedUser(tokens.idToken, env);
  if (!user) return toResponse(jsonResponse(503, { error: 'Sign-in is not configured', code: 'MISCONFIGURED' }));
  return withCookies(toResponse(jsonResponse(200, { user })), tokenCookies(req, tokens));
}

export function withCookies(res: Response, cookies: string[]): Response {
  for (const c of cookies) res.headers.append('set-cookie', c);
  return res;
}
