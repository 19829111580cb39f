'use client';

import { useId, useState, type FormEvent } from 'react';
import { formatCredits } from '@/lib/domain/credits';
import { SUPPORTED_CURRENCIES } from '@/lib/domain/money';
import { refundApi } from '@/lib/client/api';
import { mediumDateTime, money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { AdminCreditPurchaseView } from '@/lib/http/refund-processor';
import { Spinner } from '@/components/ui/States';
import { DataTable, Pager } from './DataTable';
import { ListRangeFields } from './ListRangeFields';
import { usePagedList } from './usePagedList';
import { dayOrEmpty, oneOf, useUrlFilters } from './useUrlFilters';

const STATUS_WORDS: Record<AdminCreditPurchaseView['status'], string> = {
  OPEN: 'Checkout open',
  EXPIRED: 'Checkout expired',
  COMPLETED: 'Paid',
  REFUND_PENDING: 'Refund started',
  REFUNDED: 'Refunded',
};

const PAID_STATUSES = ['COMPLETED', 'REFUND_PENDING', 'REFUNDED'] as const;
const FILTER_KEYS = ['email', 'status', 'currency', 'from', 'to', 'order'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;

/**
 * /admin/credits: paid credit purchases a page at a time (newest or oldest first, by status, currency and the days
 * bought), or a customer's by email, and the refund of a purchase's unspent part. The filters are the URL's. Every
 * number comes from refund-processor (ADMIN_LIST_CREDIT_PURCHASES plans the refund with the function the refund uses).
 */
export function AdminCreditPurchases() {
  const { values, push } = useUrlFilters(FILTER_KEYS);
  const f = {
    email: values.email,
    status: oneOf(PAID_STATUSES, values.status),
    currency: oneOf(SUPPORTED_CURRENCIES, values.currency),
    from: dayOrEmpty(values.from),
    to: dayOrEmpty(values.to),
    order: values.order === 'oldest' ? ('oldest' as const) : ('newest' as const),
  };
  const filterKey = JSON.stringify(f);
  const [selected, setSelected] = useState<string | null>(null);
  // The last refund's result, in words (kept here: the list reloads after a refund).
  const [result, setResult] = useState<string | null>(null);
  const { list, page, goTo } = usePagedList(filterKey, (cursor, signal) =>
    refundApi(
      'ADMIN_LIST_CREDIT_PURCHASES',
      {
        ...(f.email ? { email: f.email } : {}),
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
  const purchases = list.loading ? undefined : list.data?.purchases;
  const purchase = purchases?.find((p) => p.id === selected);
  const show = (next: Filters) => {
    setSelected(null);
    setResult(null);
    push(next);
  };

  return (
    <section aria-labelledby="credit-purchases-heading">
      <h1 id="credit-purchases-heading">Credit purchases</h1>
      <p>Refunding a purchase removes its unspent credits from the customer&apos;s balance and refunds that share of the card payment.</p>
      <PurchaseFilters key={filterKey} initial={{ ...f, order: f.order === 'oldest' ? 'oldest' : '' }} onSubmit={show} />
      {f.email ? (
        <button type="button" className="button button--secondary" onClick={() => show({ ...EMPTY_FILTERS })}>
          Show recent purchases
        </button>
      ) : null}
      {result ? (
        <p className="alert alert--success" role="status">
          {result}
        </p>
      ) : null}
      <h2>{f.email ? `Purchases of ${f.email}` : 'Recent purchases'}</h2>
      <DataTable
        caption="Credit purchases"
        list={list}
        rows={purchases}
        rowKey={(p) => p.id}
        empty={f.email ? 'No credit purchases for this email' : 'No paid credit purchases found'}
        headers={['Bought', 'Customer', 'Package', 'Credits bought', 'Spent', 'Unspent', 'Paid', 'Refund', 'Status', '']}
        render={(p) => [
          mediumDateTime(p.createdAt),
          p.customerEmail || p.userId,
          p.packageName,
          formatCredits(p.credits),
          formatCredits(p.spentCredits),
          formatCredits(p.unspentCredits),
          money(p.amountCents, p.currency),
          p.status === 'OPEN' || p.status === 'EXPIRED' ? '—' : money(p.refundCents, p.currency),
          STATUS_WORDS[p.status],
          p.refundable ? (
            <button
              key="refund"
              type="button"
              className="button button--secondary"
              onClick={() => {
                setResult(null);
                setSelected(p.id);
              }}
              aria-label={`Refund ${p.packageName} bought by ${p.customerEmail || p.userId}`}
            >
              Refund…
            </button>
          ) : null,
        ]}
      />
      <Pager page={page} nextCursor={list.loading ? undefined : list.data?.nextCursor} onPage={goTo} />
      {purchase ? (
        <RefundPanel
          key={purchase.id}
          purchase={purchase}
          onDone={(message) => {
            setSelected(null);
            setResult(message);
            list.reload();
          }}
          onClose={() => setSelected(null)}
        />
      ) : null}
    </section>
  );
}

const EMPTY_FILTERS: Filters = { email: '', status: '', currency: '', from: '', to: '', order: '' };

function PurchaseFilters({ initial, onSubmit }: { initial: Filters; onSubmit: (f: Filters) => void }) {
  const [form, setForm] = useState<Filters>(initial);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.from && form.to && form.from > form.to) {
      setError('The "bought from" day must be on or before the "bought to" day.');
      return;
    }
    setError(null);
    onSubmit({ ...form, email: form.email.trim() });
  };
  return (
    <form role="search" aria-label="Find credit purchases" onSubmit={submit} className="list-filters">
      <div className="field">
        <label htmlFor="purchase-email">Customer email</label>
        <input id="purchase-email" name="email" type="email" className="input" value={form.email} onChange={set('email')} />
      </div>
      <div className="field">
        <label htmlFor="purchase-status">Status</label>
        <select id="purchase-status" name="status" className="select" value={form.status} onChange={set('status')}>
          <option value="">Any paid status</option>
          {PAID_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_WORDS[s]}
            </option>
          ))}
        </select>
      </div>
      <ListRangeFields idPrefix="purchase" dayWord="Bought" newestLabel="Newest first" oldestLabel="Oldest first" form={form} set={set} />
      <button type="submit" className="button">
        Find purchases
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}

/** The reason (required), a confirmation step showing the server's numbers, and the result in words. */
function RefundPanel({
  purchase,
  onDone,
  onClose,
}: {
  purchase: AdminCreditPurchaseView;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const who = purchase.customerEmail || purchase.userId;

  const review = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) {
      setReasonError('Enter a reason (at least 3 characters).');
      return;
    }
    setReasonError(null);
    setConfirming(true);
  };

  const refund = async () => {
    setBusy(true);
    setError(null);
    try {
      const done = await refundApi('REFUND_CREDIT_PURCHASE', { purchaseId: purchase.id, reason: reason.trim() });
      onDone(done.message);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-h`} className="card">
      <h2 id={`${id}-h`}>
        Refund {purchase.packageName} bought by {who}
      </h2>
      <p aria-label="Refund preview" role="region">
        {purchase.summary}
      </p>
      <form onSubmit={review} noValidate style={{ display: 'grid', gap: 8, maxWidth: 480 }}>
        <label htmlFor={`${id}-reason`}>Reason</label>
        <textarea
          id={`${id}-reason`}
          name="reason"
          required
          minLength={3}
          maxLength={500}
          value={reason}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? `${id}-reason-error` : undefined}
          disabled={busy}
          onChange={(e) => {
            setReason(e.target.value);
            setConfirming(false);
          }}
        />
        {reasonError ? (
          <p id={`${id}-reason-error`} role="alert">
            {reasonError}
          </p>
        ) : null}
        {!confirming ? (
          <div>
            <button type="submit">Review refund</button>{' '}
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        ) : (
          <div role="group" aria-label="Confirm refund">
            <p>
              Refund {money(purchase.refundCents, purchase.currency)} to {who} and remove {formatCredits(purchase.unspentCredits)} from
              their balance? This cannot be undone.
            </p>
            <button type="button" onClick={() => void refund()} disabled={busy}>
              {busy ? <Spinner small /> : null} Confirm refund
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
              Back
            </button>
          </div>
        )}
        {error ? <p role="alert">{error}</p> : null}
      </form>
    </section>
  );
}
