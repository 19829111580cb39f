'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '@/lib/client/http';
import { loginHref } from '@/lib/client/navigation';
import { ErrorState, LoadingState } from './States';
import type { Load } from './useLoad';

/**
 * A load's states in words: loading (`label`), "please log in", the error with "Try again", then `children` with the
 * data (kept on screen while a reload runs).
 */
export function Loaded<T>({
  load,
  label,
  errorTitle,
  children,
}: {
  load: Load<T>;
  label: string;
  errorTitle?: string;
  children: (data: T) => ReactNode;
}) {
  const path = usePathname() ?? '/';
  if (load.error !== undefined) {
    if (load.error instanceof ApiError && load.error.isUnauthenticated) {
      return (
        <ErrorState title="Please log in" message="Log in to see this page.">
          <Link className="button" href={loginHref(path)}>
            Log in
          </Link>
        </ErrorState>
      );
    }
    return <ErrorState {...(errorTitle ? { title: errorTitle } : {})} message={errorMessage(load.error)} onRetry={load.reload} />;
  }
  if (load.data === undefined) return <LoadingState label={label} />;
  return <>{children(load.data)}</>;
}
