'use client';

import { useState } from 'react';
import type { PaymentOutcome } from './types';

export const PAYMENT_FAILED_MESSAGE = 'We could not process your payment. Please try again.';

/**
 * One payment attempt of a card form (local or Stripe's Payment Element): busy while it runs, its progress in words for
 * screen readers, and the error of the step before the payment. Outcomes go to the checkout through `onOutcome`.
 */
export function usePaymentAttempt(onOutcome: (outcome: PaymentOutcome) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  /** Ends the attempt without a payment: the form is usable again. */
  const stop = () => {
    setStatus('');
    setBusy(false);
  };

  return {
    busy,
    status,
    formError,
    setStatus,
    stop,
    begin: () => {
      setBusy(true);
      setFormError(null);
      setStatus('Processing your payment…');
    },
    /** Runs the step before the payment (saving the card); when it throws, its words are shown and false returned. */
    prepare: async (step: () => Promise<void>): Promise<boolean> => {
      try {
        await step();
        return true;
      } catch (err) {
        stop();
        setFormError(err instanceof Error && err.message ? err.message : 'We could not start the payment. Please try again.');
        return false;
      }
    },
    /** Paid, or accepted and still processing: the checkout moves on (the form stays busy). */
    accepted: async (kind: 'succeeded' | 'pending') => {
      setStatus(kind === 'succeeded' ? 'Payment accepted. Confirming your booking…' : 'Payment submitted. Confirming your booking…');
      await onOutcome({ kind });
    },
    /** Declined or failed: the checkout shows why, and the customer may try again. */
    declined: async (message: string) => {
      setStatus('');
      await onOutcome({ kind: 'declined', message });
      setBusy(false);
    },
  };
}
