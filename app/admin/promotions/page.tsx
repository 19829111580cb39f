import type { Metadata } from 'next';
import { AdminPromotionCodes } from '@/components/admin/AdminPromotionCodes';

export const metadata: Metadata = { title: 'Promotion codes (admin)' };

export default function Page() {
  return <AdminPromotionCodes />;
}
