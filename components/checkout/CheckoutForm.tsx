'use client';

import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useCallback, useRef, useState } from 'react';
import { bookingApi } from '@/lib/client/api';
import { MARKETPLACE_MODE } from '@/lib/client/config';
import { LoadingState } from '@/components/ui/States';
import { LocalCardForm } from './LocalCardForm';
import type { PaymentFormProps, PaymentOutcome } from './types';

// Only AWS mode loads Stripe's Payment Element (and Stripe.js); local pages never fetch this chunk.
const StripePaymentForm = dynamic(() => import('./StripePaymentForm'), {
  ssr: false,
  loading: () => <LoadingState label="Loading secure payment form…" />,
});

export interface CheckoutFormProps {
  bookingId: string;
  clientSecret: string;
  amountLabel: string;
  disabled?: boolean;
  /** Called after a decline was recorded on the server, with the message shown. */
  onDeclined?: (message: string) => void;
}

/**
 * Picks the payment form for the mode, shows decline messages in words, and after a decline asks the
 * server to reconcile (CONFIRM_BOOKING) so the booking records the failed attempt.
 * On success it goes to the booking's status page.
 */
export function CheckoutForm({ bookingId, clientSecret, amountLabel, disabled, onDeclined }: CheckoutFormProps) {
  const router = useRouter();
  const [decline, setDecline] = useState<string | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const onOutcome = useCallback(
    async (outcome: PaymentOutcome) => {
      if (outcome.kind === 'declined') {
        setDecline(outcome.message);
        requestAnimationFrame(() => alertRef.current?.focus());
        // Let the server record the failed attempt; the customer can retry either way.
        await bookingApi('CONFIRM_BOOKING', { bookingId }).catch(() => undefined);
        onDeclined?.(outcome.message);
        return;
      }
      setDecline(null);
      router.push(`/bookings/${encodeURIComponent(bookingId)}`);
    },
    [bookingId, router, onDeclined],
  );

  const formProps: PaymentFormProps = {
    bookingId,
    clientSecret,
    amountLabel,
    onOutcome,
    ...(disabled !== undefined ? { disabled } : {}),
  };

  return (
    <div>
      <div ref={alertRef} tabIndex={-1} aria-live="assertive">
        {decline ? (
          <div className="alert alert--error" role="alert">
            <p className="alert__title">Payment declined</p>
            <p>{decline}</p>
          </div>
        ) : null}
      </div>
      {MARKETPLACE_MODE === 'aws' ? <StripePaymentForm {...formProps} /> : <LocalCardForm {...formProps} />}
    </div>
  );
}
