import type { Ref } from 'react';
import { TextField } from '@/components/ui/TextField';

interface CredentialFieldsProps {
  /** Prefix of the inputs' ids. */
  id: string;
  email: string;
  password: string;
  onEmail: (email: string) => void;
  onPassword: (password: string) => void;
  errors?: { email?: string | undefined; password?: string | undefined };
  emailRef?: Ref<HTMLInputElement>;
  passwordRef?: Ref<HTMLInputElement>;
}

/** The email and password of a sign-in form (local accounts and Cognito alike). */
export function CredentialFields({ id, email, password, onEmail, onPassword, errors = {}, emailRef, passwordRef }: CredentialFieldsProps) {
  return (
    <>
      <TextField
        {...(emailRef ? { ref: emailRef } : {})}
        id={`${id}-email`}
        label="Email"
        type="email"
        name="email"
        autoComplete="email"
        inputMode="email"
        required
        value={email}
        onChange={(e) => onEmail(e.target.value)}
        {...(errors.email ? { error: errors.email } : {})}
      />
      <TextField
        {...(passwordRef ? { ref: passwordRef } : {})}
        id={`${id}-password`}
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        {...(errors.password ? { error: errors.password } : {})}
      />
    </>
  );
}
