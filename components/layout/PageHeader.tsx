import type { ReactNode } from 'react';

/** A page's title and the sentence under it that says what the page is for. */
export function PageHeader({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      <p>{children}</p>
    </div>
  );
}
