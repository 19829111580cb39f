'use client';

import { useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import type { SessionUser } from '@/lib/http/auth';
import { loginHref } from '@/lib/client/navigation';
import { ErrorState, LoadingState } from '@/components/ui/States';
import { useSession } from './SessionProvider';

/**
 * For pages only a signed-in person can use: the user, or what to show instead (checking, on the way to the login
 * page that brings them back to `returnTo`, or the session check failing).
 */
export function useSignedInUser(
  returnTo: string,
  loadingLabel: string,
): { user: SessionUser; view?: undefined } | { user?: undefined; view: ReactNode } {
  const { session } = useSession();
  const router = useRouter();

  useEffect(() => {
    if (session.status === 'anonymous') router.replace(loginHref(returnTo));
  }, [session.status, router, returnTo]);

  if (session.status === 'loading') return { view: <LoadingState label={loadingLabel} /> };
  if (session.status === 'anonymous') return { view: <LoadingState label="Taking you to the login page…" /> };
  if (session.status === 'error')
    return { view: <ErrorState message="We couldn't check whether you are logged in." onRetry={() => window.location.reload()} /> };
  return { user: session.user };
}
