'use client';

import { useState } from 'react';
import { refundApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { SignOutEverywhere } from './SignOutEverywhere';
import { DataTable, Pager } from './DataTable';
import { usePagedList } from './usePagedList';

// The disputes queue is components/admin/AdminDisputes.tsx.

const ACCOUNT_STATUS_WORDS: Record<string, string> = {
  PENDING: 'Pending',
  ACTIVE: 'Active',
  RESTRICTED: 'Needs attention',
  REJECTED: 'Rejected',
};
const PROVIDER_STATUSES = ['PENDING', 'ACTIVE', 'RESTRICTED', 'REJECTED'] as const;
export function AdminProviders() {
  const [status, setStatus] = useState<(typeof PROVIDER_STATUSES)[number] | ''>('');
  const { list, page, goTo } = usePagedList(status, (cursor, signal) =>
    refundApi('ADMIN_LIST_PROVIDERS', { ...(status ? { status } : {}), limit: 50, ...(cursor ? { cursor } : {}) }, { signal }),
  );
  return (
    <section>
      <h1>Providers</h1>
      <div className="list-filters">
        <div className="field">
          <label htmlFor="provider-status">Onboarding status</label>
          <select
            id="provider-status"
            value={status}
            onChange={(e) => setStatus(PROVIDER_STATUSES.find((s) => s === e.target.value) ?? '')}
          >
            <option value="">Any</option>
            {PROVIDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ACCOUNT_STATUS_WORDS[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <DataTable
        caption="Providers"
        list={list}
        rows={list.loading ? undefined : list.data?.providers}
        rowKey={(p) => p.userId}
        empty="No providers with a Stripe account yet"
        headers={['Provider', 'Email', 'Stripe account', 'Status', 'Onboarding', 'Payouts', 'Debt', 'Sessions']}
        render={(p) => [
          p.displayName,
          p.email,
          p.stripeAccountId ?? '—',
          p.stripeAccountStatus ? (ACCOUNT_STATUS_WORDS[p.stripeAccountStatus] ?? p.stripeAccountStatus) : '—',
          p.onboardingComplete ? 'complete' : 'incomplete',
          p.payoutsEnabled ? 'enabled' : 'disabled',
          money(p.providerDebtCents),
          <SignOutEverywhere key="sessions" userId={p.userId} name={p.displayName} />,
        ]}
      />
      <Pager page={page} nextCursor={list.loading ? undefined : list.data?.nextCursor} onPage={goTo} />
    </section>
  );
}

const EVENT_STATUSES = ['RECEIVED', 'PROCESSED', 'IGNORED', 'FAILED'] as const;
export function AdminEvents() {
  const [status, setStatus] = useState<(typeof EVENT_STATUSES)[number] | ''>('');
  const [order, setOrder] = useState<'newest' | 'oldest'>('newest');
  const { list, page, goTo } = usePagedList(`${status}|${order}`, (cursor, signal) =>
    refundApi('ADMIN_LIST_EVENTS', { ...(status ? { status } : {}), order, limit: 50, ...(cursor ? { cursor } : {}) }, { signal }),
  );
  const [message, setMessage] = useState<string | null>(null);
  async function reprocess(id: string) {
    setMessage(null);
    try {
      const r = await refundApi('ADMIN_REPROCESS_EVENT', { eventId: id });
      setMessage(`${id}: ${r.outcome}${r.reason ? ` (${r.reason})` : ''}`);
      list.reload();
    } catch (e) {
      setMessage(errorMessage(e));
    }
  }
  return (
    <section>
      <h1>Webhook events</h1>
      <div className="list-filters">
        <div className="field">
          <label htmlFor="event-status">Status</label>
          <select id="event-status" value={status} onChange={(e) => setStatus(EVENT_STATUSES.find((s) => s === e.target.value) ?? '')}>
            <option value="">Any</option>
            <option value="RECEIVED">Received</option>
            <option value="PROCESSED">Processed</option>
            <option value="IGNORED">Ignored (nothing the app can use)</option>
            <option value="FAILED">Failed</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="event-order">Order</label>
          <select id="event-order" value={order} onChange={(e) => setOrder(e.target.value === 'oldest' ? 'oldest' : 'newest')}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </div>
      </div>
      {message ? <p role="status">{message}</p> : null}
      <DataTable
        caption="Webhook events"
        list={list}
        rows={list.loading ? undefined : list.data?.events}
        rowKey={(e) => e.id}
        empty="No events logged"
        headers={['Event', 'Type', 'Status', 'Received', 'Attempts', 'Error', 'Why ignored', '']}
        render={(e) => [
          e.id,
          e.eventType,
          e.status,
          e.receivedAt.slice(0, 19).replace('T', ' '),
          String(e.attempts),
          e.lastError ?? '',
          e.reason ?? '',
          e.status === 'FAILED' ? (
            <button key="r" type="button" className="button button--secondary" onClick={() => void reprocess(e.id)}>
              Reprocess
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

// The audit log is components/admin/AuditEvents.tsx.

// The dashboard's metrics and charts are components/admin/AdminDashboardCharts.tsx.
