import type { Metadata } from 'next';
import { AdminAudit } from '@/components/admin/AdminLists';

export const metadata: Metadata = { title: 'Audit log (admin)' };

export default function Page() {
  return <AdminAudit />;
}
