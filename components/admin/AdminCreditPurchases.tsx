'use client';

import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { AdminCreditPurchaseView, CreditPurchaseAdminResponses } from '@/lib/http/refund-processor';
import { credits, dateTime, money } from '@/components/credits/format';
import { EmptyState, ErrorState, LoadingState, Spinner } from '@/components/ui/States';
import { refundApi } from './api';

const STATUS_WORDS: Record<AdminCreditPurchaseView['status'], string> = {
  OPEN: 'Checkout open',
  EXPIRED: 'Checkout expired',
  COMPLETED: 'Paid',
  REFUND_PENDING: 'Refund started',
  REFUNDED: 'Refunded',
};

const messageOf = (e: unknown) => (e instanceof Error && e.message ? e.message : 'Something went wrong. Please try again.');

type Rows = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; purchases: AdminCreditPurchaseView[] };

/**
 * /admin/credits: find a credit purchase (recent ones, or a customer's by email) and refund its unspent part. Every
 * number comes from refund-processor (ADMIN_LIST_CREDIT_PURCHASES plans the refund with the function the refund uses).
 */
export function AdminCreditPurchases() {
  const [email, setEmail] = useState('');
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<Rows>({ state: 'loading' });
  const [selected, setSelected] = useState<string | null>(null);
  // The last refund's result, in words (kept here: the list reloads after a refund).
  const [result, setResult] = useState<string | null>(null);

  const load = useCallback(() => {
    setRows({ state: 'loading' });
    refundApi<CreditPurchaseAdminResponses['ADMIN_LIST_CREDIT_PURCHASES']>('ADMIN_LIST_CREDIT_PURCHASES', { limit: 50, ...(query ? { email: query } : {}) })
      .then((r) => setRows({ state: 'ready', purchases: r.purchases }))
      .catch((e: unknown) => setRows({ state: 'error', message: messageOf(e) }));
  }, [query]);
  useEffect(load, [load]);

  const purchase = rows.state === 'ready' ? rows.purchases.find((p) => p.id === selected) : undefined;

  return (
    <section aria-labelledby="credit-purchases-heading">
      <h1 id="credit-purchases-heading">Credit purchases</h1>
      <p>Refunding a purchase removes its unspent credits from the customer&apos;s balance and refunds that share of the card payment.</p>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSelected(null);
          setResult(null);
          setQuery(email.trim());
        }}
        style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'end' }}
      >
        <label>
          Customer email
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <button type="submit">Find purchases</button>
        {query ? (
          <button
            type="button"
            onClick={() => {
              setEmail('');
              setSelected(null);
              setResult(null);
              setQuery('');
            }}
          >
            Show recent purchases
          </button>
        ) : null}
      </form>
      {result ? (
        <p className="alert alert--success" role="status">
          {result}
        </p>
      ) : null}
      <h2>{query ? `Purchases of ${query}` : 'Recent purchases'}</h2>
      {rows.state === 'loading' ? <LoadingState label="Loading credit purchases…" /> : null}
      {rows.state === 'error' ? <ErrorState title="Could not load the purchases" message={rows.message} onRetry={load} /> : null}
      {rows.state === 'ready' && rows.purchases.length === 0 ? (
        <EmptyState title={query ? 'No credit purchases for this email' : 'No paid credit purchases yet'} />
      ) : null}
      {rows.state === 'ready' && rows.purchases.length > 0 ? (
        <table aria-label="Credit purchases">
          <thead>
            <tr>
              <th>Bought</th>
              <th>Customer</th>
              <th>Package</th>
              <th>Credits bought</th>
              <th>Spent</th>
              <th>Unspent</th>
              <th>Paid</th>
              <th>Refund</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.purchases.map((p) => (
              <tr key={p.id} aria-selected={p.id === selected}>
                <td>{dateTime(p.createdAt)}</td>
                <td>{p.customerEmail || p.userId}</td>
                <td>{p.packageName}</td>
                <td>{credits(p.credits)}</td>
                <td>{credits(p.spentCredits)}</td>
                <td>{credits(p.unspentCredits)}</td>
                <td>{money(p.amountCents, p.currency)}</td>
                <td>{p.status === 'OPEN' || p.status === 'EXPIRED' ? '—' : money(p.refundCents, p.currency)}</td>
                <td>{STATUS_WORDS[p.status]}</td>
                <td>
                  {p.refundable ? (
                    <button
                      type="button"
                      onClick={() => {
                        setResult(null);
                        setSelected(p.id);
                      }}
                      aria-label={`Refund ${p.packageName} bought by ${p.customerEmail || p.userId}`}>
                      Refund…
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {purchase ? (
        <RefundPanel
          key={purchase.id}
          purchase={purchase}
          onDone={(message) => {
            setSelected(null);
            setResult(message);
            load();
          }}
          onClose={() => setSelected(null)}
        />
      ) : null}
    </section>
  );
}

/** The reason (required), a confirmation step showing the server's numbers, and the result in words. */
function RefundPanel({ purchase, onDone, onClose }: { purchase: AdminCreditPurchaseView; onDone: (message: string) => void; onClose: () => void }) {
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
      const done = await refundApi<CreditPurchaseAdminResponses['REFUND_CREDIT_PURCHASE']>('REFUND_CREDIT_PURCHASE', { purchaseId: purchase.id, reason: reason.trim() });
      onDone(done.message);
    } catch (err) {
      setError(messageOf(err));
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
              Refund {money(purchase.refundCents, purchase.currency)} to {who} and remove {credits(purchase.unspentCredits)} from their balance? This cannot be
              undone.
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
