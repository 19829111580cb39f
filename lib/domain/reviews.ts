/**
 * Reviews of completed bookings, as pure rules: who may review, reply and hide, what a rating and a text may be, how
 * long a review stays editable, and how a service's rating summary changes. lib/services/reviews.ts applies them;
 * lib/data/review-writes.ts makes the conditional writes that hold them under concurrency.
 */
import type { BookingStatus } from './booking-status';

/** A booking is reviewable once it was completed, also after its money moved on to the provider. */
export const REVIEWABLE_STATUSES = ['COMPLETED', 'PAID_OUT'] as const satisfies readonly BookingStatus[];

export const REVIEW_RULES = {
  minRating: 1,
  maxRating: 5,
  maxTextLength: 2000,
  maxReplyLength: 1000,
  minHideReasonLength: 3,
  maxHideReasonLength: 500,
  /** How long after it was first left the customer may still change a review. */
  editableDays: 14,
} as const;

/** One review per booking: its id is derived from the booking's, so a second review is a refused put. */
export const reviewIdOf = (bookingId: string) => `review:${bookingId}`;

export type ReviewRefusal =
  | { code: 'NOT_CUSTOMER'; message: string }
  | { code: 'NOT_COMPLETED'; message: string }
  | { code: 'ALREADY_REVIEWED'; message: string }
  | { code: 'INVALID'; message: string; field: 'rating' | 'text' | 'reply' | 'reason' }
  | { code: 'EDIT_WINDOW_CLOSED'; message: string }
  | { code: 'HIDDEN'; message: string }
  | { code: 'NOT_PROVIDER'; message: string }
  | { code: 'ALREADY_REPLIED'; message: string }
  | { code: 'ALREADY_HIDDEN'; message: string };

const invalid = (field: 'rating' | 'text' | 'reply' | 'reason', message: string): ReviewRefusal => ({ code: 'INVALID', message, field });

/** A rating is a whole number of stars from 1 to 5; text is optional and bounded. */
export function checkReviewContent(rating: number, text: string): ReviewRefusal | undefined {
  if (!Number.isInteger(rating) || rating < REVIEW_RULES.minRating || rating > REVIEW_RULES.maxRating)
    return invalid('rating', `Choose a rating from ${REVIEW_RULES.minRating} to ${REVIEW_RULES.maxRating} stars.`);
  if (text.length > REVIEW_RULES.maxTextLength)
    return invalid('text', `Keep the review under ${REVIEW_RULES.maxTextLength} characters (it has ${text.length}).`);
  return undefined;
}

export interface ReviewableBooking {
  customerId: string;
  status: BookingStatus;
}

/** Whether this caller may leave a first review of this booking. */
export function decideLeaveReview(
  callerId: string,
  booking: ReviewableBooking,
  alreadyReviewed: boolean,
  content: { rating: number; text: string },
): ReviewRefusal | undefined {
  if (booking.customerId !== callerId) return { code: 'NOT_CUSTOMER', message: 'Only the customer of a booking can review it.' };
  if (!(REVIEWABLE_STATUSES as readonly BookingStatus[]).includes(booking.status))
    return { code: 'NOT_COMPLETED', message: 'A booking can be reviewed once it has been completed.' };
  if (alreadyReviewed) return { code: 'ALREADY_REVIEWED', message: 'This booking already has your review; you can edit it instead.' };
  return checkReviewContent(content.rating, content.text);
}

export interface ReviewState {
  customerId: string;
  providerId: string;
  createdAt: string;
  hidden: boolean;
  reply?: string | undefined;
}

/** The last moment the review may be edited. */
export function editableUntil(createdAt: string): string {
  return new Date(Date.parse(createdAt) + REVIEW_RULES.editableDays * 86_400_000).toISOString();
}

export function decideEditReview(
  callerId: string,
  review: ReviewState,
  now: Date,
  content: { rating: number; text: string },
): ReviewRefusal | undefined {
  if (review.customerId !== callerId) return { code: 'NOT_CUSTOMER', message: 'Only the customer who wrote a review can edit it.' };
  if (review.hidden) return { code: 'HIDDEN', message: 'This review was hidden by an admin and can no longer be edited.' };
  if (now.toISOString() > editableUntil(review.createdAt))
    return {
      code: 'EDIT_WINDOW_CLOSED',
      message: `A review can be edited for ${REVIEW_RULES.editableDays} days after it was left; this one can no longer be changed.`,
    };
  return checkReviewContent(content.rating, content.text);
}

export function decideReply(callerId: string, review: ReviewState, reply: string): ReviewRefusal | undefined {
  if (review.providerId !== callerId) return { code: 'NOT_PROVIDER', message: "Only the booking's provider can reply to its review." };
  if (review.reply !== undefined) return { code: 'ALREADY_REPLIED', message: 'You have already replied to this review.' };
  if (reply.trim().length === 0) return invalid('reply', 'Write a reply.');
  if (reply.length > REVIEW_RULES.maxReplyLength)
    return invalid('reply', `Keep the reply under ${REVIEW_RULES.maxReplyLength} characters (it has ${reply.length}).`);
  return undefined;
}

export function decideHide(review: ReviewState, reason: string): ReviewRefusal | undefined {
  if (review.hidden) return { code: 'ALREADY_HIDDEN', message: 'This review is already hidden.' };
  const length = reason.trim().length;
  if (length < REVIEW_RULES.minHideReasonLength || length > REVIEW_RULES.maxHideReasonLength)
    return invalid(
      'reason',
      `Give a reason of ${REVIEW_RULES.minHideReasonLength} to ${REVIEW_RULES.maxHideReasonLength} characters for hiding the review.`,
    );
  return undefined;
}

// ---- a service's rating summary ------------------------------------------------------------------

/** Kept on the Service record as a sum and a count, so the average needs no scan and changes by increments. */
export interface RatingTotals {
  ratingSum: number;
  ratingCount: number;
}

/** The average to one decimal (4.25 → 4.3, half up), or undefined before the first visible review. */
export function ratingAverage(totals: Partial<RatingTotals>): number | undefined {
  const count = totals.ratingCount ?? 0;
  if (count <= 0) return undefined;
  return Math.round(((totals.ratingSum ?? 0) * 10) / count) / 10;
}

/** The increments a review's change makes to its service's totals (only visible reviews count). */
export function ratingDelta(
  change: { kind: 'leave'; rating: number } | { kind: 'edit'; from: number; to: number } | { kind: 'hide'; rating: number },
): RatingTotals {
  switch (change.kind) {
    case 'leave':
      return { ratingSum: change.rating, ratingCount: 1 };
    case 'edit':
      return { ratingSum: change.to - change.from, ratingCount: 0 };
    case 'hide':
      return { ratingSum: -change.rating, ratingCount: -1 };
  }
}

/** Best rated first; services without reviews after those with, newest first among equals (the listing's order). */
export function compareByRating(
  a: Partial<RatingTotals> & { createdAt: string },
  b: Partial<RatingTotals> & { createdAt: string },
): number {
  const ra = ratingAverage(a) ?? -1;
  const rb = ratingAverage(b) ?? -1;
  if (ra !== rb) return rb - ra;
  const ca = a.ratingCount ?? 0;
  const cb = b.ratingCount ?? 0;
  if (ca !== cb) return cb - ca;
  return b.createdAt.localeCompare(a.createdAt);
}
