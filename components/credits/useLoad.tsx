'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError, errorMessage, loginHref } from '@/lib/client/api';
import { ErrorState, LoadingState } from '@/components/ui/States';

export type Load<T> = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; data: T };

/** Loads once (and on `reload`), keeping the last error for the error state. */
export function useLoad<T>(fn: () => Promise<T>): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    fn().then(
      (data) => live && setLoad({ state: 'ready', data }),
      (error: unknown) => live && setLoad({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick]);
  return [load, useCallback(() => setTick((t) => t + 1), [])];
}

/** Loading, "please log in" and error states in words; children once ready. */
export function Loaded<T>({ load, retry, label, children }: { load: Load<T>; retry: () => void; label: string; children: (data: T) => ReactNode }) {
  const path = usePathname() ?? '/';
  if (load.state === 'loading') return <LoadingState label={label} />;
  if (load.state === 'error') {
    if (load.error instanceof ApiError && load.error.isUnauthenticated) {
      return (
        <ErrorState title="Please log in" message="Log in to see this page.">
          <Link className="button" href={loginHref(path)}>
            Log in
          </Link>
        </ErrorState>
      );
    }
    return <ErrorState message={errorMessage(load.error)} onRetry={retry} />;
  }
  return <>{children(load.data)}</>;
}
