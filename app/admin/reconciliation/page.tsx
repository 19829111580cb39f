import type { Metadata } from 'next';
import { AdminReconciliation } from '@/components/admin/AdminReconciliation';

export const metadata: Metadata = { title: 'Reconciliation with Stripe (admin)' };

export default function Page() {
  return <AdminReconciliation />;
}
