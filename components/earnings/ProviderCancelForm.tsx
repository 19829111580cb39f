'use client';

import { useId, useState, type FormEvent } from 'react';
import { providerBookingApi, refundApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { ErrorAlert, LoadingState, RetryAlert } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

/**
 * The provider cancels a paid booking. Before confirming, the server's own answer (CALCULATE_REFUND: for the provider,
 * a full refund) says what happens; then CANCEL_PAID_BOOKING with the provider's reason.
 */
export function ProviderCancelForm({ bookingId, onDone, onClose }: { bookingId: string; onDone: () => void; onClose: () => void }) {
  const id = useId();
  const preview = useLoad((signal) => refundApi('CALCULATE_REFUND', { bookingId }, { signal }), bookingId);
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setState({ busy: true, error: null });
    try {
      await providerBookingApi('CANCEL_PAID_BOOKING', { bookingId, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      onDone();
    } catch (err) {
      setState({ busy: false, error: errorMessage(err) });
    }
  };

  if (preview.error !== undefined) return <RetryAlert message={errorMessage(preview.error)} onRetry={preview.reload} />;
  if (!preview.data) return <LoadingState label="Working out the refund…" />;
  const calc = preview.data;
  const full = calc.refundCents === calc.refundableCents;
  return (
    <form onSubmit={submit} className="stack" aria-labelledby={`${id}-title`} data-testid="provider-cancel-form">
      <h4 id={`${id}-title`}>Cancel this booking</h4>
      <p className="alert alert--warning" data-testid="provider-cancel-preview">
        The customer gets back {money(calc.refundCents, calc.currency)}
        {full ? ' in full' : ''}; you will not be paid for this booking.
      </p>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason for the customer (optional)</label>
        <textarea
          id={`${id}-reason`}
          className="textarea"
          value={reason}
          maxLength={500}
          rows={3}
          onChange={(e) => setReason(e.target.value)}
          aria-describedby={`${id}-reason-hint`}
        />
        <span id={`${id}-reason-hint`} className="field__hint">
          Up to 500 characters, shown with the cancellation.
        </span>
      </div>
      <ErrorAlert message={state.error} />
      <div className="booking-item__actions">
        <button type="submit" className="button button--danger" disabled={state.busy}>
          {state.busy ? 'Cancelling…' : 'Cancel and refund the customer'}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose} disabled={state.busy}>
          Keep the booking
        </button>
      </div>
    </form>
  );
}
