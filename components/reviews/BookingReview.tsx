'use client';

/**
 * A completed booking's review, for the people of the booking: its customer rates it ("Rate this booking") and may edit
 * the review while its edit window lasts; its provider replies once. An admin's hiding is shown with its reason.
 */
import { useState, type FormEvent } from 'react';
import { reviewApi } from '@/lib/client/api';
import { mediumDateTime } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { BookingReviewView } from '@/lib/http/reviews';
import { FormAlert } from '@/components/ui/TextField';
import { RetryAlert } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { ReviewItem } from './ServiceReviews';

/** `quietWhenNone`: show nothing until there is a review (the provider's list). */
export function BookingReview({ bookingId, quietWhenNone = false }: { bookingId: string; quietWhenNone?: boolean }) {
  const load = useLoad((signal) => reviewApi('GET_BOOKING_REVIEW', { bookingId }, { signal }), bookingId);
  const [editing, setEditing] = useState(false);
  if (load.error !== undefined) return <RetryAlert message={errorMessage(load.error)} onRetry={load.reload} />;
  if (!load.data) return null;
  const { review, canReview } = load.data;
  const done = () => {
    setEditing(false);
    load.reload();
  };
  if (!review) {
    // Nothing to show until the customer may review (the provider waits for one: quietWhenNone).
    if (!canReview || quietWhenNone) return null;
    return (
      <section className="card" aria-labelledby={`rate-${bookingId}`}>
        <h2 id={`rate-${bookingId}`}>Rate this booking</h2>
        <ReviewForm bookingId={bookingId} onSaved={done} />
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby={`review-${bookingId}`}>
      <h2 id={`review-${bookingId}`}>{review.canEdit || review.hidden ? 'Your review' : 'Review'}</h2>
      {review.hidden ? (
        <p className="alert alert--warning" role="status">
          Hidden by our team on {mediumDateTime(review.hidden.hiddenAt)}: {review.hidden.reason}
        </p>
      ) : null}
      {editing ? (
        <ReviewForm bookingId={bookingId} existing={review} onSaved={done} />
      ) : (
        <ul className="review-list">
          <ReviewItem review={review} />
        </ul>
      )}
      {review.canEdit && !editing ? (
        <p className="small muted">
          You can change your review until {mediumDateTime(review.editableUntil)}.{' '}
          <button type="button" className="button button--ghost" onClick={() => setEditing(true)}>
            Edit review
          </button>
        </p>
      ) : null}
      {review.canReply ? <ReplyForm bookingId={bookingId} onSaved={done} /> : null}
    </section>
  );
}

function ReviewForm({ bookingId, existing, onSaved }: { bookingId: string; existing?: BookingReviewView; onSaved: () => void }) {
  const [rating, setRating] = useState(existing?.rating ?? 0);
  const [text, setText] = useState(existing?.text ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await reviewApi(existing ? 'EDIT_REVIEW' : 'LEAVE_REVIEW', { bookingId, rating, text: text.trim() });
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label={existing ? 'Edit your review' : 'Rate this booking'}>
      <fieldset>
        <legend>Your rating</legend>
        <div className="filters">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n}>
              <input type="radio" name={`rating-${bookingId}`} value={n} checked={rating === n} onChange={() => setRating(n)} />
              {n === 1 ? '1 star' : `${n} stars`}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`review-text-${bookingId}`}>Your review (optional)</label>
        <textarea id={`review-text-${bookingId}`} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <FormAlert message={error} />
      <button type="submit" className="button" disabled={busy || rating === 0}>
        {busy ? 'Saving…' : existing ? 'Save review' : 'Submit review'}
      </button>
    </form>
  );
}

function ReplyForm({ bookingId, onSaved }: { bookingId: string; onSaved: () => void }) {
  const [reply, setReply] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await reviewApi('REPLY_TO_REVIEW', { bookingId, reply: reply.trim() });
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Reply to the review">
      <div className="field">
        <label htmlFor={`reply-${bookingId}`}>Your reply (one per review)</label>
        <textarea id={`reply-${bookingId}`} required maxLength={1000} value={reply} onChange={(e) => setReply(e.target.value)} />
      </div>
      <FormAlert message={error} />
      <button type="submit" className="button" disabled={busy || reply.trim().length === 0}>
        {busy ? 'Sending…' : 'Post reply'}
      </button>
    </form>
  );
}
