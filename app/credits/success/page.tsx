import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CreditsSuccess } from '@/components/credits/CreditsSuccess';
import { LoadingState } from '@/components/ui/States';

export const metadata: Metadata = { title: 'Payment successful' };

export default function Page() {
  return (
    <Suspense fallback={<LoadingState label="Confirming your purchase…" />}>
      <CreditsSuccess />
    </Suspense>
  );
}
