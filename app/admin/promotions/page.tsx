import type { Metadata } from 'next';
import { AdminPromotionCodes } from '@/components/admin/AdminPromotionCodes';
import { oneOf } from '@/components/admin/search-params';

export const metadata: Metadata = { title: 'Promotion codes (admin)' };

type Search = Record<string, string | string[] | undefined>;

/** The codes, filtered in the URL: ?state=active|deactivated|expired&order=oldest. */
export default async function Page({ searchParams }: { searchParams: Promise<Search> }) {
  const q = await searchParams;
  return (
    <AdminPromotionCodes
      filter={{
        state: oneOf(q.state, ['active', 'deactivated', 'expired'] as const),
        order: oneOf(q.order, ['oldest'] as const) ?? 'newest',
      }}
    />
  );
}
