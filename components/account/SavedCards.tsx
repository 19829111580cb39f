'use client';

import { useId, useState, type FormEvent } from 'react';
import { connectApi, newRequestId } from '@/lib/client/api';
import {
  digitsOnly,
  formatCardNumber,
  formatExpiry,
  parseExpiry,
  validateCardNumber,
  validateCvc,
  validateExpiry,
} from '@/lib/client/card';
import { MARKETPLACE_MODE } from '@/lib/client/config';
import { confirmCardSetup } from '@/lib/client/emulator-stripe';
import { errorMessage } from '@/lib/client/http';
import type { CardView } from '@/lib/http/stripe-connect';
import { cardName } from '@/components/checkout/SavedCardPay';
import { Loaded } from '@/components/ui/Loaded';
import { ErrorAlert, Spinner } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

/** /account/cards: the customer's saved cards (set default, remove) and a form to save a new one. */
export function SavedCards() {
  const load = useLoad((signal) => connectApi('LIST_CARDS', {}, { signal }));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (card: CardView, what: 'default' | 'remove') => {
    setBusy(card.id);
    setError(null);
    try {
      if (what === 'default') await connectApi('SET_DEFAULT_CARD', { paymentMethodId: card.id, requestId: newRequestId() });
      else await connectApi('DETACH_CARD', { paymentMethodId: card.id });
      load.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="stack">
      <ErrorAlert message={error} />
      <Loaded load={load} label="Loading your cards…">
        {({ cards }) =>
          cards.length === 0 ? (
            <p className="muted">No saved cards yet.</p>
          ) : (
            <ul className="booking-list" aria-label="Saved cards">
              {cards.map((c) => {
                const name = cardName(c);
                return (
                  <li key={c.id} className="booking-item">
                    <p>
                      <strong>{name}</strong> · expires {String(c.expMonth).padStart(2, '0')}/{c.expYear}{' '}
                      {c.isDefault ? <span className="badge badge--info">Default</span> : null}
                    </p>
                    <div className="booking-item__actions">
                      {!c.isDefault ? (
                        <button
                          type="button"
                          className="button button--secondary"
                          disabled={busy !== null}
                          onClick={() => act(c, 'default')}
                          aria-label={`Make ${name} the default`}
                        >
                          Make default
                        </button>
                      ) : null}
                      <button
                        type="button"
                        className="button button--ghost"
                        disabled={busy !== null}
                        onClick={() => act(c, 'remove')}
                        aria-label={`Remove ${name}`}
                      >
                        {busy === c.id ? <Spinner small /> : null} Remove
                      </button>
                    </div>
                  </li>
                );
              })}
            </ul>
          )
        }
      </Loaded>
      {MARKETPLACE_MODE === 'local' ? <AddCard onSaved={load.reload} /> : <p className="muted">New cards are saved when you pay.</p>}
    </div>
  );
}

function AddCard({ onSaved }: { onSaved: () => void }) {
  const id = useId();
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = validateCardNumber(number) ?? validateExpiry(expiry) ?? validateCvc(cvc, number);
    const exp = parseExpiry(expiry);
    if (problem || !exp) {
      setError(problem ?? 'The expiry date is not valid.');
      return;
    }
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const si = await connectApi('CREATE_SETUP_INTENT', { requestId: newRequestId() });
      const r = await confirmCardSetup(si.clientSecret, {
        number: digitsOnly(number),
        expMonth: exp.month,
        expYear: exp.year,
        cvc: digitsOnly(cvc),
      });
      if (!r.ok) {
        setError(r.message);
        return;
      }
      setNumber('');
      setExpiry('');
      setCvc('');
      setDone(true);
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${id}-h`} aria-busy={busy}>
      <h2 id={`${id}-h`}>Save a new card</h2>
      <div className="field">
        <label htmlFor={`${id}-n`}>Card number</label>
        <input
          id={`${id}-n`}
          className="input"
          inputMode="numeric"
          autoComplete="cc-number"
          value={number}
          onChange={(e) => setNumber(formatCardNumber(e.target.value))}
          disabled={busy}
        />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-e`}>Expiry date</label>
          <input
            id={`${id}-e`}
            className="input"
            inputMode="numeric"
            autoComplete="cc-exp"
            placeholder="MM / YY"
            value={expiry}
            onChange={(e) => setExpiry(formatExpiry(e.target.value, expiry))}
            disabled={busy}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-c`}>Security code (CVC)</label>
          <input
            id={`${id}-c`}
            className="input"
            inputMode="numeric"
            autoComplete="cc-csc"
            value={cvc}
            onChange={(e) => setCvc(digitsOnly(e.target.value).slice(0, 4))}
            disabled={busy}
          />
        </div>
      </div>
      <ErrorAlert message={error} />
      {done ? (
        <p className="alert alert--success" role="status">
          Card saved.
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        {busy ? (
          <>
            <Spinner small /> Saving…
          </>
        ) : (
          'Save card'
        )}
      </button>
    </form>
  );
}
