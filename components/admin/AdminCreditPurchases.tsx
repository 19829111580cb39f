'use client';

import { useId, useState, type FormEvent } from 'react';
import { formatCredits } from '@/lib/domain/credits';
import { refundApi } from '@/lib/client/api';
import { mediumDateTime, money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { AdminCreditPurchaseView } from '@/lib/http/refund-processor';
import { EmptyState, ErrorState, LoadingState, Spinner } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

const STATUS_WORDS: Record<AdminCreditPurchaseView['status'], string> = {
  OPEN: 'Checkout open',
  EXPIRED: 'Checkout expired',
  COMPLETED: 'Paid',
  REFUND_PENDING: 'Refund started',
  REFUNDED: 'Refunded',
};

/**
 * /admin/credits: find a credit purchase (recent ones, or a customer's by email) and refund its unspent part. Every
 * number comes from refund-processor (ADMIN_LIST_CREDIT_PURCHASES plans the refund with the function the refund uses).
 */
export function AdminCreditPurchases() {
  const [email, setEmail] = useState('');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  // The last refund's result, in words (kept here: the list reloads after a refund).
  const [result, setResult] = useState<string | null>(null);

  const load = useLoad(
    async (signal) =>
      (await refundApi('ADMIN_LIST_CREDIT_PURCHASES', { limit: 50, ...(query ? { email: query } : {}) }, { signal })).purchases,
    query,
  );
  const purchases = load.loading ? undefined : load.data;

  const purchase = purchases?.find((p) => p.id === selected);

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
      {load.error !== undefined ? (
        <ErrorState title="Could not load the purchases" message={errorMessage(load.error)} onRetry={load.reload} />
      ) : !purchases ? (
        <LoadingState label="Loading credit purchases…" />
      ) : null}
      {purchases && purchases.length === 0 ? (
        <EmptyState title={query ? 'No credit purchases for this email' : 'No paid credit purchases yet'} />
      ) : null}
      {purchases && purchases.length > 0 ? (
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
            {purchases.map((p) => (
              <tr key={p.id} aria-selected={p.id === selected}>
                <td>{mediumDateTime(p.createdAt)}</td>
                <td>{p.customerEmail || p.userId}</td>
                <td>{p.packageName}</td>
                <td>{formatCredits(p.credits)}</td>
                <td>{formatCredits(p.spentCredits)}</td>
                <td>{formatCredits(p.unspentCredits)}</td>
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
                      aria-label={`Refund ${p.packageName} bought by ${p.customerEmail || p.userId}`}
                    >
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
            load.reload();
          }}
          onClose={() => setSelected(null)}
        />
      ) : null}
    </section>
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
