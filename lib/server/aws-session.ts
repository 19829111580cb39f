/**
 * AWS mode: the caller's Cognito ID token. The app's own account routes keep it in an http-only cookie
 * (./aws-accounts.ts), renewed with the refresh token when it expires. Also accepted: the Amplify Auth session a browser keeps in cookies
 * (`CognitoIdentityServiceProvider.<clientId>.<user>.idToken`, written by `Amplify.configure(…, { ssr: true })`),
 * read with the Next.js adapter's server runner. The adapter checks cookie tokens against the user pool's JWKS
 * (so the Hosting compute needs outbound HTTPS to cognito-idp.<region>.amazonaws.com); the function verifies the
 * token again (aws-jwt-verify) and derives the identity from it: that check is the one authorization rests on.
 * API clients may send `Authorization: Bearer <id token>` instead (passed through; the function verifies it).
 */
import { createServerRunner } from '@aws-amplify/adapter-nextjs';
import { fetchAuthSession } from 'aws-amplify/auth/server';
import { NextRequest } from 'next/server';
import { sessionUserFromClaims } from '../aws/claims';
import { awsCookieSession } from './aws-accounts';
import { loadAmplifyOutputs, publicAmplifyConfig, type Env } from '../aws/outputs';
import type { SessionUser } from '../http/auth';

type ServerRunner = ReturnType<typeof createServerRunner>['runWithAmplifyServerContext'];
const holder = globalThis as typeof globalThis & { __marketplaceAmplifyRunner?: ServerRunner };

function serverRunner(env: Env): ServerRunner {
  return (holder.__marketplaceAmplifyRunner ??= createServerRunner({
    config: publicAmplifyConfig(loadAmplifyOutputs(env)),
  }).runWithAmplifyServerContext);
}

/** Forgets the cached runner (tests; a process otherwise keeps one). */
export function resetAwsSession(): void {
  holder.__marketplaceAmplifyRunner = undefined;
}

/** The Amplify session's tokens from the request's cookies; the adapter verifies them against the user pool JWKS. */
async function sessionTokens(req: Request, env: Env) {
  if (!req.headers.get('cookie')) return undefined;
  try {
    const session = await serverRunner(env)({
      // a plain Response: tokens refreshed here are not written back; the browser's Amplify refreshes its own
      nextServerContext: { request: new NextRequest(req), response: new Response() },
      operation: (contextSpec) => fetchAuthSession(contextSpec),
    });
    return session.tokens;
  } catch {
    return undefined; // no or unusable session: the function answers UNAUTHENTICATED where a caller is needed
  }
}

/**
 * The token a route passes to a function: `Authorization: Bearer …` (API clients), else the app's session cookie
 * (with the Set-Cookie values of a renewal to send back), else an Amplify session's ID token.
 */
export async function awsCaller(req: Request, env: Env = process.env): Promise<{ token: string | undefined; setCookies: string[] }> {
  const auth = req.headers.get('authorization');
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7) || undefined, setCookies: [] };
  const session = await awsCookieSession(req, env);
  if (session) return { token: session.idToken, setCookies: session.setCookies };
  return { token: (await sessionTokens(req, env))?.idToken?.toString(), setCookies: [] };
}

export async function awsCallerToken(req: Request, env: Env = process.env): Promise<string | undefined> {
  return (await awsCaller(req, env)).token;
}

/** `/api/auth/me` in AWS mode: who the session cookies say is signed in (display only), with a renewal's cookies. */
export async function awsSignedInUser(req: Request, env: Env = process.env): Promise<{ user: SessionUser | null; setCookies: string[] }> {
  const session = await awsCookieSession(req, env);
  if (session) return { user: session.user, setCookies: session.setCookies };
  return { user: sessionUserFromClaims((await sessionTokens(req, env))?.idToken?.payload), setCookies: [] };
}

export async function awsSessionUser(req: Request, env: Env = process.env): Promise<SessionUser | null> {
  return (await awsSignedInUser(req, env)).user;
}
