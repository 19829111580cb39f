import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ProviderDashboard } from '@/components/provider/ProviderDashboard';
import { LoadingState } from '@/components/ui/States';

export const metadata: Metadata = { title: 'Provider dashboard' };

export default function ProviderPage() {
  return (
    <Suspense fallback={<LoadingState label="Loading your dashboard…" />}>
      <ProviderDashboard />
    </Suspense>
  );
}
