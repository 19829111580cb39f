'use client';

/**
 * AWS mode's sign-in (Amplify Auth / Cognito user pool, email + password). Load it only in AWS mode, through a
 * dynamic import, so local builds never pull in aws-amplify: see the login page. On success the session lives in
 * Amplify's cookies, which the Next.js server forwards to the functions as the caller's ID token.
 */
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { confirmSignIn, signIn, signOut, type SignInOutput } from 'aws-amplify/auth';
import { CredentialFields } from '@/components/session/CredentialFields';
import { useSession } from '@/components/session/SessionProvider';
import { Spinner } from '@/components/ui/States';
import { FormAlert, TextField } from '@/components/ui/TextField';
import { configureAmplify, currentAwsUser } from '@/lib/client/amplify-config';
import { useNextPath } from '@/components/session/useNextPath';

type Step = { kind: 'credentials' } | { kind: 'new-password' };

/** Words for the Cognito errors a user can act on; anything else gets a generic line (details stay in the console). */
function signInMessage(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
      return 'Wrong email or password.';
    case 'UserNotConfirmedException':
      return 'Please confirm your email address first (see the code we sent you).';
    case 'PasswordResetRequiredException':
      return 'Your password must be reset before you can sign in.';
    case 'InvalidPasswordException':
      return err instanceof Error ? err.message : 'That password does not meet the requirements.';
    case 'LimitExceededException':
    case 'TooManyRequestsException':
      return 'Too many attempts. Please wait a moment and try again.';
    default:
      console.error(err);
      return 'Sign-in failed. Please try again.';
  }
}

function stepMessage(output: SignInOutput): string | null {
  switch (output.nextStep.signInStep) {
    case 'CONFIRM_SIGN_UP':
      return 'Please confirm your email address first (see the code we sent you).';
    case 'RESET_PASSWORD':
      return 'Your password must be reset before you can sign in.';
    default:
      return `This account needs a sign-in step this page does not support (${output.nextStep.signInStep}).`;
  }
}

export function AwsSignInForm() {
  const router = useRouter();
  const next = useNextPath();
  const { setUser } = useSession();
  const id = useId();
  const [step, setStep] = useState<Step>({ kind: 'credentials' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const finish = async () => {
    setUser(await currentAwsUser());
    router.replace(next);
    router.refresh();
  };

  const handle = async (output: SignInOutput) => {
    if (output.isSignedIn || output.nextStep.signInStep === 'DONE') return finish();
    if (output.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED') {
      setStep({ kind: 'new-password' });
      setBusy(false);
      return;
    }
    setError(stepMessage(output));
    setBusy(false);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (step.kind === 'credentials' && (!email.trim() || !password)) return setError('Enter your email address and password.');
    if (step.kind === 'new-password' && !newPassword) return setError('Choose a new password.');
    setBusy(true);
    try {
      await configureAmplify();
      if (step.kind === 'new-password') return await handle(await confirmSignIn({ challengeResponse: newPassword }));
      try {
        return await handle(await signIn({ username: email.trim(), password }));
      } catch (err) {
        if (!(err instanceof Error) || err.name !== 'UserAlreadyAuthenticatedException') throw err;
        await signOut(); // another user's session in this browser: replace it
        return await handle(await signIn({ username: email.trim(), password }));
      }
    } catch (err) {
      setError(signInMessage(err));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby={error ? `${id}-error` : undefined}>
      <FormAlert id={`${id}-error`} message={error} />
      {step.kind === 'credentials' ? (
        <CredentialFields id={id} email={email} password={password} onEmail={setEmail} onPassword={setPassword} />
      ) : (
        <TextField
          id={`${id}-new-password`}
          label="New password"
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
        />
      )}
      <button type="submit" className="button button--block button--large" disabled={busy}>
        {busy ? (
          <>
            <Spinner small /> Signing in…
          </>
        ) : step.kind === 'credentials' ? (
          'Log in'
        ) : (
          'Set password and log in'
        )}
      </button>
    </form>
  );
}

export default AwsSignInForm;
