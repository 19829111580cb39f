import type { Metadata } from 'next';
import { AdminDisputes } from '@/components/admin/AdminDisputes';
import { oneOf } from '@/components/admin/search-params';
import { DISPUTE_STATUSES } from '@/lib/domain/dispute-record';

export const metadata: Metadata = { title: 'Disputes (admin)' };

type Search = Record<string, string | string[] | undefined>;

/** The lists' filters are the URL's (?disputes=won&due=latest&cases=ESCALATED&caseOrder=newest): linkable, back works. */
export default async function Page({ searchParams }: { searchParams: Promise<Search> }) {
  const q = await searchParams;
  return (
    <AdminDisputes
      filter={{
        shown: oneOf(q.disputes, ['open', 'all', ...DISPUTE_STATUSES]) ?? 'open',
        order: oneOf(q.due, ['latest'] as const) ?? 'soonest',
      }}
      cases={{ state: oneOf(q.cases, ['ESCALATED', 'OPEN'] as const), order: oneOf(q.caseOrder, ['newest'] as const) ?? 'oldest' }}
    />
  );
}
