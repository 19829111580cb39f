import type { Metadata } from 'next';
import { AdminEvents } from '@/components/admin/AdminLists';

export const metadata: Metadata = { title: 'Webhook events (admin)' };

export default function Page() {
  return <AdminEvents />;
}
