import Link from 'next/link';
import type { ReactNode } from 'react';

/** The admin area. Its data comes from ADMIN-only actions (refund-processor's ADMIN_*, stripe-connect's credit-purchase ones): non-admins get 403. */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <div>
      <nav aria-label="Admin" style={{ display: 'flex', gap: 16, marginBottom: 16 }}>
        <Link href="/admin">Dashboard</Link>
        <Link href="/admin/disputes">Disputes</Link>
        <Link href="/admin/credits">Credit refunds</Link>
        <Link href="/admin/promotions">Promotion codes</Link>
        <Link href="/admin/providers">Providers</Link>
        <Link href="/admin/events">Webhook events</Link>
        <Link href="/admin/audit">Audit log</Link>
        <Link href="/admin/notifications">Emails</Link>
        <Link href="/admin/reconciliation">Reconciliation</Link>
        <Link href="/admin/exports">Exports</Link>
      </nav>
      {children}
    </div>
  );
}
