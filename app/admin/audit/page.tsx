import type { Metadata } from 'next';
import { AdminAudit } from '@/components/admin/AuditEvents';

export const metadata: Metadata = { title: 'Audit log (admin)' };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The filter is the URL's (?aggregateType=Booking&aggregateId=…&adminActionsOnly=true&eventType=…&actorRole=…), so a filtered view can be linked. */
export default async function Page({ searchParams }: { searchParams: Promise<Search> }) {
  const q = await searchParams;
  const filter = {
    aggregateType: one(q.aggregateType),
    aggregateId: one(q.aggregateId),
    adminActionsOnly: one(q.adminActionsOnly) === 'true',
    eventType: one(q.eventType),
    actorRole: one(q.actorRole),
  };
  return <AdminAudit key={JSON.stringify(filter)} initial={filter} />;
}
