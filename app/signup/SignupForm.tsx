'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { signup } from '@/lib/client/api';
import { ApiError, errorMessage, fieldErrors } from '@/lib/client/http';
import { useNextPath } from '@/components/session/useNextPath';
import { useSession } from '@/components/session/SessionProvider';
import { Spinner } from '@/components/ui/States';
import { FormAlert, TextField } from '@/components/ui/TextField';

type Field = 'displayName' | 'email' | 'password';
const MIN_PASSWORD = 8;

export function SignupForm() {
  const router = useRouter();
  const next = useNextPath();
  const { setUser } = useSession();
  const id = useId();
  const [values, setValues] = useState<Record<Field, string>>({ displayName: '', email: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = {
    displayName: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  const validate = (): Partial<Record<Field, string>> => {
    const e: Partial<Record<Field, string>> = {};
    if (!values.displayName.trim()) e.displayName = 'Enter your name.';
    const email = values.email.trim();
    if (!email) e.email = 'Enter your email address.';
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) e.email = 'Enter an email address like name@example.com.';
    if (values.password.length < MIN_PASSWORD) e.password = `Choose a password of at least ${MIN_PASSWORD} characters.`;
    return e;
  };

  const focusFirst = (e: Partial<Record<Field, string>>) => {
    const first = (['displayName', 'email', 'password'] as const).find((f) => e[f]);
    if (first) refs[first].current?.focus();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const e = validate();
    setErrors(e);
    if (Object.keys(e).length > 0) return focusFirst(e);
    setBusy(true);
    try {
      const email = values.email.trim();
      const answer = await signup({ displayName: values.displayName.trim(), email, password: values.password });
      if ('user' in answer) {
        setUser(answer.user);
        router.replace(next);
        router.refresh();
      } else {
        // AWS mode: the account exists once the emailed code is confirmed
        router.push(`/signup/confirm?email=${encodeURIComponent(answer.email)}&next=${encodeURIComponent(next)}`);
      }
    } catch (err) {
      setBusy(false);
      const server = fieldErrors(err);
      const mapped: Partial<Record<Field, string>> = {};
      for (const f of ['displayName', 'email', 'password'] as const) if (server[f]) mapped[f] = server[f];
      if (err instanceof ApiError && err.code === 'CONFLICT') mapped.email = err.message;
      setErrors(mapped);
      if (Object.keys(mapped).length > 0) focusFirst(mapped);
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
      value={values[name]}
      onChange={(ev) => setValues((v) => ({ ...v, [name]: ev.target.value }))}
    />
  );

  return (
    <form onSubmit={onSubmit} noValidate>
      <FormAlert message={error} />
      {field('displayName', 'Your name', 'text', 'name')}
      {field('email', 'Email', 'email', 'email')}
      {field('password', 'Password', 'password', 'new-password', `At least ${MIN_PASSWORD} characters.`)}
      <button type="submit" className="button button--block button--large" disabled={busy}>
        {busy ? (
          <>
            <Spinner small /> Creating your account…
          </>
        ) : (
          'Create account'
        )}
      </button>
    </form>
  );
}
