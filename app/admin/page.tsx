import type { Metadata } from 'next';
import { AdminBookings } from '@/components/admin/AdminBookings';
import { Suspense } from 'react';
import { AdminDashboardCharts } from '@/components/admin/AdminDashboardCharts';

export const metadata: Metadata = { title: 'Admin dashboard' };

export default function AdminPage() {
  return (
    <>
      <div className="page-header">
        <h1>Admin dashboard</h1>
      </div>
      <Suspense>
        <AdminDashboardCharts />
      </Suspense>
      {/* The bookings list reads its filters from the URL. */}
      <Suspense>
        <AdminBookings />
      </Suspense>
    </>
  );
}
