import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { LoadingState } from '@/components/ui/States';
import { pageMode } from '@/lib/server/page-mode';
import { PasswordResetForm } from './PasswordResetForm';

export const metadata: Metadata = { title: 'Reset your password' };
export const dynamic = 'force-dynamic';

export default function PasswordResetPage() {
  return (
    <div className="auth-card">
      <div className="card">
        <h1>Reset your password</h1>
        {pageMode() === 'aws' ? (
          <Suspense fallback={<LoadingState label="Loading…" />}>
            <PasswordResetForm />
          </Suspense>
        ) : (
          <p className="alert alert--info">Accounts on this server have no password reset: use the demo accounts on the login page.</p>
        )}
        <p className="small">
          Remembered it? <Link href="/login">Log in</Link>
        </p>
      </div>
    </div>
  );
}
