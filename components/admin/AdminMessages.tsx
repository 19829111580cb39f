'use client';

import { useState } from 'react';
import { adminNotificationApi } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/http';
import type { NotificationView } from '@/lib/http/notifications';
import { Loaded } from '@/components/ui/Loaded';
import { ErrorAlert } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { DataTable, Pager } from './DataTable';
import { usePagedList } from './usePagedList';
import { useFilterPush } from './useUrlFilters';

const STATUS_BADGE: Record<NotificationView['status'], string> = {
  SENT: 'badge--success',
  PENDING: 'badge--info',
  SENDING: 'badge--info',
  FAILED: 'badge--danger',
  DEAD: 'badge--danger',
};

/** Resend a FAILED or DEAD message: which one is in flight, the outcome in words, and a reload of the list after. */
function useResend(reload: () => void) {
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
      reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  return { error, note, busy, resend };
}

/**
 * Emails as admins see them: one booking's (sent, pending, failed); the failed and dead-lettered ones across the
 * marketplace are AdminUndeliveredMessages below. Resend queues a FAILED or DEAD message again; a sent or queued one is never sent twice.
 */
export function AdminMessages({ bookingId, title }: { bookingId: string; title: string }) {
  const load = useLoad((signal) => adminNotificationApi('ADMIN_NOTIFICATIONS', { bookingId }, { signal }));
  const { error, note, busy, resend } = useResend(() => load.reload());

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
                    <td>{n.kind}</td>
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

/** The emails page's filter (the URL's `status` and `order`): FAILED, DEAD or both, newest or oldest first. */
export interface UndeliveredFilter {
  status?: 'FAILED' | 'DEAD' | undefined;
  order: 'newest' | 'oldest';
}

/** The undelivered emails across the marketplace, a page at a time from the server, with resend. */
export function AdminUndeliveredMessages({ filter }: { filter: UndeliveredFilter }) {
  const { status, order } = filter;
  const setFilters = useFilterPush({ status, order: order === 'newest' ? undefined : order });
  const { list, page, goTo } = usePagedList(`${status ?? ''}|${order}`, (cursor, signal) =>
    adminNotificationApi(
      'ADMIN_NOTIFICATIONS',
      { ...(status ? { status } : {}), order, limit: 50, ...(cursor ? { cursor } : {}) },
      { signal },
    ),
  );
  const { error, note, busy, resend } = useResend(() => list.reload());
  return (
    <section aria-labelledby="undelivered-heading">
      <h2 id="undelivered-heading">Failed emails</h2>
      <div className="list-filters">
        <div className="field">
          <label htmlFor="email-status">Status</label>
          <select
            id="email-status"
            value={status ?? ''}
            onChange={(e) => setFilters({ status: e.target.value === 'FAILED' || e.target.value === 'DEAD' ? e.target.value : undefined })}
          >
            <option value="">Failed or dead-lettered</option>
            <option value="FAILED">Failed (refused for good)</option>
            <option value="DEAD">Dead-lettered (out of retries)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="email-order">Order</label>
          <select
            id="email-order"
            value={order}
            onChange={(e) => setFilters({ order: e.target.value === 'oldest' ? 'oldest' : undefined })}
          >
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </div>
      </div>
      <ErrorAlert message={error} />
      {note ? <p role="status">{note}</p> : null}
      <DataTable
        caption="Failed emails"
        list={list}
        rows={list.loading ? undefined : list.data?.notifications}
        rowKey={(n) => n.id}
        empty={page > 0 ? 'No more failed emails' : 'No failed emails'}
        headers={['Message', 'To', 'Status', 'Created', 'Attempts', 'Last error', '']}
        render={(n) => [
          <>
            {n.kind}
            <div className="muted small">{n.subjectKey}</div>
          </>,
          <>
            {n.recipientEmail} <span className="muted small">({n.recipientRole})</span>
          </>,
          <span key="s" className={`badge ${STATUS_BADGE[n.status]}`}>
            {n.status.toLowerCase()}
          </span>,
          n.createdAt.slice(0, 16).replace('T', ' '),
          String(n.attempts),
          n.lastError ?? '',
          n.status === 'FAILED' || n.status === 'DEAD' ? (
            <button key="r" type="button" className="button button--secondary" disabled={busy === n.id} onClick={() => void resend(n)}>
              {busy === n.id ? 'Resending…' : `Resend ${n.kind} to ${n.recipientRole}`}
            </button>
          ) : (
            ''
          ),
        ]}
      />
      <Pager page={page} nextCursor={list.loading ? undefined : list.data?.nextCursor} onPage={goTo} />
    </section>
  );
}
