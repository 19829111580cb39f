'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { login } from '@/lib/client/api';
import { ApiError, errorMessage } from '@/lib/client/http';
import type { MarketplaceMode } from '@/lib/client/config';
import { useNextPath } from '@/components/session/useNextPath';
import { useSession } from '@/components/session/SessionProvider';
import { Spinner } from '@/components/ui/States';
import { CredentialFields } from '@/components/session/CredentialFields';
import { FormAlert } from '@/components/ui/TextField';

const DEMO_ACCOUNTS = [
  { role: 'Customer', email: 'customer@marketplace.local' },
  { role: 'Provider', email: 'provider@marketplace.local' },
  { role: 'Admin', email: 'admin@marketplace.local' },
];

/** What the notice above the form says after the step that sent the person here (`?done=`). */
const DONE_NOTICES: Record<string, string> = {
  confirmed: 'Your email address is confirmed. Log in to continue.',
  'password-reset': 'Your password has been changed. Log in with the new one.',
};

/**
 * Sign-in for both modes through POST /api/auth/login (the session in http-only cookies): local accounts (with the
 * demo accounts listed) or, in AWS mode, Cognito — with the links to confirm an email and to reset a password.
 * `mode` is the server's, read when the page is rendered.
 */
export function LoginForm({ mode }: { mode: MarketplaceMode }) {
  const router = useRouter();
  const next = useNextPath();
  const params = useSearchParams();
  const { session, setUser } = useSession();
  const id = useId();
  const notice = DONE_NOTICES[params.get('done') ?? ''];

  const [needsConfirmation, setNeedsConfirmation] = useState(false);
  const [email, setEmail] = useState(params.get('email') ?? '');
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
    setNeedsConfirmation(false);
    try {
      const user = await login(trimmed, password);
      setUser(user);
      setDone(true);
      router.replace(next);
      router.refresh();
    } catch (err) {
      setError(errorMessage(err));
      setNeedsConfirmation(err instanceof ApiError && err.details?.nextStep === 'CONFIRM_SIGN_UP');
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
      {notice && !error ? (
        <div className="alert alert--success" role="status">
          {notice}
        </div>
      ) : null}
      <form onSubmit={onSubmit} noValidate aria-describedby={error ? `${id}-error` : undefined}>
        <FormAlert id={`${id}-error`} message={error} />
        {needsConfirmation ? (
          <p>
            <Link href={`/signup/confirm?email=${encodeURIComponent(email.trim())}`}>Enter your confirmation code</Link>
          </p>
        ) : null}
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
      {mode === 'aws' ? (
        <p className="small">
          <Link href="/login/reset">Forgot your password?</Link>
        </p>
      ) : (
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
      )}
    </>
  );
}
