'use client';

import { useState } from 'react';
import { unsubscribeReminders } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/http';
import { ErrorAlert } from '@/components/ui/States';

/** The unsubscribe page's one button: the signed link's parameters, sent as JSON (no session needed). */
export function UnsubscribeConfirm({ user, kind, token }: { user: string; kind: string; token: string }) {
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await unsubscribeReminders({ user, kind, token });
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card">
      <ErrorAlert message={error} />
      {done ? (
        <p role="status">Done: you will get no more reminder emails. Receipts and other messages about your money still come.</p>
      ) : (
        <button type="button" className="button" disabled={busy || !token} onClick={() => void confirm()}>
          {busy ? 'Stopping…' : 'Stop reminder emails'}
        </button>
      )}
    </section>
  );
}
