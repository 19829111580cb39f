'use client';

/** A service page's reviews: visible ones only (hidden reviews never reach the browser), newest first, with replies. */
import { reviewApi } from '@/lib/client/api';
import { mediumDateTime } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { PublicReviewView } from '@/lib/http/reviews';
import { RetryAlert } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { Stars } from './Stars';

export function ServiceReviews({ serviceId }: { serviceId: string }) {
  const load = useLoad((signal) => reviewApi('LIST_SERVICE_REVIEWS', { serviceId }, { signal }), serviceId);
  return (
    <section aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      {load.error !== undefined ? <RetryAlert message={errorMessage(load.error)} onRetry={load.reload} /> : null}
      {load.data && load.data.reviews.length === 0 ? <p className="muted">Nobody has reviewed this service yet.</p> : null}
      {load.data ? (
        <ul className="review-list">
          {load.data.reviews.map((r) => (
            <ReviewItem key={r.id} review={r} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function ReviewItem({ review: r }: { review: PublicReviewView }) {
  return (
    <li className="review" data-testid={`review-${r.id}`}>
      <p>
        <Stars rating={r.rating} /> <strong>{r.authorName}</strong>{' '}
        <span className="small muted">
          {mediumDateTime(r.createdAt)}
          {r.edited ? ' · edited' : ''}
        </span>
      </p>
      {r.text ? <p style={{ whiteSpace: 'pre-line' }}>{r.text}</p> : null}
      {r.reply ? (
        <blockquote className="review__reply">
          <p className="small muted">Reply from the provider</p>
          <p style={{ whiteSpace: 'pre-line' }}>{r.reply.text}</p>
        </blockquote>
      ) : null}
    </li>
  );
}
