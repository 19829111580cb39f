'use client';

import { useCallback, useEffect, useEffectEvent, useState } from 'react';

export interface Load<T> {
  /** The last data loaded for this `key` (kept while a reload runs; undefined until the first load of a new key). */
  data: T | undefined;
  /** What the latest load threw; undefined while it runs or once it succeeded. */
  error: unknown;
  loading: boolean;
  /** Loads again (the "Try again" button, or after a change). */
  reload: () => void;
  /** Changes the loaded data in place (after a save answered with the new record), without loading again. */
  setData: (update: (data: T) => T) => void;
}

type Outcome = { request: string; failed: false } | { request: string; failed: true; error: unknown };

/**
 * Runs `load` when the component mounts, again whenever `key` changes (e.g. a search query) and on `reload()`. The
 * signal aborts the request when the component unmounts or a newer load starts; an aborted load's answer is dropped.
 * `load` may change on every render: the one of the latest render runs.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string = ''): Load<T> {
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<{ key: string; data: T } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const request = `${attempt}:${key}`;
  const run = useEffectEvent((signal: AbortSignal) => load(signal));

  useEffect(() => {
    const controller = new AbortController();
    run(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setLoaded({ key, data });
        setOutcome({ request, failed: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setOutcome({ request, failed: true, error });
      },
    );
    return () => controller.abort();
  }, [request, key]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  const setData = useCallback((update: (data: T) => T) => setLoaded((l) => (l ? { key: l.key, data: update(l.data) } : l)), []);
  const settled = outcome?.request === request;
  return {
    data: loaded?.key === key ? loaded.data : undefined,
    error: settled && outcome.failed ? outcome.error : undefined,
    loading: !settled,
    reload,
    setData,
  };
}
