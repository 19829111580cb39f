'use client';

import { useState } from 'react';
import { statusLabel } from '@/lib/domain/booking-status';
import { bookingApi } from '@/lib/client/api';
import { mediumDateTime, money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { ProviderBookingView } from '@/lib/http/booking-processor';
import { BookingReview } from '@/components/reviews/BookingReview';
import { ContestRefund } from '@/components/booking/ContestRefund';
import { ErrorAlert } from '@/components/ui/States';
import { CheckInForm } from './CheckInForm';
import { NoShowForm } from './NoShowForm';
import { ProviderCancelForm } from './ProviderCancelForm';

/** Statuses a refund may have been decided in (the provider may contest one given). */
const CONTESTABLE: ProviderBookingView['status'][] = ['CONFIRMED', 'COMPLETED', 'PAID_OUT', 'CANCELLED', 'REFUNDED', 'DISPUTED'];

type Panel = 'checkIn' | 'cancel' | 'noShow' | 'refunds' | null;

function statusWords(b: ProviderBookingView): string {
  if (b.noShowAt) return 'No-show';
  return b.status === 'PAID_OUT' ? 'Paid out' : statusLabel(b.status);
}

/** One of the provider's bookings: what was booked, the customer's requests, check-in, and what the provider can do. */
export function ProviderBookingItem({ b, now, onChanged }: { b: ProviderBookingView; now: number; onChanged: () => void }) {
  const [panel, setPanel] = useState<Panel>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = (p: Exclude<Panel, null>) => setPanel(panel === p ? null : p);
  const confirmed = b.status === 'CONFIRMED';
  const mayMarkNoShow = confirmed && !b.checkedInAt && Date.parse(b.noShowOpensAt) <= now;
  const titleId = `booking-${b.id}-title`;

  const complete = async () => {
    setBusy(true);
    setError(null);
    try {
      await bookingApi('COMPLETE_BOOKING', { bookingId: b.id });
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const done = () => {
    setPanel(null);
    onChanged();
  };
  const panelButton = (p: Exclude<Panel, null>, label: string, open: string) => (
    <button type="button" className="button button--secondary" aria-expanded={panel === p} onClick={() => toggle(p)}>
      {panel === p ? open : label}
    </button>
  );

  return (
    <li className="booking-item provider-booking" data-testid={`provider-booking-${b.id}`} aria-labelledby={titleId}>
      <div>
        <h3 id={titleId}>{b.service.title}</h3>
        <div className="booking-item__meta">
          <span>{mediumDateTime(b.dateTime.start)}</span>
          <span className="provider-booking__email">{b.customerEmail}</span>
          <span>
            {b.groupSize} {b.groupSize === 1 ? 'person' : 'people'}
          </span>
          <span>{money(b.pricing.providerEarningsCents, b.pricing.currency)} to you</span>
        </div>
        <p className="provider-booking__requests">
          <strong>Special requests:</strong> {b.specialRequests ? b.specialRequests : <span className="muted">none</span>}
        </p>
        <p className="booking-item__meta">
          <span className="badge badge--info">{statusWords(b)}</span>
          {b.checkedInAt ? (
            <span className="badge badge--success">Checked in {mediumDateTime(b.checkedInAt)}</span>
          ) : confirmed ? (
            <span className="badge badge--neutral">Not checked in</span>
          ) : null}
          {b.refundedCents > 0 ? <span>Refunded {money(b.refundedCents, b.pricing.currency)} to the customer</span> : null}
        </p>
        {b.needsAction ? (
          <p className="alert alert--warning" data-testid="needs-action">
            <strong>Needs your action:</strong> {b.needsAction.words}
          </p>
        ) : null}
      </div>
      <div className="booking-item__actions">
        {b.canComplete ? (
          <button type="button" className="button" onClick={complete} disabled={busy}>
            {busy ? 'Saving…' : 'Mark completed'}
          </button>
        ) : null}
        {confirmed && !b.checkedInAt ? panelButton('checkIn', 'Check in', 'Hide check-in') : null}
        {mayMarkNoShow ? panelButton('noShow', 'Mark no-show', 'Hide no-show') : null}
        {confirmed ? panelButton('cancel', 'Cancel', 'Hide cancellation') : null}
        {CONTESTABLE.includes(b.status) ? panelButton('refunds', 'Refunds', 'Hide refunds') : null}
      </div>
      <div className="provider-booking__panel">
        <ErrorAlert message={error} />
        {panel === 'checkIn' ? <CheckInForm bookingId={b.id} onCheckedIn={() => onChanged()} /> : null}
        {panel === 'noShow' ? <NoShowForm bookingId={b.id} onDone={done} onClose={() => setPanel(null)} /> : null}
        {panel === 'cancel' ? <ProviderCancelForm bookingId={b.id} onDone={done} onClose={() => setPanel(null)} /> : null}
        {panel === 'refunds' ? <ContestRefund bookingId={b.id} nothingText="No refund to contest on this booking." /> : null}
        {/* The customer's review of a completed booking, and the provider's one reply. */}
        {(b.status === 'COMPLETED' || b.status === 'PAID_OUT') && !b.noShowAt ? <BookingReview bookingId={b.id} quietWhenNone /> : null}
      </div>
    </li>
  );
}
