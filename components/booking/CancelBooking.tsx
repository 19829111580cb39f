'use client';

/**
 * The customer's "Cancel booking": a modal dialog (focus moves into it, Tab stays in it, Escape closes it and focus
 * goes back to the button) that says what the cancellation gives back before it is confirmed. Unpaid: nothing was
 * charged (CANCEL_BOOKING). Paid: the server's policy amount (CALCULATE_REFUND), then CANCEL_PAID_BOOKING; the confirm
 * button names the amount.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { BookingView } from '@/lib/http/booking-processor';
import { bookingApi, cancellationApi, refundApi } from '@/lib/client/api';
import { cancelKind, confirmCancelLabel, refundPreviewSentence, UNPAID_CANCEL_TEXT, type CancelKind } from '@/lib/client/cancel-preview';
import { errorMessage } from '@/lib/client/http';
import { ErrorAlert } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

interface Props {
  booking: BookingView;
  timeZone: string | null;
  /** After the cancellation went through (reload the booking and its refund). */
  onCancelled: () => void;
  /** Names the booking on the button, where several are listed ("Cancel Portrait session, reference AB12"). */
  accessibleName?: string;
}

export function CancelBooking({ booking, timeZone, onCancelled, accessibleName }: Props) {
  const [openedAt] = useState(() => Date.now());
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const titleId = useId();
  const kind = cancelKind(booking, openedAt);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const close = () => {
    setOpen(false);
    triggerRef.current?.focus();
  };

  if (done)
    return (
      <p ref={doneRef} tabIndex={-1} role="status" className="muted">
        Your booking is cancelled.
      </p>
    );
  if (!kind) return null;
  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        className="button button--secondary"
        aria-haspopup="dialog"
        aria-label={accessibleName}
        onClick={() => setOpen(true)}
      >
        Cancel booking
      </button>
      <dialog
        ref={dialogRef}
        className="dialog"
        aria-labelledby={titleId}
        onCancel={(e) => {
          // Escape: close through the state, so the button gets the focus back.
          e.preventDefault();
          close();
        }}
      >
        {open ? (
          <CancelPanel
            booking={booking}
            kind={kind}
            timeZone={timeZone}
            nowMs={openedAt}
            titleId={titleId}
            onKeep={close}
            onCancelled={() => {
              setOpen(false);
              setDone(true);
              onCancelled();
            }}
          />
        ) : null}
      </dialog>
    </>
  );
}

interface PanelProps {
  booking: BookingView;
  kind: Exclude<CancelKind, null>;
  timeZone: string | null;
  nowMs: number;
  titleId: string;
  onKeep: () => void;
  onCancelled: () => void;
}

function CancelPanel({ booking, kind, timeZone, nowMs, titleId, onKeep, onCancelled }: PanelProps) {
  const preview = useLoad(
    async (signal) => (kind === 'paid' ? refundApi('CALCULATE_REFUND', { bookingId: booking.id }, { signal }) : null),
    `${booking.id}:${kind}`,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const calc = preview.data ?? null;
  const ready = kind === 'unpaid' || calc !== null;

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      if (kind === 'unpaid') await bookingApi('CANCEL_BOOKING', { bookingId: booking.id });
      else await cancellationApi('CANCEL_PAID_BOOKING', { bookingId: booking.id });
      onCancelled();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div className="dialog__body">
      <h2 id={titleId}>Cancel {booking.service.title}?</h2>
      {kind === 'unpaid' ? <p>{UNPAID_CANCEL_TEXT}</p> : null}
      {kind === 'paid' && preview.error !== undefined ? (
        <div role="alert">
          <p>We couldn&apos;t work out your refund: {errorMessage(preview.error)}</p>
          <button type="button" className="button button--secondary" onClick={preview.reload}>
            Try again
          </button>
        </div>
      ) : null}
      {kind === 'paid' && preview.error === undefined && !calc ? <p role="status">Working out your refund…</p> : null}
      {calc ? (
        <p className="cancel-preview" data-testid="refund-preview">
          {refundPreviewSentence(calc, booking.dateTime.start, nowMs, timeZone ?? undefined)}
        </p>
      ) : null}
      <ErrorAlert message={error} />
      <div className="dialog__actions">
        {/* The safe choice takes the focus first. */}
        <button type="button" className="button button--secondary" onClick={onKeep} autoFocus>
          Keep booking
        </button>
        <button type="button" className="button button--danger" onClick={() => void confirm()} disabled={!ready || busy}>
          {busy ? 'Cancelling…' : confirmCancelLabel(kind === 'paid' ? calc : null)}
        </button>
      </div>
    </div>
  );
}
