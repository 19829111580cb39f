'use client';

import { useId, useState, type FormEvent } from 'react';
import { connectApi } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/http';

/**
 * An admin ends every session of one user (a lost phone, a role taken away): their open tabs and devices are refused
 * on their next request and they sign in again. Asks for the reason first; it goes into the audit log.
 */
export function SignOutEverywhere({ userId, name }: { userId: string; name: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy: boolean; done?: string; error?: string }>({ busy: false });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setState({ busy: true });
    try {
      await connectApi('ADMIN_REVOKE_SESSIONS', { userId, reason: reason.trim() });
      setState({ busy: false, done: `${name} is signed out everywhere.` });
      setOpen(false);
    } catch (err) {
      setState({ busy: false, error: errorMessage(err) });
    }
  }

  if (!open) {
    return (
      <span>
        <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
          Sign out everywhere
        </button>
        {state.done ? <span role="status"> {state.done}</span> : null}
      </span>
    );
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={`Sign ${name} out everywhere`}>
      <label htmlFor={`${id}-reason`}>Why? (kept in the audit log)</label>
      <input
        id={`${id}-reason`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        minLength={3}
        maxLength={500}
        required
        aria-invalid={state.error ? true : undefined}
        aria-describedby={state.error ? `${id}-error` : undefined}
      />
      <button type="submit" className="button" disabled={state.busy || reason.trim().length < 3}>
        {state.busy ? 'Signing out…' : 'Sign out'}
      </button>
      <button type="button" className="button button--secondary" onClick={() => setOpen(false)} disabled={state.busy}>
        Cancel
      </button>
      {state.error ? (
        <p id={`${id}-error`} role="alert">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
