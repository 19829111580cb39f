'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { AdminBookingRow } from '@/lib/http/refund-processor';
import { ErrorState, LoadingState, EmptyState } from '@/components/ui/States';
import { cents, refundApi } from './api';

const STATUSES = ['', 'PENDING_PAYMENT', 'PAYMENT_FAILED', 'CONFIRMED', 'COMPLETED', 'PAID_OUT', 'CANCELLED', 'EXPIRED', 'DISPUTED', 'REFUNDED'];

export function AdminBookings() {
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState({ status: '', search: '' });
  const [rows, setRows] = useState<AdminBookingRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setRows(null);
    setError(null);
    refundApi<{ bookings: AdminBookingRow[] }>('ADMIN_LIST_BOOKINGS', {
      ...(query.status ? { status: query.status } : {}),
      ...(query.search ? { search: query.search } : {}),
    })
      .then((r) => setRows(r.bookings))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [query]);

  return (
    <section aria-labelledby="bookings-heading">
      <h2 id="bookings-heading">Bookings</h2>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ status, search: search.trim() });
        }}
        style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'end' }}
      >
        <label>
          Search (booking id or customer email)
          <input name="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          Status
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || 'Any status'}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {error ? <ErrorState title="Could not load bookings" message={error} /> : null}
      {!error && rows === null ? <LoadingState /> : null}
      {rows && rows.length === 0 ? <EmptyState title="No bookings found" /> : null}
      {rows && rows.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Booking</th>
              <th>Created</th>
              <th>Service</th>
              <th>Customer</th>
              <th>Status</th>
              <th>Paid</th>
              <th>Refunded</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.id}>
                <td>
                  <Link href={`/admin/bookings/${encodeURIComponent(b.id)}`}>{b.id}</Link>
                </td>
                <td>{b.createdAt.slice(0, 16).replace('T', ' ')}</td>
                <td>{b.serviceTitle}</td>
                <td>{b.customerEmail}</td>
                <td>
                  {b.status}
                  {b.payoutHold ? ' (payout on hold)' : ''}
                  {b.chargebackStatus ? ` · chargeback ${b.chargebackStatus}` : ''}
                </td>
                <td>{cents(b.totalAmountCents, b.currency)}</td>
                <td>{cents(b.refundedCents, b.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
