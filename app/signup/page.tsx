import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { LoadingState } from '@/components/ui/States';
import { SignupForm } from './SignupForm';

export const metadata: Metadata = { title: 'Sign up' };

export default function SignupPage() {
  return (
    <div className="auth-card">
      <div className="card">
        <h1>Create your account</h1>
        <p className="muted">Book services, or offer your own as a provider.</p>
        <Suspense fallback={<LoadingState label="Loading…" />}>
          <SignupForm />
        </Suspense>
        <p className="small">
          Already have an account? <Link href="/login">Log in</Link>
        </p>
      </div>
    </div>
  );
}
