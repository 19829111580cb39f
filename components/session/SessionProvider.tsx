'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SessionUser } from '@/lib/http/auth';
import { fetchCurrentUser, logout as apiLogout } from '@/lib/client/api';

/**
 * Who is logged in: the server says (`GET /api/auth/me`), from the http-only session cookies of either mode (a local
 * session, or Cognito's tokens, which the server renews when the ID token expires).
 */
function readUser(signal?: AbortSignal): Promise<SessionUser | null> {
  return fetchCurrentUser(signal);
}

/** The server signs the session out: it goes on the revocation list (its tokens stop working everywhere) and the cookies are cleared. */
function endSession(): Promise<void> {
  return apiLogout();
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
