import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoginForm } from './LoginForm';
import { LoadingState } from '@/components/ui/States';

export const metadata: Metadata = { title: 'Log in' };

export default function LoginPage() {
  return (
    <div className="auth-card">
      <div className="card">
        <h1>Log in</h1>
        <p className="muted">Log in to book services and see your bookings.</p>
        <Suspense fallback={<LoadingState label="Loading…" />}>
          <LoginForm />
        </Suspense>
      </div>
    </div>
  );
}
