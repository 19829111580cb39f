'use client';

import { useState } from 'react';
import { bookingApi, connectApi, newRequestId } from '@/lib/client/api';
import { ApiError } from '@/lib/client/http';
import type { CardView } from '@/lib/http/stripe-connect';
import { Spinner } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };
export const cardName = (c: Pick<CardView, 'brand' | 'last4'>) => `${BRANDS[c.brand] ?? 'Card'} ending in ${c.last4}`;

/** The customer's saved cards, or none while loading or when they cannot be read (the card form still works). */
export function useSavedCards(): CardView[] {
  return useLoad((signal) => connectApi('LIST_CARDS', {}, { signal })).data?.cards ?? [];
}

export interface SavedCardPayProps {
  bookingId: string;
  cards: CardView[];
  amountLabel: string;
  disabled?: boolean;
  onPaid: () => void;
  /** A decline (recorded on the booking by the server), in words. */
  onDeclined: (message: string) => void;
}

/**
 * One button per saved card: the server confirms the booking's PaymentIntent with that card (PAY_WITH_SAVED_CARD;
 * the card must be the customer's own) and the booking is confirmed when it answers.
 */
export function SavedCardPay({ bookingId, cards, amountLabel, disabled, onPaid, onDeclined }: SavedCardPayProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  const pay = async (card: CardView) => {
    setBusy(card.id);
    setStatus(`Paying with your ${cardName(card)}…`);
    try {
      await bookingApi('PAY_WITH_SAVED_CARD', { bookingId, paymentMethodId: card.id, requestId: newRequestId() });
      setStatus('Payment accepted. Opening your booking…');
      onPaid();
    } catch (err) {
      setStatus('');
      setBusy(null);
      const needsVerification = err instanceof ApiError && err.details?.nextAction === 'authentication_required';
      onDeclined(
        needsVerification
          ? 'Your bank wants to verify this payment, which a saved card cannot do here. Enter the card details below instead.'
          : err instanceof ApiError
            ? err.message
            : 'We could not process your payment. Please try again.',
      );
    }
  };

  return (
    <section aria-labelledby="saved-cards-title" className="stack">
      <h3 id="saved-cards-title">Pay with a saved card</h3>
      <ul className="booking-list" aria-label="Your saved cards">
        {cards.map((c) => {
          const name = cardName(c);
          return (
            <li key={c.id} className="booking-item">
              <p>
                <strong>{name}</strong> · expires {String(c.expMonth).padStart(2, '0')}/{c.expYear}
                {c.isDefault ? ' · default' : ''}
              </p>
              <button
                type="button"
                className="button"
                disabled={disabled || busy !== null}
                aria-label={`Use ${name} to pay ${amountLabel}`}
                onClick={() => void pay(c)}
              >
                {busy === c.id ? <Spinner small /> : null} Use this card
              </button>
            </li>
          );
        })}
      </ul>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
    </section>
  );
}
