import type { Metadata } from 'next';
import { AdminDisputes } from '@/components/admin/AdminLists';

export const metadata: Metadata = { title: 'Disputes (admin)' };

export default function Page() {
  return <AdminDisputes />;
}
