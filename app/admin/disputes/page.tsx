import type { Metadata } from 'next';
import { AdminDisputes } from '@/components/admin/AdminDisputes';

export const metadata: Metadata = { title: 'Disputes (admin)' };

export default function Page() {
  return <AdminDisputes />;
}
