'use client';

import { bookingApi } from '@/lib/client/api';
import { formatDate, money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { BookingReceiptView } from '@/lib/http/booking-processor';
import { RetryAlert } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

/**
 * What a paid booking cost and how it was paid (credits, card, refunds), with a link to Stripe's receipt of the
 * card charge. Renders nothing for a booking that was never paid.
 */
export function BookingReceipt({ bookingId, timeZone }: { bookingId: string; timeZone: string | null }) {
  const load = useLoad(async (signal) => (await bookingApi('GET_BOOKING_RECEIPT', { bookingId }, { signal })).receipt, bookingId);
  const receipt = load.data;

  if (receipt && !receipt.paid) return null;
  return (
    <section className="card" aria-labelledby="receipt-title">
      <h2 id="receipt-title">Payment</h2>
      {load.error !== undefined ? (
        <RetryAlert message={errorMessage(load.error)} onRetry={load.reload} />
      ) : !receipt ? (
        <p className="muted" role="status">
          Loading your payment details…
        </p>
      ) : (
        <ReceiptDetails receipt={receipt} timeZone={timeZone} />
      )}
    </section>
  );
}

function ReceiptDetails({ receipt: r, timeZone }: { receipt: BookingReceiptView; timeZone: string | null }) {
  const amount = (amountCents: number) => money(amountCents, r.currency);
  return (
    <>
      <dl className="summary">
        {r.paidAt && timeZone ? (
          <div>
            <dt>Paid on</dt>
            <dd>{formatDate(r.paidAt, timeZone)}</dd>
          </div>
        ) : null}
        {r.creditsAppliedCents > 0 ? (
          <>
            <div>
              <dt>Paid with credits</dt>
              <dd>{amount(r.creditsAppliedCents)}</dd>
            </div>
            <div>
              <dt>Paid by card</dt>
              <dd>{amount(r.cardAmountCents)}</dd>
            </div>
          </>
        ) : null}
        {r.refundedCents > 0 ? (
          <div>
            <dt>Refunded</dt>
            <dd>{amount(r.refundedCents)}</dd>
          </div>
        ) : null}
        {r.promotionCode && r.discountCents ? (
          <div>
            <dt>Promotion {r.promotionCode}</dt>
            <dd>−{amount(r.discountCents)}</dd>
          </div>
        ) : null}
        <div className="summary__total">
          <dt>Total</dt>
          <dd>{amount(r.totalAmountCents)}</dd>
        </div>
      </dl>
      <p style={{ margin: '0.75rem 0 0' }}>
        {r.receiptUrl ? (
          <a href={r.receiptUrl} target="_blank" rel="noreferrer">
            View your card receipt<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        ) : r.cardAmountCents === 0 ? (
          <span className="small muted">Paid entirely with credits, so there is no card receipt.</span>
        ) : (
          <span className="small muted">Your card receipt is not available yet. Please check again in a few minutes.</span>
        )}
      </p>
    </>
  );
}
