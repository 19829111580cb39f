'use client';

import { useState, type FormEvent } from 'react';
import type { PayoutSchedule } from '@/lib/data/records';
import type { Currency } from '@/lib/domain/money';
import { payoutApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { RetryAlert } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

const OPTIONS: { value: PayoutSchedule; label: string; description: string }[] = [
  { value: 'DAILY', label: 'Daily', description: 'Your available balance is paid out every day.' },
  { value: 'WEEKLY', label: 'Weekly', description: 'Your available balance is paid out every Monday.' },
  { value: 'MANUAL', label: 'Manual', description: 'Nothing is paid out automatically; you pay out from this page.' },
];

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });

/**
 * The provider's payout schedule: what it is, when the next automatic payout happens, the minimum it waits for,
 * and a form to change it. With MANUAL, a button pays out the available balance now.
 */
export function PayoutScheduleCard({ currency, onChanged }: { currency: Currency; onChanged: () => void }) {
  const schedule = useLoad((signal) => payoutApi('GET_PAYOUT_SCHEDULE', { currency }, { signal }), currency);
  const view = schedule.data;
  // The schedule picked in the form; until the provider picks one, the saved one.
  const [picked, setPicked] = useState<PayoutSchedule | null>(null);
  const choice = picked ?? view?.payoutSchedule ?? null;
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!choice) return;
    setBusy(true);
    setMessage(null);
    try {
      const v = await payoutApi('SET_PAYOUT_SCHEDULE', { payoutSchedule: choice, currency });
      schedule.setData(() => v);
      setMessage({
        kind: 'success',
        text: `Payout schedule saved: ${OPTIONS.find((o) => o.value === v.payoutSchedule)?.label.toLowerCase()}.`,
      });
      onChanged(); // the totals refresh in the background
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const payOutNow = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await payoutApi('SCHEDULE_PAYOUT', {});
      const paid = r.payouts.reduce((sum, p) => sum + p.amountCents, 0);
      setMessage(
        paid > 0
          ? { kind: 'success', text: `A payout of ${money(paid, currency)} is on its way to your bank.` }
          : {
              kind: 'error',
              text: 'Nothing could be paid out yet: your available balance is below the minimum payout or still on its way.',
            },
      );
      onChanged();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">Payout schedule</h2>
      {schedule.error !== undefined ? (
        <RetryAlert message={errorMessage(schedule.error)} onRetry={schedule.reload} />
      ) : !view ? (
        <p className="muted" role="status">
          Loading your payout schedule…
        </p>
      ) : (
        <>
          <p data-testid="next-payout">
            {view.nextAutomaticPayoutAt
              ? `Next automatic payout: ${when(view.nextAutomaticPayoutAt)}, if your available balance is at least ${money(view.minimumPayoutCents, view.currency)}.`
              : `Automatic payouts are off. Pay out yourself whenever your available balance is at least ${money(view.minimumPayoutCents, view.currency)}.`}
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
                  <input
                    type="radio"
                    name="payoutSchedule"
                    value={o.value}
                    checked={choice === o.value}
                    onChange={() => setPicked(o.value)}
                  />
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
