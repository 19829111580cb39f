import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ServiceDetail } from '@/components/services/ServiceDetail';
import { LoadingState } from '@/components/ui/States';
import { safeDecode } from '@/lib/client/navigation';

export const metadata: Metadata = { title: 'Service details' };

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState label="Loading service…" />}>
      <ServiceDetail serviceId={safeDecode(id)} />
    </Suspense>
  );
}
