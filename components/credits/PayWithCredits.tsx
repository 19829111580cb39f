'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { formatCredits } from '@/lib/domain/credits';
import { bookingApi, connectApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { BookingView } from '@/lib/http/booking-processor';
import { LocalCardForm } from '@/components/checkout/LocalCardForm';
import { PaymentDeclined } from '@/components/checkout/PaymentDeclined';
import type { PaymentOutcome } from '@/components/checkout/types';
import { Loaded } from '@/components/ui/Loaded';
import { ErrorAlert, Spinner } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

/** /credits/pay/[bookingId]: pay an unpaid booking partly or fully with credits; the card pays the rest. */
export function PayWithCredits({ bookingId }: { bookingId: string }) {
  const load = useLoad(async (signal) => {
    const [{ booking }, { balance }] = await Promise.all([
      bookingApi('GET_BOOKING', { bookingId }, { signal }),
      connectApi('GET_CREDITS', {}, { signal }),
    ]);
    return { booking, balance };
  }, bookingId);
  return (
    <Loaded load={load} label="Loading your booking…">
      {({ booking, balance }) => <Pay initial={booking} balance={balance} />}
    </Loaded>
  );
}

function Pay({ initial, balance: initialBalance }: { initial: BookingView; balance: number }) {
  const router = useRouter();
  const id = useId();
  const [booking, setBooking] = useState(initial);
  const [balance, setBalance] = useState(initialBalance);
  const total = booking.pricing.totalAmountCents;
  const [amount, setAmount] = useState(String(Math.min(initialBalance, total)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [decline, setDecline] = useState<string | null>(null);
  const currency = booking.pricing.currency;
  const applied = booking.creditsAppliedCents ?? 0;
  const unpaid = booking.status === 'PENDING_PAYMENT' || booking.status === 'PAYMENT_FAILED';

  const apply = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(amount);
    if (!Number.isInteger(n) || n < 1) {
      setError('Enter a whole number of credits, at least 1.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await bookingApi('APPLY_BOOKING_CREDITS', { bookingId: booking.id, credits: n });
      setBooking(r.booking);
      setBalance(r.balance);
      if (r.cardAmountCents === 0) router.push(`/bookings/${encodeURIComponent(booking.id)}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const onOutcome = async (outcome: PaymentOutcome) => {
    if (outcome.kind === 'declined') {
      setDecline(outcome.message);
      return;
    }
    router.push(`/bookings/${encodeURIComponent(booking.id)}`);
  };

  if (!unpaid) {
    return (
      <div className="alert alert--info" role="status">
        <p>This booking is already paid.</p>
      </div>
    );
  }
  return (
    <div className="checkout-layout">
      <section className="card" aria-labelledby={`${id}-summary`}>
        <h2 id={`${id}-summary`}>{booking.service.title}</h2>
        <dl className="facts">
          <dt>Total</dt>
          <dd>{money(total, currency)}</dd>
          <dt>Your credits</dt>
          <dd data-testid="credit-balance">{formatCredits(balance)}</dd>
          {applied > 0 ? (
            <>
              <dt>Paid with credits</dt>
              <dd>{formatCredits(applied)}</dd>
              <dt>Left to pay by card</dt>
              <dd data-testid="card-amount">{money(total - applied, currency)}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card" aria-labelledby={`${id}-pay`}>
        <h2 id={`${id}-pay`}>{applied > 0 ? 'Pay the rest by card' : 'Use your credits'}</h2>
        {applied === 0 ? (
          <form onSubmit={apply} noValidate aria-busy={busy}>
            <div className="field">
              <label htmlFor={`${id}-credits`}>Credits to use</label>
              <input
                id={`${id}-credits`}
                className="input"
                type="number"
                inputMode="numeric"
                min={1}
                max={Math.min(balance, total)}
                step={1}
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                aria-describedby={`${id}-credits-hint`}
                aria-invalid={error ? true : undefined}
                disabled={busy}
              />
              <span id={`${id}-credits-hint`} className="field__hint">
                1 credit pays 1 cent. The card pays the rest (at least {money(50, currency)} if anything is left).
              </span>
            </div>
            <ErrorAlert message={error} />
            <button type="submit" className="button button--block" disabled={busy || balance === 0}>
              {busy ? (
                <>
                  <Spinner small /> Applying credits…
                </>
              ) : (
                'Use credits'
              )}
            </button>
          </form>
        ) : booking.clientSecret ? (
          <>
            <PaymentDeclined message={decline} />
            <LocalCardForm
              bookingId={booking.id}
              clientSecret={booking.clientSecret}
              amountLabel={money(total - applied, currency)}
              onOutcome={onOutcome}
            />
          </>
        ) : (
          <p>Preparing the card payment… Please refresh the page in a moment.</p>
        )}
      </section>
    </div>
  );
}
