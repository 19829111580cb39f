'use client';

import { useSearchParams } from 'next/navigation';
import { safeNextPath } from '@/lib/client/navigation';

// While rendering on the server there is no window: any origin of our own gives the same path for a safe `next`.
const SERVER_RENDER_ORIGIN = 'http://app.invalid';

/** Where to go after signing in: the `next` query parameter if it stays on this site, else the home page. */
export function useNextPath(): string {
  const searchParams = useSearchParams();
  const origin = typeof window === 'undefined' ? SERVER_RENDER_ORIGIN : window.location.origin;
  return safeNextPath(searchParams.get('next'), origin);
}
