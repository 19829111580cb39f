import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ServicesManager } from '@/components/provider/ServicesManager';
import { LoadingState } from '@/components/ui/States';

export const metadata: Metadata = { title: 'Your services' };

export default function ProviderServicesPage() {
  return (
    <Suspense fallback={<LoadingState label="Loading your services…" />}>
      <ServicesManager />
    </Suspense>
  );
}
