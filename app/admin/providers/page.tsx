import type { Metadata } from 'next';
import { AdminProviders } from '@/components/admin/AdminLists';

export const metadata: Metadata = { title: 'Providers (admin)' };

export default function Page() {
  return <AdminProviders />;
}
