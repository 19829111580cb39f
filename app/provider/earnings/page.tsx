import type { Metadata } from 'next';
import { Suspense } from 'react';
import { EarningsDashboard } from '@/components/earnings/EarningsDashboard';

export const metadata: Metadata = { title: 'Earnings' };

export default function EarningsPage() {
  return (
    <div className="container">
      <header className="page-header">
        <h1>Earnings</h1>
        <p className="muted">What customers paid you, what is on its way, and your payouts.</p>
      </header>
      <Suspense>
        <EarningsDashboard />
      </Suspense>
    </div>
  );
}
