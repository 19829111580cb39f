import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { LoadingState } from '@/components/ui/States';
import { pageMode } from '@/lib/server/page-mode';
import { ConfirmSignupForm } from './ConfirmSignupForm';

export const metadata: Metadata = { title: 'Confirm your email' };
export const dynamic = 'force-dynamic';

export default function ConfirmSignupPage() {
  return (
    <div className="auth-card">
      <div className="card">
        <h1>Confirm your email</h1>
        {pageMode() === 'aws' ? (
          <>
            <p className="muted">We sent a code to your email address. Enter it here to finish creating your account.</p>
            <Suspense fallback={<LoadingState label="Loading…" />}>
              <ConfirmSignupForm />
            </Suspense>
          </>
        ) : (
          <p className="alert alert--info">Accounts on this server need no confirmation.</p>
        )}
        <p className="small">
          Already confirmed? <Link href="/login">Log in</Link>
        </p>
      </div>
    </div>
  );
}
