import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ServicesBrowser } from '@/components/services/ServicesBrowser';
import { ServiceGridSkeleton } from '@/components/services/ServiceCard';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'Services' };

export default function ServicesPage() {
  return (
    <>
      <PageHeader title="Services">Find a service, pick a free slot and book in a few clicks.</PageHeader>
      <Suspense fallback={<ServiceGridSkeleton />}>
        <ServicesBrowser />
      </Suspense>
    </>
  );
}
