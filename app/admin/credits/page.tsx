import type { Metadata } from 'next';
import { AdminCreditPurchases } from '@/components/admin/AdminCreditPurchases';

export const metadata: Metadata = { title: 'Credit purchases (admin)' };

export default function Page() {
  return <AdminCreditPurchases />;
}
