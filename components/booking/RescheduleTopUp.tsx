'use client';

import { useCallback, useRef, useState } from 'react';
import type { BookingView, RescheduleResult } from '@/lib/http/booking-processor';
import { rescheduleApi } from '@/lib/client/api';
import { formatTime, formatTimeRange } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { formatMoney } from '@/lib/domain/money';
import { NewCardForm } from '@/components/checkout/CheckoutForm';
import { PaymentDeclined } from '@/components/checkout/PaymentDeclined';
import type { PaymentOutcome } from '@/components/checkout/types';

/** A move to a higher price waiting for its payment: the answer of RESCHEDULE_BOOKING and the request it answered. */
export interface TopUpDue {
  result: RescheduleResult;
  startTime: string;
  requestId: string;
}

const RECONCILE_ATTEMPTS = 5;

/**
 * "You pay $X.XX more": the checkout's card form on the top-up's PaymentIntent; once paid, the same request is sent
 * again so the server completes the move from the payment (the webhook converges on the same), then the page moves on.
 */
export function RescheduleTopUp({
  due,
  zone,
  onMoved,
  onCancel,
}: {
  due: TopUpDue;
  zone: string;
  onMoved: (b: BookingView, words: string) => void;
  onCancel: () => void;
}) {
  const [decline, setDecline] = useState<string | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const { reschedule, booking } = due.result;
  const topUp = reschedule.topUp!;
  const amount = formatMoney({ amountCents: topUp.amountDueCents, currency: reschedule.currency });

  const onOutcome = useCallback(
    async (outcome: PaymentOutcome) => {
      if (outcome.kind === 'declined') {
        setDecline(outcome.message);
        requestAnimationFrame(() => alertRef.current?.focus());
        return;
      }
      setDecline(null);
      for (let attempt = 1; attempt <= RECONCILE_ATTEMPTS; attempt++) {
        try {
          const res = await rescheduleApi('RESCHEDULE_BOOKING', {
            bookingId: booking.id,
            startTime: due.startTime,
            requestId: due.requestId,
          });
          if (res.reschedule.topUp?.status === 'PAID') {
            const when = formatTimeRange(res.booking.dateTime.start, res.booking.dateTime.end, zone);
            onMoved(res.booking, `Your booking was moved to ${when}. You paid ${amount} for the price difference.`);
            return;
          }
        } catch (err) {
          setDecline(errorMessage(err));
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
      }
      setDecline('Your payment is still being confirmed. Reload this page in a minute to see the new time.');
    },
    [booking.id, due.startTime, due.requestId, zone, amount, onMoved],
  );

  return (
    <section aria-labelledby={`${booking.id}-topup`}>
      <h3 id={`${booking.id}-topup`}>You pay {amount} more</h3>
      <p className="muted">
        The new time is held for you until {formatTime(topUp.holdExpiresAt, zone)}; your booking stays at its current time until this
        payment goes through.
      </p>
      <div ref={alertRef} tabIndex={-1} aria-live="assertive">
        <PaymentDeclined message={decline} />
      </div>
      {topUp.clientSecret ? (
        <NewCardForm bookingId={booking.id} clientSecret={topUp.clientSecret} amountLabel={amount} onOutcome={onOutcome} />
      ) : (
        <p className="alert alert--error">The payment could not be prepared. Please try again.</p>
      )}
      <button type="button" className="button button--ghost" onClick={onCancel}>
        Keep the current time
      </button>
    </section>
  );
}
