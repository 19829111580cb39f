/**
 * AWS mode only, and only through a dynamic import (components/aws-auth): configures Amplify Auth in the browser
 * with the public part of amplify_outputs.json (the user pool and its app client: not secrets), fetched from
 * `GET /api/aws/amplify-config` at run time, so no build depends on the outputs file. `ssr: true` keeps the
 * session in cookies, where the Next.js server reads the ID token (lib/server/aws-session.ts).
 */
import { Amplify } from 'aws-amplify';
import { fetchAuthSession } from 'aws-amplify/auth';
import { sessionUserFromClaims } from '@/lib/aws/claims';
import type { SessionUser } from '@/lib/http/auth';

const AMPLIFY_CONFIG_ROUTE = '/api/aws/amplify-config';

let configured: Promise<void> | undefined;

export function configureAmplify(fetchImpl: typeof fetch = fetch): Promise<void> {
  configured ??= (async () => {
    const res = await fetchImpl(AMPLIFY_CONFIG_ROUTE, { cache: 'no-store' });
    if (!res.ok) throw new Error(`Sign-in is not available (${res.status})`);
    const outputs = (await res.json()) as Parameters<typeof Amplify.configure>[0];
    Amplify.configure(outputs, { ssr: true });
  })().catch((err: unknown) => {
    configured = undefined; // let a later attempt retry
    throw err;
  });
  return configured;
}

/**
 * The signed-in user as the ID token describes them, for display only: the functions verify the token and
 * derive identity and groups themselves. null when nobody is signed in.
 */
export async function currentAwsUser(): Promise<SessionUser | null> {
  await configureAmplify();
  const { tokens } = await fetchAuthSession();
  return sessionUserFromClaims(tokens?.idToken?.payload);
}

/** Ends the Amplify session: revokes its refresh token (Cognito RevokeToken) and clears its cookies. */
export async function awsSignOut(): Promise<void> {
  await configureAmplify();
  const { signOut } = await import('aws-amplify/auth');
  await signOut();
}
