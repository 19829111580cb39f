import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoginForm } from './LoginForm';
import { LoadingState } from '@/components/ui/States';
import { pageMode } from '@/lib/server/page-mode';

export const metadata: Metadata = { title: 'Log in' };
// the form differs per mode (demo accounts locally, password reset in AWS): read at request time
export const dynamic = 'force-dynamic';

export default function LoginPage() {
  return (
    <div className="auth-card">
      <div className="card">
        <h1>Log in</h1>
        <p className="muted">Log in to book services and see your bookings.</p>
        <Suspense fallback={<LoadingState label="Loading…" />}>
          <LoginForm mode={pageMode()} />
        </Suspense>
      </div>
    </div>
  );
}
