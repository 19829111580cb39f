'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { refundApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { BOOKING_STATUSES } from '@/lib/domain/booking-status';
import { SUPPORTED_CURRENCIES } from '@/lib/domain/money';
import { DataTable, Pager } from './DataTable';
import { ListRangeFields } from './ListRangeFields';
import { usePagedList } from './usePagedList';
import { dayOrEmpty, oneOf, useUrlFilters } from './useUrlFilters';

const FILTER_KEYS = ['search', 'status', 'currency', 'from', 'to', 'order'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;

/**
 * The dashboard's bookings list: a page at a time from the server (newest or oldest created first), filtered by status,
 * currency and the days created, or a search by booking id or customer email. The filters are the URL's.
 */
export function AdminBookings() {
  const { values, push } = useUrlFilters(FILTER_KEYS);
  const f = {
    search: values.search,
    status: oneOf(BOOKING_STATUSES, values.status),
    currency: oneOf(SUPPORTED_CURRENCIES, values.currency),
    from: dayOrEmpty(values.from),
    to: dayOrEmpty(values.to),
    order: values.order === 'oldest' ? ('oldest' as const) : ('newest' as const),
  };
  const filterKey = JSON.stringify(f);
  const { list, page, goTo } = usePagedList(filterKey, (cursor, signal) =>
    refundApi(
      'ADMIN_LIST_BOOKINGS',
      {
        ...(f.search ? { search: f.search } : {}),
        ...(f.status ? { status: f.status } : {}),
        ...(f.currency ? { currency: f.currency } : {}),
        ...(f.from ? { from: f.from } : {}),
        ...(f.to ? { to: f.to } : {}),
        order: f.order,
        limit: 50,
        ...(cursor ? { cursor } : {}),
      },
      { signal },
    ),
  );

  return (
    <section>
      <h2>Bookings</h2>
      {/* Keyed by the URL's filters: back/forward shows the form as it was. */}
      <BookingFilters key={filterKey} initial={{ ...f, order: f.order === 'oldest' ? 'oldest' : '' }} onSubmit={push} />
      <DataTable
        caption="Bookings"
        list={list}
        rows={list.loading ? undefined : list.data?.bookings}
        rowKey={(b) => b.id}
        empty="No bookings found"
        headers={['Booking', 'Created', 'Service', 'Customer', 'Status', 'Paid', 'Refunded']}
        render={(b) => [
          <Link key="id" href={`/admin/bookings/${encodeURIComponent(b.id)}`}>
            {b.id}
          </Link>,
          b.createdAt.slice(0, 16).replace('T', ' '),
          b.serviceTitle,
          b.customerEmail,
          `${b.status}${b.payoutHold ? ' (payout on hold)' : ''}${b.chargebackStatus ? ` · chargeback ${b.chargebackStatus}` : ''}`,
          money(b.totalAmountCents, b.currency),
          money(b.refundedCents, b.currency),
        ]}
      />
      <Pager page={page} nextCursor={list.loading ? undefined : list.data?.nextCursor} onPage={goTo} />
    </section>
  );
}

function BookingFilters({ initial, onSubmit }: { initial: Filters; onSubmit: (f: Filters) => void }) {
  const [form, setForm] = useState<Filters>(initial);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.from && form.to && form.from > form.to) {
      setError('The "created from" day must be on or before the "created to" day.');
      return;
    }
    setError(null);
    onSubmit({ ...form, search: form.search.trim() });
  };
  return (
    <form role="search" aria-label="Find bookings" onSubmit={submit} className="list-filters">
      <div className="field">
        <label htmlFor="booking-search">Search (booking id or customer email)</label>
        <input id="booking-search" name="search" className="input" value={form.search} onChange={set('search')} />
      </div>
      <div className="field">
        <label htmlFor="booking-status">Status</label>
        <select id="booking-status" name="status" className="select" value={form.status} onChange={set('status')}>
          <option value="">Any status</option>
          {BOOKING_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <ListRangeFields
        idPrefix="booking"
        dayWord="Created"
        newestLabel="Newest created first"
        oldestLabel="Oldest created first"
        form={form}
        set={set}
      />
      <button type="submit" className="button">
        Search
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}
