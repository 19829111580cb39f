import type { Metadata } from 'next';
import { AdminReconciliation } from '@/components/admin/AdminReconciliation';
import { oneOf } from '@/components/admin/search-params';

export const metadata: Metadata = { title: 'Reconciliation with Stripe (admin)' };

type Search = Record<string, string | string[] | undefined>;

/** The mismatches, filtered in the URL: ?status=RESOLVED&order=oldest (open, newest first without). */
export default async function Page({ searchParams }: { searchParams: Promise<Search> }) {
  const q = await searchParams;
  return (
    <AdminReconciliation
      filter={{ status: oneOf(q.status, ['RESOLVED'] as const) ?? 'OPEN', order: oneOf(q.order, ['oldest'] as const) ?? 'newest' }}
    />
  );
}
