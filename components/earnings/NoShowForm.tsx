'use client';

import { useId, useState } from 'react';
import { providerBookingApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { ErrorAlert, LoadingState, RetryAlert } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

/**
 * The provider marks a booking a no-show. The server previews it first (PREVIEW_NO_SHOW: what the service's policy
 * gives the customer back and what the provider keeps); confirming is MARK_NO_SHOW, once.
 */
export function NoShowForm({ bookingId, onDone, onClose }: { bookingId: string; onDone: () => void; onClose: () => void }) {
  const id = useId();
  const preview = useLoad((signal) => providerBookingApi('PREVIEW_NO_SHOW', { bookingId }, { signal }), bookingId);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  const confirm = async () => {
    setState({ busy: true, error: null });
    try {
      await providerBookingApi('MARK_NO_SHOW', { bookingId });
      onDone();
    } catch (err) {
      setState({ busy: false, error: errorMessage(err) });
    }
  };

  if (preview.error !== undefined) return <RetryAlert message={errorMessage(preview.error)} onRetry={preview.reload} />;
  if (!preview.data) return <LoadingState label="Working out what the policy gives back…" />;
  const p = preview.data;
  return (
    <section className="stack" aria-labelledby={`${id}-title`} data-testid="no-show-form">
      <h4 id={`${id}-title`}>Mark as a no-show</h4>
      <p className="alert alert--warning" data-testid="no-show-preview">
        The customer gets back {money(p.refundCents, p.currency)} ({p.policyWords.replace(/\.$/, '')}); you keep{' '}
        {money(p.providerKeepsCents, p.currency)}.
      </p>
      <ErrorAlert message={state.error} />
      <div className="booking-item__actions">
        <button type="button" className="button button--danger" onClick={confirm} disabled={state.busy}>
          {state.busy ? 'Marking…' : 'Confirm the no-show'}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose} disabled={state.busy}>
          Back
        </button>
      </div>
    </section>
  );
}
