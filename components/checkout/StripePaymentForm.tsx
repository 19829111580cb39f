'use client';

/**
 * AWS mode: Stripe's Payment Element. Loaded only through a dynamic import from CheckoutForm, so local
 * pages never ship it. Uses the /pure entry of @stripe/stripe-js, which loads Stripe.js only when
 * `loadStripe` is called (the main entry injects the script as soon as it is imported).
 */
import { useState, type FormEvent } from 'react';
import { loadStripe } from '@stripe/stripe-js/pure';
import type { Stripe } from '@stripe/stripe-js';
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { STRIPE_PUBLISHABLE_KEY } from '@/lib/client/config';
import { cardErrorMessage } from '@/lib/client/emulator-stripe';
import { ErrorState, LoadingState } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { PayButton } from './PayButton';
import type { PaymentFormProps } from './types';
import { PAYMENT_FAILED_MESSAGE, usePaymentAttempt } from './usePaymentAttempt';

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
  const load = useLoad(getStripe);
  const stripe = load.data;

  if (load.loading && !stripe) return <LoadingState label="Loading secure payment form…" />;
  // Stripe.js that did not load (or loaded as nothing): the form cannot be shown.
  if (load.error !== undefined || !stripe) {
    return <ErrorState title="We couldn't load the payment form" message="Check your connection and try again." onRetry={load.reload} />;
  }

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
  const attempt = usePaymentAttempt(onOutcome);
  const { busy } = attempt;
  const [ready, setReady] = useState(false);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!stripe || !elements || busy || disabled) return;
    attempt.begin();
    if (beforeConfirm) {
      // Validate the Payment Element first, then let the server update the PaymentIntent (e.g. save the card) and
      // reload it into the Element before confirming.
      const submitted = await elements.submit();
      if (submitted.error) return attempt.stop();
      const prepared = await attempt.prepare(async () => {
        await beforeConfirm();
        const updated = await elements.fetchUpdates();
        if (updated.error) throw new Error(updated.error.message);
      });
      if (!prepared) return;
    }
    try {
      const { error, paymentIntent } = await stripe.confirmPayment({
        elements,
        redirect: 'if_required',
        confirmParams: { return_url: `${window.location.origin}/bookings/${encodeURIComponent(bookingId)}` },
      });
      if (error) {
        const message =
          error.type === 'card_error' || error.type === 'validation_error'
            ? (error.message ??
              cardErrorMessage({
                type: error.type,
                ...(error.code ? { code: error.code } : {}),
                ...(error.decline_code ? { declineCode: error.decline_code } : {}),
              }))
            : PAYMENT_FAILED_MESSAGE;
        // Validation errors are shown inline by the Payment Element; nothing to record on the server.
        if (error.type === 'validation_error') attempt.stop();
        else await attempt.declined(message);
        return;
      }
      await attempt.accepted(paymentIntent?.status === 'succeeded' ? 'succeeded' : 'pending');
    } catch {
      await attempt.declined(PAYMENT_FAILED_MESSAGE);
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label="Payment details" aria-busy={busy}>
      <PaymentElement onReady={() => setReady(true)} options={{ layout: 'tabs' }} />
      {!ready ? <LoadingState label="Loading secure payment form…" /> : null}
      {extraFields}
      <PayButton
        status={attempt.status}
        formError={attempt.formError}
        busy={busy}
        disabled={!stripe || !elements || !ready || Boolean(disabled)}
        amountLabel={amountLabel}
        style={{ marginTop: '1rem' }}
      />
    </form>
  );
}
