'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SessionUser } from '@/lib/http/auth';
import { fetchCurrentUser, logout as apiLogout } from '@/lib/client/api';
import { MARKETPLACE_MODE } from '@/lib/client/config';

/**
 * Who is logged in. Local mode asks the server (`GET /api/auth/me`, session cookie); AWS mode reads the
 * Amplify (Cognito) session in the browser, loading aws-amplify only there.
 */
async function readUser(signal?: AbortSignal): Promise<SessionUser | null> {
  if (MARKETPLACE_MODE === 'aws') {
    const { currentAwsUser } = await import('@/lib/client/amplify-config');
    return currentAwsUser();
  }
  return fetchCurrentUser(signal);
}

/**
 * The server signs the session out first (it puts the session on the revocation list, so its tokens stop working
 * everywhere); in AWS mode Amplify then revokes the refresh token and clears its cookies, even if the first step failed.
 */
async function endSession(): Promise<void> {
  try {
    await apiLogout();
  } finally {
    if (MARKETPLACE_MODE === 'aws') {
      const { awsSignOut } = await import('@/lib/client/amplify-config');
      await awsSignOut();
    }
  }
}

export type SessionState =
  | { status: 'loading'; user: null }
  | { status: 'authenticated'; user: SessionUser }
  | { status: 'anonymous'; user: null }
  | { status: 'error'; user: null };

interface SessionContextValue {
  session: SessionState;
  /** Re-read the session from the server (after logging in). */
  refresh: () => Promise<SessionUser | null>;
  setUser: (user: SessionUser | null) => void;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading', user: null });

  const setUser = useCallback((user: SessionUser | null) => {
    setSession(user ? { status: 'authenticated', user } : { status: 'anonymous', user: null });
  }, []);

  const refresh = useCallback(async () => {
    try {
      const user = await readUser();
      setUser(user);
      return user;
    } catch {
      setSession({ status: 'error', user: null });
      return null;
    }
  }, [setUser]);

  useEffect(() => {
    const controller = new AbortController();
    readUser(controller.signal)
      .then((user) => {
        if (!controller.signal.aborted) setUser(user);
      })
      .catch(() => {
        if (!controller.signal.aborted) setSession({ status: 'error', user: null });
      });
    return () => controller.abort();
  }, [setUser]);

  const logout = useCallback(async () => {
    await endSession();
    setSession({ status: 'anonymous', user: null });
  }, []);

  const value = useMemo(() => ({ session, refresh, setUser, logout }), [session, refresh, setUser, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside <SessionProvider>');
  return ctx;
}
