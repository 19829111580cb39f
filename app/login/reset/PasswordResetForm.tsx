'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { requestPasswordReset, resetPassword } from '@/lib/client/api';
import { errorMessage, fieldErrors } from '@/lib/client/http';
import { Spinner } from '@/components/ui/States';
import { FormAlert, TextField } from '@/components/ui/TextField';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD = 8;
type Field = 'email' | 'code' | 'password';

/** AWS mode: ask for a code by email, then set a new password with it; then log in. */
export function PasswordResetForm() {
  const router = useRouter();
  const params = useSearchParams();
  const id = useId();
  const [step, setStep] = useState<'request' | 'confirm'>('request');
  const [values, setValues] = useState<Record<Field, string>>({ email: params.get('email') ?? '', code: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = { email: useRef<HTMLInputElement>(null), code: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };

  const validate = (): Partial<Record<Field, string>> => {
    const e: Partial<Record<Field, string>> = {};
    if (!EMAIL.test(values.email.trim())) e.email = 'Enter an email address like name@example.com.';
    if (step === 'confirm') {
      if (!/^\d{4,10}$/.test(values.code.trim())) e.code = 'Enter the code from the email: digits only.';
      if (values.password.length < MIN_PASSWORD) e.password = `Choose a password of at least ${MIN_PASSWORD} characters.`;
    }
    return e;
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const e = validate();
    setErrors(e);
    const first = (['email', 'code', 'password'] as const).find((f) => e[f]);
    if (first) return refs[first].current?.focus();
    setBusy(true);
    const email = values.email.trim();
    try {
      if (step === 'request') {
        await requestPasswordReset(email);
        setStep('confirm');
        setBusy(false);
        return;
      }
      await resetPassword({ email, code: values.code.trim(), password: values.password });
      router.replace(`/login?done=password-reset&email=${encodeURIComponent(email)}`);
    } catch (err) {
      setBusy(false);
      const server = fieldErrors(err);
      const mapped: Partial<Record<Field, string>> = {};
      for (const f of ['email', 'code', 'password'] as const) if (server[f]) mapped[f] = server[f];
      setErrors(mapped);
      const firstServer = (['email', 'code', 'password'] as const).find((f) => mapped[f]);
      if (firstServer) refs[firstServer].current?.focus();
      else setError(errorMessage(err));
    }
  };

  const field = (name: Field, label: string, type: string, autoComplete: string, hint?: string) => (
    <TextField
      ref={refs[name]}
      id={`${id}-${name}`}
      label={label}
      hint={hint}
      error={errors[name]}
      type={type}
      name={name}
      autoComplete={autoComplete}
      required
      readOnly={name === 'email' && step === 'confirm'}
      value={values[name]}
      onChange={(ev) => setValues((v) => ({ ...v, [name]: ev.target.value }))}
    />
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby={error ? `${id}-error` : undefined}>
      <FormAlert id={`${id}-error`} message={error} />
      {step === 'confirm' ? (
        <div className="alert alert--info" role="status">
          If an account has this email, we sent it a code. Enter it with your new password.
        </div>
      ) : (
        <p className="muted">Enter the email address of your account and we will send you a code.</p>
      )}
      {field('email', 'Email', 'email', 'email')}
      {step === 'confirm' ? (
        <>
          {field('code', 'Code from the email', 'text', 'one-time-code')}
          {field('password', 'New password', 'password', 'new-password', `At least ${MIN_PASSWORD} characters.`)}
        </>
      ) : null}
      <button type="submit" className="button button--block button--large" disabled={busy}>
        {busy ? (
          <>
            <Spinner small /> {step === 'request' ? 'Sending the code…' : 'Saving your new password…'}
          </>
        ) : step === 'request' ? (
          'Send me a code'
        ) : (
          'Set new password'
        )}
      </button>
    </form>
  );
}
