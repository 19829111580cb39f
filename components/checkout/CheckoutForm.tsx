'use client';

import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useCallback, useRef, useState } from 'react';
import { bookingApi, newRequestId } from '@/lib/client/api';
import { MARKETPLACE_MODE } from '@/lib/client/config';
import { LoadingState } from '@/components/ui/States';
import { LocalCardForm } from './LocalCardForm';
import { PaymentDeclined } from './PaymentDeclined';
import { SavedCardPay, useSavedCards } from './SavedCardPay';
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
 * The customer's saved cards (one button each), then the payment form for the mode with a "save this card" box.
 * Shows decline messages in words, and after a decline asks the server to reconcile (CONFIRM_BOOKING) so the booking
 * records the failed attempt. On success it goes to the booking's status page.
 */
export function CheckoutForm({ bookingId, clientSecret, amountLabel, disabled, onDeclined }: CheckoutFormProps) {
  const router = useRouter();
  const [decline, setDecline] = useState<string | null>(null);
  const [saveCard, setSaveCard] = useState(false);
  const savedCards = useSavedCards();
  const alertRef = useRef<HTMLDivElement>(null);

  const showDecline = useCallback((message: string) => {
    setDecline(message);
    requestAnimationFrame(() => alertRef.current?.focus());
  }, []);

  // Tells the server, before each new-card attempt, whether this card is to be saved (it sets up the PaymentIntent).
  const beforeConfirm = useCallback(async () => {
    await bookingApi('PREPARE_CARD_PAYMENT', { bookingId, saveCard, requestId: newRequestId() });
  }, [bookingId, saveCard]);

  const onOutcome = useCallback(
    async (outcome: PaymentOutcome) => {
      if (outcome.kind === 'declined') {
        showDecline(outcome.message);
        // Let the server record the failed attempt; the customer can retry either way.
        await bookingApi('CONFIRM_BOOKING', { bookingId }).catch(() => undefined);
        onDeclined?.(outcome.message);
        return;
      }
      setDecline(null);
      router.push(`/bookings/${encodeURIComponent(bookingId)}`);
    },
    [bookingId, router, showDecline, onDeclined],
  );

  const formProps: PaymentFormProps = {
    bookingId,
    clientSecret,
    amountLabel,
    onOutcome,
    beforeConfirm,
    extraFields: (
      <div className="field">
        <label>
          <input type="checkbox" name="saveCard" checked={saveCard} onChange={(e) => setSaveCard(e.target.checked)} disabled={disabled} />{' '}
          Save this card for future bookings
        </label>
      </div>
    ),
    ...(disabled !== undefined ? { disabled } : {}),
  };

  return (
    <div>
      <div ref={alertRef} tabIndex={-1} aria-live="assertive">
        <PaymentDeclined message={decline} />
      </div>
      {savedCards.length > 0 ? (
        <>
          <SavedCardPay
            bookingId={bookingId}
            cards={savedCards}
            amountLabel={amountLabel}
            {...(disabled !== undefined ? { disabled } : {})}
            onPaid={() => router.push(`/bookings/${encodeURIComponent(bookingId)}`)}
            onDeclined={(message) => {
              // PAY_WITH_SAVED_CARD has recorded the decline on the booking already.
              showDecline(message);
              onDeclined?.(message);
            }}
          />
          <h3>Or pay with a new card</h3>
        </>
      ) : null}
      <NewCardForm {...formProps} />
    </div>
  );
}

/** The new-card form of the mode (Stripe's Payment Element in AWS, the local card form otherwise): any PaymentIntent's. */
export function NewCardForm(props: PaymentFormProps) {
  return MARKETPLACE_MODE === 'aws' ? <StripePaymentForm {...props} /> : <LocalCardForm {...props} />;
}
