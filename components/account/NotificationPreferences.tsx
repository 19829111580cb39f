'use client';

import { useState } from 'react';
import { notificationApi } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/http';
import { Loaded } from '@/components/ui/Loaded';
import { ErrorAlert } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

/**
 * The account's email preferences: reminders before a booking can be switched off; receipts, refunds, payment and
 * payout failures always go (they are about money).
 */
export function NotificationPreferences() {
  const load = useLoad((signal) => notificationApi('GET_NOTIFICATION_PREFERENCES', {}, { signal }));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const change = async (reminders: boolean) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await notificationApi('SET_NOTIFICATION_PREFERENCES', { reminders });
      setSaved(reminders ? 'Reminders are on.' : 'Reminders are off.');
      load.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="email-preferences-title">
      <h2 id="email-preferences-title">Email preferences</h2>
      <ErrorAlert message={error} />
      <Loaded load={load} label="Loading your preferences…">
        {({ reminders }) => (
          <div className="stack">
            <label>
              <input type="checkbox" checked={reminders} disabled={busy} onChange={(e) => void change(e.target.checked)} /> Remind me by
              email before a booking starts
            </label>
            <p className="muted small">
              Confirmations, receipts, refunds and payment or payout problems are always sent: they are about your money.
            </p>
            {saved ? (
              <p role="status" className="small">
                {saved}
              </p>
            ) : null}
          </div>
        )}
      </Loaded>
    </section>
  );
}
