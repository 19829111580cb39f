'use client';

import { useState } from 'react';
import { adminNotificationApi } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/http';
import type { NotificationView } from '@/lib/http/notifications';
import { Loaded } from '@/components/ui/Loaded';
import { ErrorAlert } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

const STATUS_BADGE: Record<NotificationView['status'], string> = {
  SENT: 'badge--success',
  PENDING: 'badge--info',
  SENDING: 'badge--info',
  FAILED: 'badge--danger',
  DEAD: 'badge--danger',
};

/**
 * Emails as admins see them: one booking's (sent, pending, failed), or without a booking the failed and dead-lettered
 * ones. Resend queues a FAILED or DEAD message again; a sent or queued one is never sent twice.
 */
export function AdminMessages({ bookingId, title }: { bookingId?: string; title: string }) {
  const load = useLoad((signal) => adminNotificationApi('ADMIN_NOTIFICATIONS', bookingId ? { bookingId } : {}, { signal }));
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const resend = async (n: NotificationView) => {
    setBusy(n.id);
    setError(null);
    setNote(null);
    try {
      const res = await adminNotificationApi('ADMIN_RESEND_NOTIFICATION', { notificationId: n.id });
      setNote(res.requeued ? `Resent: now ${res.status.toLowerCase()}.` : `Not resent: it is ${res.status.toLowerCase()}.`);
      load.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="messages-heading">
      <h2 id="messages-heading">{title}</h2>
      <ErrorAlert message={error} />
      {note ? <p role="status">{note}</p> : null}
      <Loaded load={load} label="Loading messages…">
        {({ notifications }) =>
          notifications.length === 0 ? (
            <p className="muted">No messages.</p>
          ) : (
            <table aria-label={title}>
              <thead>
                <tr>
                  <th scope="col">Message</th>
                  <th scope="col">To</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last error</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {notifications.map((n) => (
                  <tr key={n.id}>
                    <td>
                      {n.kind}
                      {bookingId ? null : <div className="muted small">{n.subjectKey}</div>}
                    </td>
                    <td>
                      {n.recipientEmail} <span className="muted small">({n.recipientRole})</span>
                    </td>
                    <td>
                      <span className={`badge ${STATUS_BADGE[n.status]}`}>{n.status.toLowerCase()}</span>
                    </td>
                    <td>{n.attempts}</td>
                    <td className="small">{n.lastError ?? ''}</td>
                    <td>
                      {n.status === 'FAILED' || n.status === 'DEAD' ? (
                        <button type="button" className="button button--secondary" disabled={busy === n.id} onClick={() => void resend(n)}>
                          {busy === n.id ? 'Resending…' : `Resend ${n.kind} to ${n.recipientRole}`}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}
