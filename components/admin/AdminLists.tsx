'use client';

import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { DayMetrics } from '@/lib/domain/metrics';
import { BarChart } from '@/components/charts/BarChart';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/States';
import { cents, refundApi } from './api';

function useAdminList<T>(action: string, key: string, fields: Record<string, unknown> = {}) {
  const [rows, setRows] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const body = JSON.stringify(fields);
  const load = useCallback(() => {
    setRows(null);
    refundApi<Record<string, T[]>>(action, JSON.parse(body) as Record<string, unknown>)
      .then((r) => setRows(r[key] ?? []))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [action, key, body]);
  useEffect(load, [load]);
  return { rows, error, reload: load };
}

function Table<T>({ rows, error, headers, render, empty }: { rows: T[] | null; error: string | null; headers: string[]; render: (r: T) => ReactNode[]; empty: string }) {
  if (error) return <ErrorState message={error} />;
  if (!rows) return <LoadingState />;
  if (rows.length === 0) return <EmptyState title={empty} />;
  return (
    <table>
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {render(r).map((cell, j) => (
              <td key={j}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// The disputes queue is components/admin/AdminDisputes.tsx.

interface ProviderRow { userId: string; email: string; displayName: string; stripeAccountId: string | null; stripeAccountStatus: string | null; onboardingComplete: boolean; payoutsEnabled: boolean; providerDebtCents: number }
const ACCOUNT_STATUS_WORDS: Record<string, string> = { PENDING: 'Pending', ACTIVE: 'Active', RESTRICTED: 'Needs attention', REJECTED: 'Rejected' };
export function AdminProviders() {
  const list = useAdminList<ProviderRow>('ADMIN_LIST_PROVIDERS', 'providers');
  return (
    <section>
      <h1>Providers</h1>
      <Table
        {...list}
        empty="No providers with a Stripe account yet"
        headers={['Provider', 'Email', 'Stripe account', 'Status', 'Onboarding', 'Payouts', 'Debt']}
        render={(p) => [p.displayName, p.email, p.stripeAccountId ?? '—', p.stripeAccountStatus ? (ACCOUNT_STATUS_WORDS[p.stripeAccountStatus] ?? p.stripeAccountStatus) : '—', p.onboardingComplete ? 'complete' : 'incomplete', p.payoutsEnabled ? 'enabled' : 'disabled', cents(p.providerDebtCents)]}
      />
    </section>
  );
}

interface EventRow { id: string; eventType: string; status: string; receivedAt: string; attempts: number; lastError?: string }
export function AdminEvents() {
  const [status, setStatus] = useState('');
  const list = useAdminList<EventRow>('ADMIN_LIST_EVENTS', 'events', status ? { status } : {});
  const [message, setMessage] = useState<string | null>(null);
  async function reprocess(id: string) {
    setMessage(null);
    try {
      const r = await refundApi<{ outcome: string }>('ADMIN_REPROCESS_EVENT', { eventId: id });
      setMessage(`${id}: ${r.outcome}`);
      list.reload();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <section>
      <h1>Webhook events</h1>
      <label>
        Status{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any</option>
          <option value="RECEIVED">Received</option>
          <option value="PROCESSED">Processed</option>
          <option value="FAILED">Failed</option>
        </select>
      </label>
      {message ? <p role="status">{message}</p> : null}
      <Table
        {...list}
        empty="No events logged"
        headers={['Event', 'Type', 'Status', 'Received', 'Attempts', 'Error', '']}
        render={(e) => [e.id, e.eventType, e.status, e.receivedAt.slice(0, 19).replace('T', ' '), String(e.attempts), e.lastError ?? '', e.status === 'FAILED' ? <button key="r" type="button" onClick={() => void reprocess(e.id)}>Reprocess</button> : '']}
      />
    </section>
  );
}

// The audit log is components/admin/AuditEvents.tsx.

export function AdminCharts() {
  const [days, setDays] = useState<DayMetrics[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    refundApi<{ days: DayMetrics[] }>('ADMIN_METRICS', { days: 14 })
      .then((r) => setDays(r.days))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  if (error) return <ErrorState message={error} />;
  if (!days) return <LoadingState />;
  return (
    <section aria-label="Charts" style={{ display: 'flex', gap: 24, flexWrap: 'wrap' }}>
      <BarChart title="Commission revenue per day" data={days.map((d) => ({ label: d.day, value: d.commissionCents }))} format={(v) => cents(v)} />
      <BarChart title="Refund rate per day" data={days.map((d) => ({ label: d.day, value: d.refundRateBps }))} format={(v) => `${(v / 100).toFixed(2)}%`} />
      <BarChart title="Bookings per day" data={days.map((d) => ({ label: d.day, value: d.bookings }))} />
    </section>
  );
}
