'use client';

import Link from 'next/link';
import { useState } from 'react';
import { refundApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { ErrorState, LoadingState, EmptyState } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { BOOKING_STATUSES, type BookingStatus } from '@/lib/domain/booking-status';

type StatusFilter = BookingStatus | '';
/** The filter's choices: any status, then each of the booking machine's. */
const STATUSES: readonly StatusFilter[] = ['', ...BOOKING_STATUSES];

export function AdminBookings() {
  const [status, setStatus] = useState<StatusFilter>('');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState<{ status: StatusFilter; search: string }>({ status: '', search: '' });
  const list = useLoad(
    async (signal) =>
      (
        await refundApi(
          'ADMIN_LIST_BOOKINGS',
          { ...(query.status ? { status: query.status } : {}), ...(query.search ? { search: query.search } : {}) },
          { signal },
        )
      ).bookings,
    JSON.stringify(query),
  );
  const rows = list.loading ? null : (list.data ?? null);
  const error = list.error === undefined ? null : errorMessage(list.error);

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
          <select name="status" value={status} onChange={(e) => setStatus(STATUSES.find((s) => s === e.target.value) ?? '')}>
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
                <td>{money(b.totalAmountCents, b.currency)}</td>
                <td>{money(b.refundedCents, b.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
