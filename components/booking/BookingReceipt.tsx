'use client';

import { useCallback, useEffect, useState } from 'react';
import { lifecycleApi } from '@/components/earnings/api';
import { formatDate } from '@/lib/client/format';
import { formatMoney } from '@/lib/domain/money';
import type { BookingReceiptView } from '@/lib/http/booking-processor';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; receipt: BookingReceiptView };

/**
 * What a paid booking cost and how it was paid (credits, card, refunds), with a link to Stripe's receipt of the
 * card charge. Renders nothing for a booking that was never paid.
 */
export function BookingReceipt({ bookingId, timeZone }: { bookingId: string; timeZone: string | null }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    lifecycleApi('GET_BOOKING_RECEIPT', { bookingId })
      .then((r) => {
        if (live) setLoad({ state: 'ready', receipt: r.receipt });
      })
      .catch((err: unknown) => {
        if (live) setLoad({ state: 'error', message: err instanceof Error ? err.message : 'We could not load your receipt.' });
      });
    return () => {
      live = false;
    };
  }, [bookingId, attempt]);

  if (load.state === 'ready' && !load.receipt.paid) return null;
  return (
    <section className="card" aria-labelledby="receipt-title">
      <h2 id="receipt-title">Payment</h2>
      {load.state === 'loading' ? (
        <p className="muted" role="status">
          Loading your payment details…
        </p>
      ) : load.state === 'error' ? (
        <div className="alert alert--error" role="alert">
          <p>{load.message}</p>
          <button type="button" className="button button--secondary" onClick={retry}>
            Try again
          </button>
        </div>
      ) : (
        <ReceiptDetails receipt={load.receipt} timeZone={timeZone} />
      )}
    </section>
  );
}

function ReceiptDetails({ receipt: r, timeZone }: { receipt: BookingReceiptView; timeZone: string | null }) {
  const money = (amountCents: number) => formatMoney({ amountCents, currency: r.currency });
  return (
    <>
      <dl className="summary">
        {r.paidAt && timeZone ? (
          <div>
            <dt>Paid on</dt>
            <dd>{formatDate(r.paidAt, timeZone)}</dd>
          </div>
        ) : null}
        {r.creditsAppliedCents > 0 ? (
          <>
            <div>
              <dt>Paid with credits</dt>
              <dd>{money(r.creditsAppliedCents)}</dd>
            </div>
            <div>
              <dt>Paid by card</dt>
              <dd>{money(r.cardAmountCents)}</dd>
            </div>
          </>
        ) : null}
        {r.refundedCents > 0 ? (
          <div>
            <dt>Refunded</dt>
            <dd>{money(r.refundedCents)}</dd>
          </div>
        ) : null}
        <div className="summary__total">
          <dt>Total</dt>
          <dd>{money(r.totalAmountCents)}</dd>
        </div>
      </dl>
      <p style={{ margin: '0.75rem 0 0' }}>
        {r.receiptUrl ? (
          <a href={r.receiptUrl} target="_blank" rel="noreferrer">
            View your card receipt<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        ) : r.cardAmountCents === 0 ? (
          <span className="small muted">Paid entirely with credits, so there is no card receipt.</span>
        ) : (
          <span className="small muted">Your card receipt is not available yet. Please check again in a few minutes.</span>
        )}
      </p>
    </>
  );
}
