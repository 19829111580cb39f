import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="not-found">
      <h1>Page not found</h1>
      <p className="muted">The page you were looking for doesn&apos;t exist or has moved.</p>
      <p style={{ display: 'flex', gap: '0.75rem', justifyContent: 'center', flexWrap: 'wrap' }}>
        <Link href="/services" className="button">
          Browse services
        </Link>
        <Link href="/" className="button button--secondary">
          Go to the home page
        </Link>
      </p>
    </div>
  );
}
