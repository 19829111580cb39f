import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ServicesBrowser } from '@/components/services/ServicesBrowser';
import { ServiceGridSkeleton } from '@/components/services/ServiceCard';

export const metadata: Metadata = { title: 'Services' };

export default function ServicesPage() {
  return (
    <>
      <div className="page-header">
        <h1>Services</h1>
        <p>Find a service, pick a free slot and book in a few clicks.</p>
      </div>
      <Suspense fallback={<ServiceGridSkeleton />}>
        <ServicesBrowser />
      </Suspense>
    </>
  );
}
