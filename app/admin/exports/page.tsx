import type { Metadata } from 'next';
import { AdminExports } from '@/components/admin/AdminExports';

export const metadata: Metadata = { title: 'Exports (admin)' };

/** CSV exports of bookings, ledger lines, payouts and refunds, written in the background and downloaded by a short-lived link. */
export default function Page() {
  return <AdminExports />;
}
