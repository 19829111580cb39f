'use client';

import Link from 'next/link';
import { ServiceCard, ServiceGridSkeleton } from './ServiceCard';
import { useServices } from './useServices';
import { EmptyState, ErrorState } from '@/components/ui/States';

export function FeaturedServices({ limit = 3 }: { limit?: number }) {
  const { result, reload } = useServices();
  if (result.state === 'loading') return <ServiceGridSkeleton count={limit} />;
  if (result.state === 'error') {
    return <ErrorState title="We couldn't load services" message={result.message} onRetry={reload} />;
  }
  const featured = result.data.slice(0, limit);
  if (featured.length === 0) {
    return (
      <EmptyState title="No services yet">
        <p>New providers are joining soon. Check back later.</p>
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="service-grid">
        {featured.map((s) => (
          <li key={s.id}>
            <ServiceCard service={s} />
          </li>
        ))}
      </ul>
      {result.data.length > featured.length ? (
        <p style={{ marginTop: '1rem' }}>
          <Link href="/services">See all {result.data.length} services</Link>
        </p>
      ) : null}
    </>
  );
}
