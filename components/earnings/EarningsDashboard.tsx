'use client';

import { useState } from 'react';
import { newRequestId, payoutApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { InstantPayoutResponse } from '@/lib/http/payout-manager';
import { useLoad } from '@/components/ui/useLoad';
import { ErrorState, LoadingState } from '@/components/ui/States';
import { useDateRange } from '@/components/charts/DateRangePicker';
import { EarningsChart } from './EarningsChart';
import { PayoutScheduleCard } from './PayoutScheduleCard';

/** The earnings chart's range unless the URL names one. */
const CHART_DAYS = 30;

const REASONS: Record<string, string> = {
  PAYOUTS_DISABLED: 'Payouts are not enabled on your Stripe account yet.',
  NOTHING_AVAILABLE: 'Nothing is available for an instant payout right now.',
  BELOW_MINIMUM: 'What is available is below the minimum payout after the fee.',
};

export function EarningsDashboard() {
  const range = useDateRange(CHART_DAYS);
  const summary = useLoad(async (signal) => {
    const [earnings, history] = await Promise.all([
      payoutApi('CALCULATE_EARNINGS', range, { signal }),
      payoutApi('GET_PAYOUT_HISTORY', { limit: 10 }, { signal }),
    ]);
    return { earnings, payouts: history.payouts, cursor: history.nextCursor };
  }, `${range.from}/${range.to}`);
  const [actionError, setActionError] = useState<string | null>(null);
  const [quote, setQuote] = useState<InstantPayoutResponse['quote'] | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const error = actionError ?? (summary.error === undefined ? null : errorMessage(summary.error));

  const more = async () => {
    const cursor = summary.data?.cursor;
    if (!cursor) return;
    setActionError(null);
    try {
      const h = await payoutApi('GET_PAYOUT_HISTORY', { limit: 10, cursor });
      summary.setData((d) => ({ ...d, payouts: [...d.payouts, ...h.payouts], cursor: h.nextCursor }));
    } catch (err) {
      setActionError(errorMessage(err));
    }
  };

  const preview = async () => {
    setBusy(true);
    setNotice(null);
    setActionError(null);
    try {
      const r = await payoutApi('INSTANT_PAYOUT', { preview: true, currency: summary.data?.earnings.currency ?? 'usd' });
      setQuote(r.quote);
    } catch (err) {
      setActionError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const confirmInstant = async () => {
    if (!quote) return;
    setBusy(true);
    setActionError(null);
    try {
      const r = await payoutApi('INSTANT_PAYOUT', {
        requestId: newRequestId(),
        acceptedFeeCents: quote.feeCents,
        currency: quote.currency,
      });
      if (!r.preview) setNotice(`Instant payout of ${money(r.payout.amountCents, r.payout.currency)} is on its way.`);
      setQuote(null);
      summary.reload();
    } catch (err) {
      setActionError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (!summary.data) {
    return error ? (
      <ErrorState title="Your earnings could not be loaded" message={error} onRetry={summary.reload} />
    ) : (
      <LoadingState label="Loading your earnings…" />
    );
  }
  const { earnings, payouts, cursor } = summary.data;
  const c = earnings.currency;

  return (
    <div className="earnings">
      {error ? (
        <div className="alert alert--error" role="alert">
          {error}
        </div>
      ) : null}
      {notice ? (
        <div className="alert alert--success" role="status">
          {notice}
        </div>
      ) : null}
      <section className="card" aria-labelledby="totals-title">
        <h2 id="totals-title">Totals</h2>
        <dl className="facts" data-testid="earnings-totals">
          <div>
            <dt>Pending (service not yet completed)</dt>
            <dd data-testid="pending">{money(earnings.pendingCents, c)}</dd>
          </div>
          <div>
            <dt>Eligible for the next payout</dt>
            <dd data-testid="eligible">{money(earnings.totalEarningsCents, c)}</dd>
          </div>
          <div>
            <dt>Available on your Stripe balance</dt>
            <dd data-testid="available">{earnings.availableCents === undefined ? '—' : money(earnings.availableCents, c)}</dd>
          </div>
          <div>
            <dt>Paid out to your Stripe account</dt>
            <dd data-testid="paid-out">{money(earnings.paidOutCents, c)}</dd>
          </div>
        </dl>
        {(earnings.outstandingDebtCents ?? 0) > 0 ? (
          <div className="alert alert--warning" role="note" data-testid="outstanding-debt">
            You owe {money(earnings.outstandingDebtCents ?? 0, c)}: a refund or chargeback took back money you had already been paid for a
            booking. It will be deducted from your next payout.
          </div>
        ) : null}
        <p className="muted small">
          Minimum payout: {money(earnings.minimumPayoutCents, c)}. Instant payouts cost {(earnings.instantPayoutFeeBps / 100).toFixed(1)}%
          (at least {money(50, c)}).
        </p>
        {earnings.stripeBalance && earnings.stripeBalance.pendingCents > 0 ? (
          <p className="muted small">{money(earnings.stripeBalance.pendingCents, c)} is on its way to your Stripe balance.</p>
        ) : null}
      </section>

      <PayoutScheduleCard currency={c} onChanged={summary.reload} />

      <section className="card" aria-labelledby="instant-title">
        <h2 id="instant-title">Instant payout</h2>
        {quote ? (
          <div>
            {quote.eligible ? (
              <>
                <p data-testid="instant-quote">
                  Available {money(quote.availableCents, c)} − fee {money(quote.feeCents, c)} = <strong>{money(quote.netCents, c)}</strong>{' '}
                  to your bank now.
                </p>
                <button type="button" className="button" onClick={confirmInstant} disabled={busy}>
                  Confirm instant payout of {money(quote.netCents, c)}
                </button>{' '}
                <button type="button" className="button button--ghost" onClick={() => setQuote(null)} disabled={busy}>
                  Cancel
                </button>
              </>
            ) : (
              <p className="muted">{REASONS[quote.reason ?? ''] ?? 'Instant payout is not available.'}</p>
            )}
          </div>
        ) : (
          <button type="button" className="button button--secondary" onClick={preview} disabled={busy}>
            Check instant payout
          </button>
        )}
      </section>

      <section className="card" aria-labelledby="chart-title">
        <h2 id="chart-title">Earnings over time</h2>
        <EarningsChart points={earnings.earningsByDay} currency={c} defaultDays={CHART_DAYS} />
      </section>

      <section className="card" aria-labelledby="eligible-title">
        <h2 id="eligible-title">Eligible bookings</h2>
        {earnings.eligibleBookings.length === 0 ? (
          <p className="muted">No completed bookings waiting for a payout.</p>
        ) : (
          <ul className="booking-list">
            {earnings.eligibleBookings.map((b) => (
              <li key={b.bookingId} className="booking-item">
                <span className="mono small">{b.bookingId}</span> · completed {new Date(b.completedAt).toLocaleString('en-US')} ·{' '}
                <strong>{money(b.amountCents, c)}</strong>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">Payout history</h2>
        {payouts.length === 0 ? (
          <p className="muted">No payouts yet.</p>
        ) : (
          // A wide table scrolls inside its own box on a phone (focusable, so the keyboard can scroll it too).
          <div className="table-scroll" role="region" aria-label="Payout history table" tabIndex={0}>
            <table className="payout-table" data-testid="payout-history">
              <thead>
                <tr>
                  <th>Date</th>
                  <th>Amount</th>
                  <th>Method</th>
                  <th>Status</th>
                  <th>Arrives</th>
                </tr>
              </thead>
              <tbody>
                {payouts.map((p) => (
                  <tr key={p.id}>
                    <td>{new Date(p.createdAt).toLocaleDateString('en-US')}</td>
                    <td>
                      {money(p.amountCents, p.currency)}
                      {p.feeCents !== undefined ? <span className="muted small"> (fee {money(p.feeCents, p.currency)})</span> : null}
                    </td>
                    <td>{p.method}</td>
                    <td>
                      <span
                        className={`badge badge--${p.status === 'paid' ? 'success' : p.status === 'failed' || p.status === 'canceled' ? 'danger' : 'info'}`}
                      >
                        {p.status}
                      </span>
                      {p.failureMessage ? (
                        <div className="small">{p.failureMessage} The money is back on your available balance.</div>
                      ) : null}
                    </td>
                    <td>{new Date(p.arrivalDate).toLocaleDateString('en-US')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {cursor ? (
          <button type="button" className="button button--ghost" onClick={more}>
            Older payouts
          </button>
        ) : null}
      </section>
    </div>
  );
}
