import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AdminCreditPurchases } from '@/components/admin/AdminCreditPurchases';

export const metadata: Metadata = { title: 'Credit purchases (admin)' };

export default function Page() {
  // The list reads its filters from the URL.
  return (
    <Suspense>
      <AdminCreditPurchases />
    </Suspense>
  );
}
