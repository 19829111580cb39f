'use client';

import type { ReactNode } from 'react';
import { errorMessage } from '@/lib/client/http';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/States';
import type { Load } from '@/components/ui/useLoad';

/**
 * The admin lists' one table: a caption, column headers, the loading / empty / error states in words, and a pager
 * over the server's opaque cursors (the pages seen so far are kept, so "Previous" needs no cursor of its own).
 */
export function DataTable<T>({
  caption,
  list,
  rows,
  headers,
  render,
  rowKey,
  empty,
}: {
  caption: string;
  list: Pick<Load<unknown>, 'error' | 'reload'>;
  rows: T[] | undefined;
  headers: string[];
  render: (r: T) => ReactNode[];
  rowKey: (r: T) => string;
  empty: string;
}) {
  if (list.error !== undefined)
    return <ErrorState title={`We couldn't load the ${caption.toLowerCase()}`} message={errorMessage(list.error)} onRetry={list.reload} />;
  if (!rows) return <LoadingState label={`Loading the ${caption.toLowerCase()}…`} />;
  if (rows.length === 0) return <EmptyState title={empty} />;
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {headers.map((h, i) => (
              <th key={h || `col-${i}`} scope="col">
                {h || <span className="visually-hidden">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              {render(r).map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Page links for a cursor-paginated list: `pages` holds the cursors of the pages seen (the first is undefined). */
export function Pager({
  page,
  nextCursor,
  onPage,
}: {
  page: number;
  nextCursor: string | undefined;
  onPage: (page: number, cursor?: string) => void;
}) {
  if (page === 0 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="button button--secondary" disabled={page === 0} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <span className="muted small" aria-live="polite">
        Page {page + 1}
      </span>
      <button type="button" className="button button--secondary" disabled={!nextCursor} onClick={() => onPage(page + 1, nextCursor)}>
        Next page
      </button>
    </nav>
  );
}
