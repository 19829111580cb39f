'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { login } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/http';
import { useNextPath } from '@/components/session/useNextPath';
import { isLocalMode, MARKETPLACE_MODE } from '@/lib/client/config';
import { useSession } from '@/components/session/SessionProvider';
import { LoadingState, Spinner } from '@/components/ui/States';
import { CredentialFields } from '@/components/session/CredentialFields';
import { FormAlert } from '@/components/ui/TextField';

const DEMO_ACCOUNTS = [
  { role: 'Customer', email: 'customer@marketplace.local' },
  { role: 'Provider', email: 'provider@marketplace.local' },
  { role: 'Admin', email: 'admin@marketplace.local' },
];

// AWS mode signs in with Amplify Auth (Cognito); loaded only there, so local pages never ship aws-amplify.
const AwsSignInForm = dynamic(() => import('@/components/aws-auth/AwsSignInForm'), {
  ssr: false,
  loading: () => <LoadingState label="Loading sign-in…" />,
});

export function LoginForm() {
  return MARKETPLACE_MODE === 'aws' ? <AwsSignInForm /> : <LocalLoginForm />;
}

/** Local mode: the seeded accounts, checked by POST /api/auth/login (http-only session cookie). */
function LocalLoginForm() {
  const router = useRouter();
  const next = useNextPath();
  const { session, setUser } = useSession();
  const id = useId();

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const errs: { email?: string; password?: string } = {};
    const trimmed = email.trim();
    if (!trimmed) errs.email = 'Enter your email address.';
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) errs.email = 'Enter an email address like name@example.com.';
    if (!password) errs.password = 'Enter your password.';
    setFieldErrors(errs);
    if (errs.email) return emailRef.current?.focus();
    if (errs.password) return passwordRef.current?.focus();

    setBusy(true);
    try {
      const user = await login(trimmed, password);
      setUser(user);
      setDone(true);
      router.replace(next);
      router.refresh();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
      passwordRef.current?.select();
    }
  };

  if (session.status === 'authenticated' && !done) {
    return (
      <div className="alert alert--info">
        <p>
          You&apos;re logged in as <strong>{session.user.email}</strong>.
        </p>
        <Link href={next} className="button">
          Continue
        </Link>
      </div>
    );
  }

  return (
    <>
      <form onSubmit={onSubmit} noValidate aria-describedby={error ? `${id}-error` : undefined}>
        <FormAlert id={`${id}-error`} message={error} />
        <CredentialFields
          id={id}
          email={email}
          password={password}
          onEmail={setEmail}
          onPassword={setPassword}
          errors={fieldErrors}
          emailRef={emailRef}
          passwordRef={passwordRef}
        />
        <button type="submit" className="button button--block button--large" disabled={busy}>
          {busy ? (
            <>
              <Spinner small /> {done ? 'Redirecting…' : 'Logging in…'}
            </>
          ) : (
            'Log in'
          )}
        </button>
        <p className="visually-hidden" role="status">
          {done ? 'Logged in. Redirecting…' : ''}
        </p>
      </form>
      {isLocalMode ? (
        <div className="demo-accounts alert alert--info">
          <p className="alert__title">Demo accounts</p>
          <p style={{ margin: 0 }}>
            Password for all: <code>demo1234</code>
          </p>
          <ul>
            {DEMO_ACCOUNTS.map((a) => (
              <li key={a.email}>
                {a.role}:{' '}
                <button
                  type="button"
                  className="button--ghost"
                  style={{
                    border: 0,
                    background: 'none',
                    color: 'inherit',
                    textDecoration: 'underline',
                    cursor: 'pointer',
                    font: 'inherit',
                    padding: 0,
                  }}
                  onClick={() => {
                    setEmail(a.email);
                    setPassword('demo1234');
                    setFieldErrors({});
                  }}
                  aria-label={`Fill in the ${a.role.toLowerCase()} demo account`}
                >
                  {a.email}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
