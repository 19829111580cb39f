'use client';

import { useId, useState, type FormEvent } from 'react';
import { checkoutPromotionApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { BookingView } from '@/lib/http/booking-processor';
import { TextField } from '@/components/ui/TextField';
import { Spinner } from '@/components/ui/States';

/**
 * The checkout's promotion code: the server checks it, prices the discount and lowers the payment; the page then
 * shows the booking it answers (the summary lists the discount, the pay button the new total).
 */
export function PromotionCodeField({ booking, onApplied }: { booking: BookingView; onApplied: (booking: BookingView) => void }) {
  const id = useId();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const applied = booking.pricing.promotionCode;

  if (applied && booking.pricing.discountCents) {
    return (
      <p className="alert alert--success" role="status" data-testid="promotion-applied">
        Code <strong>{applied}</strong> applied: {money(booking.pricing.discountCents, booking.pricing.currency)} off.
      </p>
    );
  }
  // Credits were applied first: the code cannot be combined any more (the server says so too).
  if (booking.creditsAppliedCents) return null;

  const apply = async (e: FormEvent) => {
    e.preventDefault();
    if (!code.trim()) {
      setError('Enter a promotion code.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await checkoutPromotionApi('APPLY_PROMOTION_CODE', { bookingId: booking.id, code: code.trim() });
      onApplied(res.booking);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={apply} noValidate aria-busy={busy} aria-label="Promotion code" style={{ marginBottom: '1rem' }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'end', flexWrap: 'wrap' }}>
        <div style={{ flex: '1 1 12rem' }}>
          <TextField
            id={`${id}-code`}
            label="Promotion code"
            name="promotionCode"
            autoComplete="off"
            autoCapitalize="characters"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            disabled={busy}
            {...(error ? { error } : {})}
          />
        </div>
        <button type="submit" className="button button--secondary" disabled={busy} style={{ marginBottom: '1rem' }}>
          {busy ? (
            <>
              <Spinner small /> Applying…
            </>
          ) : (
            'Apply'
          )}
        </button>
      </div>
    </form>
  );
}
