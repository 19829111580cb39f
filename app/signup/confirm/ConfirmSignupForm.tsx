'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { confirmSignup } from '@/lib/client/api';
import { errorMessage, fieldErrors } from '@/lib/client/http';
import { useNextPath } from '@/components/session/useNextPath';
import { Spinner } from '@/components/ui/States';
import { FormAlert, TextField } from '@/components/ui/TextField';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** AWS mode: the code Cognito mailed at sign-up; once it is confirmed the person logs in. */
export function ConfirmSignupForm() {
  const router = useRouter();
  const params = useSearchParams();
  const next = useNextPath();
  const id = useId();
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ email?: string; code?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const e: { email?: string; code?: string } = {};
    if (!EMAIL.test(email.trim())) e.email = 'Enter the email address you signed up with.';
    if (!/^\d{4,10}$/.test(code.trim())) e.code = 'Enter the code from the email: digits only.';
    setErrors(e);
    if (e.email) return emailRef.current?.focus();
    if (e.code) return codeRef.current?.focus();
    setBusy(true);
    try {
      await confirmSignup(email.trim(), code.trim());
      router.replace(`/login?done=confirmed&email=${encodeURIComponent(email.trim())}&next=${encodeURIComponent(next)}`);
    } catch (err) {
      setBusy(false);
      const server = fieldErrors(err);
      if (server.code) {
        setErrors({ code: server.code });
        codeRef.current?.focus();
      } else setError(errorMessage(err));
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby={error ? `${id}-error` : undefined}>
      <FormAlert id={`${id}-error`} message={error} />
      <TextField
        ref={emailRef}
        id={`${id}-email`}
        label="Email"
        type="email"
        name="email"
        autoComplete="email"
        required
        error={errors.email}
        value={email}
        onChange={(ev) => setEmail(ev.target.value)}
      />
      <TextField
        ref={codeRef}
        id={`${id}-code`}
        label="Confirmation code"
        hint="The digits in the email we sent you."
        name="code"
        autoComplete="one-time-code"
        inputMode="numeric"
        required
        error={errors.code}
        value={code}
        onChange={(ev) => setCode(ev.target.value)}
      />
      <button type="submit" className="button button--block button--large" disabled={busy}>
        {busy ? (
          <>
            <Spinner small /> Confirming…
          </>
        ) : (
          'Confirm email'
        )}
      </button>
    </form>
  );
}
