import type { SessionUser, SignupRequest } from '../http/auth';
import { repo } from '../data/repository';
import { exportDownloadFor, type LinkQuery } from './export-store';
import { signSession } from '../auth/local-session';
import { assertLocalAuthAllowed } from '../server/mode';
import { signOutSession } from '../services/session-revocation';
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

/** The local stack; refused (MISCONFIGURED, with the reason) on a production server unless a demo asks for it. */
export function localApp(): LocalApp {
  assertLocalAuthAllowed();
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

/** Signs the token's session out: it is refused from now on, wherever it was copied to. Nothing to do for a dead token. */
export async function localLogout(token: string): Promise<void> {
  const app = localApp();
  const identity = await app.runtime.verifier.verify(token).catch(() => undefined);
  if (identity) await signOutSession(app.deps, identity);
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
 * The session's token re-issued with the account's current groups (after JOIN_PROVIDERS). Only a valid session can
 * be refreshed, only into the same user's account (the email and userId must both match), and it stays the same
 * session: same id (signing out ends both tokens) and same expiry (refreshing never extends it).
 */
export async function localRefreshSession(token: string): Promise<{ token: string; user: SessionUser } | undefined> {
  const app = localApp();
  const identity = await app.runtime.verifier.verify(token).catch(() => undefined);
  if (!identity) return undefined;
  const current = await currentLocalIdentity(app.deps.db, app.accountsTable, identity);
  if (!current) return undefined;
  const { displayName, ...fresh } = current;
  const profile = await repo.userProfile(app.deps, fresh.userId);
  const session = { sessionId: identity.session?.id, expiresAt: identity.session?.expiresAt };
  return {
    token: signSession(fresh, app.env.LOCAL_SESSION_SECRET, Date.now(), session),
    user: { ...fresh, displayName: profile?.displayName ?? displayName },
  };
}

/** An export's file for a download link of this installation (lib/local/export-store.ts decides). */
export async function localExportDownload(exportId: string, q: LinkQuery) {
  return exportDownloadFor(localApp().env.EXPORT_LINK_SECRET, exportId, q, Date.now());
}
