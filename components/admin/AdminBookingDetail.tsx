'use client';

import { AdminMessages } from './AdminMessages';
import { useMemo, useState } from 'react';
import { refundApi } from '@/lib/client/api';
import { money, parseCents } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { ErrorState, LoadingState } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { AuditEventList } from './AuditEvents';
import { MoneyTrail } from './MoneyTrail';
import { AdminReviewPanel } from '@/components/reviews/AdminReviewPanel';

export function AdminBookingDetail({ bookingId }: { bookingId: string }) {
  const load = useLoad((signal) => refundApi('ADMIN_GET_BOOKING', { bookingId }, { signal }), bookingId);
  const detail = load.data;
  // Bumped after each refund, so the history shows what the refund just wrote.
  const [refunds, setRefunds] = useState(0);

  if (load.error !== undefined && !detail) return <ErrorState title="Could not load the booking" message={errorMessage(load.error)} />;
  if (!detail) return <LoadingState />;
  const { booking, flow, ledger, stripe } = detail;
  const c = (n: number) => money(n, booking.currency);
  return (
    <div>
      <h1>Booking {booking.id}</h1>
      <p>
        {booking.serviceTitle} · {booking.customerEmail} · status <strong>{booking.status}</strong>
        {booking.payoutHold ? ' · payout on hold' : ''}
        {booking.chargebackStatus ? ` · chargeback ${booking.chargebackStatus}` : ''}
      </p>
      <section aria-labelledby="flow-heading">
        <h2 id="flow-heading">Money flow</h2>
        <p role="status" aria-label="Ledger status" data-balanced={flow.balanced ? 'true' : 'false'}>
          {flow.balanced ? '✔ Ledger balanced' : '✘ Ledger NOT balanced'}
          {stripe.agrees ? ' · agrees with Stripe' : ' · differs from Stripe'}
        </p>
        <dl style={{ display: 'grid', gridTemplateColumns: 'max-content auto', gap: '2px 16px' }}>
          <dt>Paid</dt>
          <dd>{c(flow.chargedCents)}</dd>
          <dt>Platform fee</dt>
          <dd>{c(flow.platformFeeCents)}</dd>
          <dt>Provider share</dt>
          <dd>{c(booking.providerEarningsCents)}</dd>
          <dt>Refunded</dt>
          <dd data-testid="refunded-total">{c(flow.refundedCents)}</dd>
          <dt>Fee refunded</dt>
          <dd>{c(flow.feeRefundedCents)}</dd>
          <dt>Transferred</dt>
          <dd>{c(flow.transferredCents)}</dd>
          <dt>Transfer reversals</dt>
          <dd>{c(flow.transferReversedCents)}</dd>
          <dt>Provider debt</dt>
          <dd>{c(flow.providerDebtCents)}</dd>
          <dt>Chargebacks</dt>
          <dd>{c(flow.disputedCents)}</dd>
          <dt>Platform net</dt>
          <dd>{c(flow.platformNetCents)}</dd>
          <dt>Provider net</dt>
          <dd>{c(flow.providerNetCents)}</dd>
        </dl>
      </section>
      <section aria-labelledby="trail-heading">
        <h2 id="trail-heading">Money trail</h2>
        <MoneyTrail trail={detail.trail} />
      </section>
      <section aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">Ledger</h2>
        <table aria-label="Ledger lines">
          <thead>
            <tr>
              <th>When</th>
              <th>Type</th>
              <th>Amount</th>
              <th>Stripe object</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {ledger.map((l) => (
              <tr key={l.id}>
                <td>{l.createdAt.slice(0, 19).replace('T', ' ')}</td>
                <td>{l.type}</td>
                <td>{c(l.amountCents)}</td>
                <td>{l.stripeObjectId ?? ''}</td>
                <td>{l.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Stripe</h3>
        <ul>
          {stripe.transfers.map((t) => (
            <li key={t.id}>
              Transfer {t.id}: {c(t.amount)} (reversed {c(t.amountReversed)}) to {t.destination}
            </li>
          ))}
          {stripe.refunds.map((r) => (
            <li key={r.id}>
              Refund {r.id}: {c(r.amount)} ({r.status})
            </li>
          ))}
        </ul>
      </section>
      <RefundForm
        bookingId={booking.id}
        currency={booking.currency}
        onDone={() => {
          load.reload();
          setRefunds((n) => n + 1);
        }}
      />
      <AdminReviewPanel bookingId={booking.id} onHidden={() => setRefunds((n) => n + 1)} />
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <AuditEventList
          filter={{ aggregateType: 'Booking', aggregateId: booking.id }}
          label="Booking history"
          empty="No events for this booking yet"
          aggregateShown={false}
          refreshKey={refunds}
        />
      </section>
      <AdminMessages bookingId={booking.id} title="Emails" />
    </div>
  );
}

function newRequestId(): string {
  return `adm-${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;
}

function RefundForm({ bookingId, currency, onDone }: { bookingId: string; currency: string; onDone: () => void }) {
  const [amount, setAmount] = useState('');
  const [compensation, setCompensation] = useState('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const requestId = useMemo(() => (confirming ? newRequestId() : ''), [confirming]);
  const amountCents = parseCents(amount);
  const compensationCents = compensation.trim() ? parseCents(compensation) : 0;
  const c = (n: number) => money(n, currency);

  // The server's numbers for the amounts typed, asked for once typing pauses (a newer amount aborts the older ask).
  const previewable = amountCents !== undefined && amountCents > 0 && compensationCents !== undefined;
  const calculation = useLoad(
    async (signal) => {
      if (!previewable) return null;
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (signal.aborted) return null;
      return refundApi(
        'CALCULATE_REFUND',
        { bookingId, refundAmount: amountCents, ...(compensationCents ? { providerCompensation: compensationCents } : {}) },
        { signal },
      );
    },
    previewable ? `${bookingId}|${amountCents}|${compensationCents}` : '',
  );
  const preview = calculation.loading ? null : (calculation.data ?? null);
  const previewError = calculation.error === undefined ? null : errorMessage(calculation.error);

  const canReview = preview !== null && reason.trim().length >= 3 && !busy;

  async function submit() {
    if (amountCents === undefined) return;
    setBusy(true);
    setSubmitError(null);
    try {
      const res = await refundApi('PROCESS_REFUND', {
        bookingId,
        refundAmount: amountCents,
        reason: reason.trim(),
        requestId,
        ...(compensationCents ? { providerCompensation: compensationCents } : {}),
      });
      setResult(`Refunded ${c(res.refund.refundCents)} (${res.refund.stripeRefundId})`);
      setConfirming(false);
      setAmount('');
      setCompensation('');
      setReason('');
      onDone();
    } catch (e) {
      setSubmitError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="refund-heading">
      <h2 id="refund-heading">Issue a refund</h2>
      {result ? <p role="status">{result}</p> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (canReview) setConfirming(true);
        }}
        style={{ display: 'grid', gap: 8, maxWidth: 420 }}
      >
        <label>
          Refund amount ({currency.toUpperCase()})
          <input
            name="amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => {
              setAmount(e.target.value);
              setConfirming(false);
            }}
          />
        </label>
        <label>
          Provider compensation ({currency.toUpperCase()}, optional)
          <input
            name="compensation"
            inputMode="decimal"
            value={compensation}
            onChange={(e) => {
              setCompensation(e.target.value);
              setConfirming(false);
            }}
          />
        </label>
        <label>
          Reason
          <textarea name="reason" required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {previewError ? <p role="alert">{previewError}</p> : null}
        {preview ? (
          <div aria-label="Refund preview" role="region">
            <p>
              Customer gets <strong>{c(preview.refundCents)}</strong>; platform fee refunded {c(preview.platformFeeRefundCents)}; reversed
              from the provider {c(preview.providerReversalCents)}; provider keeps {c(preview.providerRetainedCents)}; still refundable
              afterwards {c(preview.remainingRefundableCents)}.
            </p>
          </div>
        ) : null}
        {!confirming ? (
          <button type="submit" disabled={!canReview}>
            Review refund
          </button>
        ) : (
          <div role="group" aria-label="Confirm refund">
            <p>Refund {preview ? c(preview.refundCents) : ''} to the customer? This cannot be undone.</p>
            <button type="button" onClick={() => void submit()} disabled={busy}>
              Confirm refund
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        )}
        {submitError ? <p role="alert">{submitError}</p> : null}
      </form>
    </section>
  );
}
