'use client';

/**
 * AWS mode: Stripe's Payment Element. Loaded only through a dynamic import from CheckoutForm, so local
 * pages never ship it. Uses the /pure entry of @stripe/stripe-js, which loads Stripe.js only when
 * `loadStripe` is called (the main entry injects the script as soon as it is imported).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { loadStripe } from '@stripe/stripe-js/pure';
import type { Stripe } from '@stripe/stripe-js';
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { STRIPE_PUBLISHABLE_KEY } from '@/lib/client/config';
import { cardErrorMessage } from '@/lib/client/emulator-stripe';
import { ErrorState, LoadingState, Spinner } from '@/components/ui/States';
import type { PaymentFormProps } from './types';

let stripePromise: Promise<Stripe | null> | null = null;
function getStripe(): Promise<Stripe | null> {
  if (!stripePromise) {
    stripePromise = loadStripe(STRIPE_PUBLISHABLE_KEY).catch((err: unknown) => {
      stripePromise = null;
      throw err;
    });
  }
  return stripePromise;
}

export default function StripePaymentForm(props: PaymentFormProps) {
  const [stripe, setStripe] = useState<Stripe | null | 'error'>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    getStripe()
      .then((s) => live && setStripe(s ?? 'error'))
      .catch(() => live && setStripe('error'));
    return () => {
      live = false;
    };
  }, [attempt]);

  if (stripe === 'error') {
    return (
      <ErrorState
        title="We couldn't load the payment form"
        message="Check your connection and try again."
        onRetry={() => {
          setStripe(null);
          setAttempt((a) => a + 1);
        }}
      />
    );
  }
  if (!stripe) return <LoadingState label="Loading secure payment form…" />;

  return (
    <Elements
      stripe={stripe}
      options={{
        clientSecret: props.clientSecret,
        appearance: {
          theme: 'stripe',
          variables: { colorPrimary: '#4338ca', borderRadius: '6px', fontFamily: 'system-ui, sans-serif' },
        },
      }}
    >
      <InnerForm {...props} />
    </Elements>
  );
}

function InnerForm({ bookingId, amountLabel, disabled, onOutcome, beforeConfirm, extraFields }: PaymentFormProps) {
  const stripe = useStripe();
  const elements = useElements();
  const [busy, setBusy] = useState(false);
  const [ready, setReady] = useState(false);
  const [status, setStatus] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!stripe || !elements || busy || disabled) return;
    setBusy(true);
    setFormError(null);
    setStatus('Processing your payment…');
    if (beforeConfirm) {
      // Validate the Payment Element first, then let the server update the PaymentIntent (e.g. save the card) and
      // reload it into the Element before confirming.
      const submitted = await elements.submit();
      if (submitted.error) {
        setStatus('');
        setBusy(false);
        return;
      }
      try {
        await beforeConfirm();
        const updated = await elements.fetchUpdates();
        if (updated.error) throw new Error(updated.error.message);
      } catch (err) {
        setStatus('');
        setFormError(err instanceof Error && err.message ? err.message : 'We could not start the payment. Please try again.');
        setBusy(false);
        return;
      }
    }
    try {
      const { error, paymentIntent } = await stripe.confirmPayment({
        elements,
        redirect: 'if_required',
        confirmParams: { return_url: `${window.location.origin}/bookings/${encodeURIComponent(bookingId)}` },
      });
      if (error) {
        setStatus('');
        const message =
          error.type === 'card_error' || error.type === 'validation_error'
            ? (error.message ??
              cardErrorMessage({ type: error.type, ...(error.code ? { code: error.code } : {}), ...(error.decline_code ? { declineCode: error.decline_code } : {}) }))
            : 'We could not process your payment. Please try again.';
        // Validation errors are shown inline by the Payment Element; nothing to record on the server.
        if (error.type !== 'validation_error') await onOutcome({ kind: 'declined', message });
        setBusy(false);
        return;
      }
      if (paymentIntent?.status === 'succeeded') {
        setStatus('Payment accepted. Confirming your booking…');
        await onOutcome({ kind: 'succeeded' });
        return;
      }
      setStatus('Payment submitted. Confirming your booking…');
      await onOutcome({ kind: 'pending' });
    } catch {
      setStatus('');
      await onOutcome({ kind: 'declined', message: 'We could not process your payment. Please try again.' });
      setBusy(false);
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label="Payment details" aria-busy={busy}>
      <PaymentElement onReady={() => setReady(true)} options={{ layout: 'tabs' }} />
      {!ready ? <LoadingState label="Loading secure payment form…" /> : null}
      {extraFields}
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {formError ? (
        <p className="alert alert--error" role="alert">
          {formError}
        </p>
      ) : null}
      <button
        type="submit"
        className="button button--block button--large"
        style={{ marginTop: '1rem' }}
        disabled={!stripe || !elements || !ready || busy || disabled}
      >
        {busy ? (
          <>
            <Spinner small /> Processing payment…
          </>
        ) : (
          `Pay ${amountLabel}`
        )}
      </button>
    </form>
  );
}
