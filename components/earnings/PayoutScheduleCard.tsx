'use client';

import { useEffect, useState, type FormEvent } from 'react';
import type { PayoutSchedule } from '@/lib/data/records';
import { formatMoney, type Currency } from '@/lib/domain/money';
import type { PayoutScheduleView } from '@/lib/http/payout-manager';
import { payoutApi } from './api';

const OPTIONS: { value: PayoutSchedule; label: string; description: string }[] = [
  { value: 'DAILY', label: 'Daily', description: 'Your available balance is paid out every day.' },
  { value: 'WEEKLY', label: 'Weekly', description: 'Your available balance is paid out every Monday.' },
  { value: 'MANUAL', label: 'Manual', description: 'Nothing is paid out automatically; you pay out from this page.' },
];

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-US', { weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });

/**
 * The provider's payout schedule: what it is, when the next automatic payout happens, the minimum it waits for,
 * and a form to change it. With MANUAL, a button pays out the available balance now.
 */
export function PayoutScheduleCard({ currency, onChanged }: { currency: Currency; onChanged: () => Promise<void> }) {
  const [view, setView] = useState<PayoutScheduleView | null>(null);
  const [choice, setChoice] = useState<PayoutSchedule | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    payoutApi('GET_PAYOUT_SCHEDULE', { currency })
      .then((v) => {
        if (!live) return;
        setView(v);
        setChoice(v.payoutSchedule);
      })
      .catch((err: unknown) => {
        if (live) setLoadError(err instanceof Error ? err.message : 'Could not load your payout schedule.');
      });
    return () => {
      live = false;
    };
  }, [currency, attempt]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!choice) return;
    setBusy(true);
    setMessage(null);
    try {
      const v = await payoutApi('SET_PAYOUT_SCHEDULE', { payoutSchedule: choice, currency });
      setView(v);
      setMessage({ kind: 'success', text: `Payout schedule saved: ${OPTIONS.find((o) => o.value === v.payoutSchedule)?.label.toLowerCase()}.` });
      void onChanged(); // the totals refresh in the background
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : 'Your payout schedule was not saved. Please try again.' });
    } finally {
      setBusy(false);
    }
  };

  const payOutNow = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await payoutApi('SCHEDULE_PAYOUT');
      const paid = r.payouts.reduce((sum, p) => sum + p.amountCents, 0);
      setMessage(
        paid > 0
          ? { kind: 'success', text: `A payout of ${formatMoney({ amountCents: paid, currency })} is on its way to your bank.` }
          : { kind: 'error', text: 'Nothing could be paid out yet: your available balance is below the minimum payout or still on its way.' },
      );
      await onChanged();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : 'The payout failed. Please try again.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">Payout schedule</h2>
      {loadError ? (
        <div className="alert alert--error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button button--secondary" onClick={() => setAttempt((a) => a + 1)}>
            Try again
          </button>
        </div>
      ) : !view ? (
        <p className="muted" role="status">
          Loading your payout schedule…
        </p>
      ) : (
        <>
          <p data-testid="next-payout">
            {view.nextAutomaticPayoutAt
              ? `Next automatic payout: ${when(view.nextAutomaticPayoutAt)}, if your available balance is at least ${formatMoney({ amountCents: view.minimumPayoutCents, currency: view.currency })}.`
              : `Automatic payouts are off. Pay out yourself whenever your available balance is at least ${formatMoney({ amountCents: view.minimumPayoutCents, currency: view.currency })}.`}
          </p>
          {message ? (
            <div className={`alert alert--${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
              {message.text}
            </div>
          ) : null}
          <form onSubmit={save}>
            <fieldset disabled={busy}>
              <legend>How often should we pay you out?</legend>
              {OPTIONS.map((o) => (
                <label key={o.value} style={{ display: 'flex', gap: '0.5rem', alignItems: 'baseline', marginBottom: '0.4rem' }}>
                  <input type="radio" name="payoutSchedule" value={o.value} checked={choice === o.value} onChange={() => setChoice(o.value)} />
                  <span>
                    <strong>{o.label}</strong> <span className="small muted">— {o.description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <button type="submit" className="button" disabled={busy || choice === view.payoutSchedule}>
              {busy ? 'Saving…' : 'Save payout schedule'}
            </button>
            {view.payoutSchedule === 'MANUAL' ? (
              <>
                {' '}
                <button type="button" className="button button--secondary" onClick={payOutNow} disabled={busy}>
                  Pay out my available balance now
                </button>
              </>
            ) : null}
          </form>
        </>
      )}
    </section>
  );
}
