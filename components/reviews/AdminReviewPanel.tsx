'use client';

/** The admin booking page's review: shown with its state, and hidden with a reason (ADMIN_HIDE_REVIEW, audited). */
import { useState, type FormEvent } from 'react';
import { reviewAdminApi, reviewApi } from '@/lib/client/api';
import { mediumDateTime } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { FormAlert } from '@/components/ui/TextField';
import { RetryAlert } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { ReviewItem } from './ServiceReviews';

export function AdminReviewPanel({ bookingId, onHidden }: { bookingId: string; onHidden: () => void }) {
  const load = useLoad((signal) => reviewApi('GET_BOOKING_REVIEW', { bookingId }, { signal }), bookingId);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (load.error !== undefined) return <RetryAlert message={errorMessage(load.error)} onRetry={load.reload} />;
  const review = load.data?.review;
  if (!review) return null;
  const hide = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await reviewAdminApi('ADMIN_HIDE_REVIEW', { bookingId, reason: reason.trim() });
      load.reload();
      onHidden();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="admin-review-heading">
      <h2 id="admin-review-heading">Review</h2>
      <ul className="review-list">
        <ReviewItem review={review} />
      </ul>
      {review.hidden ? (
        <p role="status">
          Hidden on {mediumDateTime(review.hidden.hiddenAt)}: {review.hidden.reason}
        </p>
      ) : (
        <form onSubmit={hide} aria-label="Hide the review">
          <div className="field">
            <label htmlFor={`hide-reason-${bookingId}`}>Why hide it (shown to the customer, kept in the audit log)</label>
            <textarea
              id={`hide-reason-${bookingId}`}
              required
              minLength={3}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <FormAlert message={error} />
          <button type="submit" className="button button--secondary" disabled={busy || reason.trim().length < 3}>
            {busy ? 'Hiding…' : 'Hide review'}
          </button>
        </form>
      )}
    </section>
  );
}
