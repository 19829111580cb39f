'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ServiceView } from '@/lib/http/booking-processor';
import { bookingApi, errorMessage } from '@/lib/client/api';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; data: T };

/** LIST_SERVICES with loading/error state and a retry. */
export function useServices(): { result: Loadable<ServiceView[]>; reload: () => void } {
  const [result, setResult] = useState<Loadable<ServiceView[]>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setResult({ state: 'loading' });
    bookingApi('LIST_SERVICES', {}, { signal: controller.signal })
      .then((res) => setResult({ state: 'ready', data: res.services }))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setResult({ state: 'error', message: errorMessage(err) });
      });
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { result, reload };
}
