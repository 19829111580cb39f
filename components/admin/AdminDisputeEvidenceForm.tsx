'use client';

/**
 * One dispute's evidence form: prefilled from the booking (service, date, customer email) unless a draft was saved,
 * "Save draft" keeps it on Stripe, "Review and submit" asks for confirmation before sending it to the bank
 * (SUBMIT_DISPUTE_EVIDENCE; nothing can be changed afterwards).
 */
import { useId, useState } from 'react';
import type { DisputeRow } from '@/lib/client/admin-views';
import { refundApi } from '@/lib/client/api';
import { DEFAULT_TIME_ZONE, formatDate, formatTimeRange } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { ErrorState, LoadingState } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

type Field = 'product_description' | 'customer_name' | 'customer_email_address' | 'service_date' | 'uncategorized_text';
type Evidence = Record<Field, string>;

const FIELDS: { name: Field; label: string; hint?: string; multiline?: boolean; type?: string }[] = [
  { name: 'product_description', label: 'What was sold', multiline: true, hint: 'The service, when and where it took place.' },
  { name: 'service_date', label: 'Service date' },
  { name: 'customer_name', label: 'Customer name' },
  { name: 'customer_email_address', label: 'Customer email', type: 'email' },
  {
    name: 'uncategorized_text',
    label: 'Your statement and communication with the customer',
    multiline: true,
    hint: 'Why the charge is valid: e.g. the customer attended, messages confirming the booking.',
  },
];

interface BookingForEvidence {
  serviceTitle: string;
  startDateTime: string;
  endDateTime: string;
  customerEmail: string;
}

function prefill(booking: BookingForEvidence, saved: Record<string, string> | undefined): Evidence {
  const fromBooking: Evidence = {
    product_description: `${booking.serviceTitle}, booked through the marketplace for ${formatTimeRange(booking.startDateTime, booking.endDateTime, DEFAULT_TIME_ZONE)} (New York time).`,
    service_date: formatDate(booking.startDateTime, DEFAULT_TIME_ZONE),
    customer_name: '',
    customer_email_address: booking.customerEmail,
    uncategorized_text: '',
  };
  // A saved draft wins over the booking's facts.
  return { ...fromBooking, ...(saved ?? {}) };
}

type SavedHandler = (saved: DisputeRow, submitted: boolean) => void;

export function AdminDisputeEvidenceForm({ dispute, onSaved }: { dispute: DisputeRow; onSaved: SavedHandler }) {
  const load = useLoad(
    async (signal) => (await refundApi('ADMIN_GET_BOOKING', { bookingId: dispute.bookingId }, { signal })).booking,
    dispute.bookingId,
  );
  if (load.error !== undefined)
    return <ErrorState title="Could not load the booking for this dispute" message={errorMessage(load.error)} onRetry={load.reload} />;
  if (!load.data) return <LoadingState label="Loading the booking…" />;
  // The form keeps the text from here on: later saves only update the dispute's row, not the text being edited.
  return <EvidenceForm dispute={dispute} initial={prefill(load.data, dispute.evidence)} onSaved={onSaved} />;
}

function EvidenceForm({ dispute, initial, onSaved }: { dispute: DisputeRow; initial: Evidence; onSaved: SavedHandler }) {
  const formId = useId();
  const [evidence, setEvidence] = useState(initial);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'draft' | 'submit' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const hasEvidence = Object.values(evidence).some((v) => v.trim() !== '');
  const change = (name: Field, value: string) => {
    setEvidence({ ...evidence, [name]: value });
    setConfirming(false);
    setSaved(null);
  };

  async function send(submit: boolean) {
    setBusy(submit ? 'submit' : 'draft');
    setError(null);
    try {
      const res = await refundApi('SUBMIT_DISPUTE_EVIDENCE', { disputeId: dispute.id, evidence, submit });
      setConfirming(false);
      if (!submit) setSaved('Draft saved. You can keep editing it until you submit.');
      onSaved(res.dispute, submit);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <form
      aria-label={`Evidence for dispute ${dispute.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (hasEvidence) setConfirming(true);
      }}
      style={{ display: 'grid', gap: 8, maxWidth: 560 }}
    >
      {FIELDS.map((f) => {
        const id = `${formId}-${f.name}`;
        return (
          <div key={f.name} style={{ display: 'grid', gap: 4 }}>
            <label htmlFor={id}>{f.label}</label>
            {f.multiline ? (
              <textarea
                id={id}
                name={f.name}
                rows={4}
                value={evidence[f.name]}
                onChange={(e) => change(f.name, e.target.value)}
                aria-describedby={f.hint ? `${id}-hint` : undefined}
              />
            ) : (
              <input
                id={id}
                name={f.name}
                type={f.type ?? 'text'}
                value={evidence[f.name]}
                onChange={(e) => change(f.name, e.target.value)}
              />
            )}
            {f.hint ? <small id={`${id}-hint`}>{f.hint}</small> : null}
          </div>
        );
      })}
      {saved ? <p role="status">{saved}</p> : null}
      {error ? <p role="alert">{error}</p> : null}
      {!confirming ? (
        <div style={{ display: 'flex', gap: 8 }}>
          <button type="button" onClick={() => void send(false)} disabled={busy !== null || !hasEvidence}>
            {busy === 'draft' ? 'Saving…' : 'Save draft'}
          </button>
          <button type="submit" disabled={busy !== null || !hasEvidence}>
            Review and submit
          </button>
        </div>
      ) : (
        <div role="group" aria-label="Confirm evidence submission">
          <p>Submit this evidence to the bank? It cannot be changed afterwards; the bank then reviews the dispute.</p>
          <button type="button" onClick={() => void send(true)} disabled={busy !== null}>
            {busy === 'submit' ? 'Submitting…' : 'Confirm and submit'}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)} disabled={busy !== null}>
            Back to editing
          </button>
        </div>
      )}
    </form>
  );
}
