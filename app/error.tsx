'use client';

import Link from 'next/link';
import { useEffect } from 'react';

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div className="not-found" role="alert">
      <h1>Something went wrong</h1>
      <p className="muted">We hit an unexpected problem showing this page. Please try again.</p>
      <p style={{ display: 'flex', gap: '0.75rem', justifyContent: 'center', flexWrap: 'wrap' }}>
        <button type="button" className="button" onClick={() => retry()}>
          Try again
        </button>
        <Link href="/" className="button button--secondary">
          Go to the home page
        </Link>
      </p>
    </div>
  );
}
