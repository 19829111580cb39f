'use client';

import { useState } from 'react';
import { useLoad, type Load } from '@/components/ui/useLoad';

/**
 * One page of a cursor-paginated admin list. `filterKey` names the filter and sort: when it changes the list starts
 * again at page 1. The cursors of the pages seen are kept so "Previous page" goes back without a cursor of its own.
 */
export function usePagedList<T extends { nextCursor?: string }>(
  filterKey: string,
  load: (cursor: string | undefined, signal: AbortSignal) => Promise<T>,
): { list: Load<T>; page: number; goTo: (page: number, cursor?: string) => void } {
  const [state, setState] = useState<{ key: string; cursors: (string | undefined)[]; page: number }>({
    key: filterKey,
    cursors: [undefined],
    page: 0,
  });
  const current = state.key === filterKey ? state : { key: filterKey, cursors: [undefined], page: 0 };
  const cursor = current.cursors[current.page];
  const list = useLoad((signal) => load(cursor, signal), `${filterKey}|${cursor ?? ''}`);
  const goTo = (page: number, next?: string) =>
    setState(() => {
      const cursors = current.cursors.slice(0, page);
      cursors[page] = next ?? current.cursors[page];
      return { key: filterKey, cursors, page };
    });
  return { list, page: current.page, goTo };
}
