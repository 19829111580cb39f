'use client';

import Link from 'next/link';
import { errorMessage } from '@/lib/client/http';
import { ServiceCard, ServiceGridSkeleton } from './ServiceCard';
import { useServices } from './useServices';
import { EmptyState, ErrorState } from '@/components/ui/States';

export function FeaturedServices({ limit = 3 }: { limit?: number }) {
  const services = useServices();
  if (services.error !== undefined) {
    return <ErrorState title="We couldn't load services" message={errorMessage(services.error)} onRetry={services.reload} />;
  }
  const all = services.loading ? undefined : services.data;
  if (!all) return <ServiceGridSkeleton count={limit} />;
  const featured = all.slice(0, limit);
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
      {all.length > featured.length ? (
        <p style={{ marginTop: '1rem' }}>
          <Link href="/services">See all {all.length} services</Link>
        </p>
      ) : null}
    </>
  );
}
