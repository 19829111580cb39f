import type { SessionUser, SignupRequest } from '../http/auth';
import { repo } from '../data/repository';
import { signSession } from '../auth/local-session';
import { authenticateLocalAccount, currentLocalIdentity, localAccountsTable, signUpLocal } from './accounts';
import { createLocalFunctions } from './functions';
import { localDeps, localEnv, localRuntime } from './runtime';

/** The local stack as the Next.js server sees it: built once per process (kept across dev hot reloads). */
function build() {
  const env = localEnv();
  const deps = localDeps(env);
  const runtime = localRuntime(env, deps);
  return { env, deps, runtime, functions: createLocalFunctions(runtime), accountsTable: localAccountsTable(env.TABLE_SUFFIX) };
}
type LocalApp = ReturnType<typeof build>;
const holder = globalThis as typeof globalThis & { __marketplaceLocalApp?: LocalApp };

export function localApp(): LocalApp {
  return (holder.__marketplaceLocalApp ??= build());
}

/** Checks the password and issues a signed session token; undefined for wrong credentials. */
export async function localLogin(email: string, password: string): Promise<{ token: string; user: SessionUser } | undefined> {
  const app = localApp();
  const account = await authenticateLocalAccount(app.deps.db, app.accountsTable, email, password);
  if (!account) return undefined;
  const identity = { userId: account.userId, email: account.email, groups: account.groups };
  const token = signSession(identity, app.env.LOCAL_SESSION_SECRET, Date.now());
  return { token, user: { ...identity, displayName: account.displayName } };
}

export async function localSessionUser(token: string): Promise<SessionUser | undefined> {
  const app = localApp();
  const identity = await app.runtime.verifier.verify(token).catch(() => undefined);
  if (!identity) return undefined;
  const profile = await repo.userProfile(app.deps, identity.userId);
  return { ...identity, displayName: profile?.displayName ?? identity.email };
}

/** Local sign-up: the account and profile, then a session for the new user (as if they had logged in). */
export async function localSignup(input: SignupRequest): Promise<{ token: string; user: SessionUser }> {
  const app = localApp();
  const { identity, displayName } = await signUpLocal(app.deps, app.accountsTable, input);
  const token = signSession(identity, app.env.LOCAL_SESSION_SECRET, Date.now());
  return { token, user: { ...identity, displayName } };
}

/**
 * A new session token with the account's current groups (after JOIN_PROVIDERS). Only a valid session can be
 * refreshed, and only into the same user's account: the email and userId must both match.
 */
export async function localRefreshSession(token: string): Promise<{ token: string; user: SessionUser } | undefined> {
  const app = localApp();
  const identity = await app.runtime.verifier.verify(token).catch(() => undefined);
  if (!identity) return undefined;
  const current = await currentLocalIdentity(app.deps.db, app.accountsTable, identity);
  if (!current) return undefined;
  const { displayName, ...fresh } = current;
  const profile = await repo.userProfile(app.deps, fresh.userId);
  return {
    token: signSession(fresh, app.env.LOCAL_SESSION_SECRET, Date.now()),
    user: { ...fresh, displayName: profile?.displayName ?? displayName },
  };
}
