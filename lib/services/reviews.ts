/**
 * Reviews of completed bookings: the customer leaves one (and may edit it for a while), the provider replies once, an
 * admin hides one with a reason, and anyone reads a service's visible reviews. Rules: lib/domain/reviews.ts; writes
 * (with the service's rating totals and the events, one transaction each): lib/data/review-writes.ts.
 */
import type { Identity } from '../auth/identity';
import {
  decideEditReview,
  decideHide,
  decideLeaveReview,
  decideReply,
  editableUntil,
  ratingAverage,
  REVIEWABLE_STATUSES,
  type ReviewRefusal,
  type ReviewState,
} from '../domain/reviews';
import type { BookingStatus } from '../domain/booking-status';
import type { BookingRecord } from '../data/records';
import { repo } from '../data/repository';
import {
  editReviewWrite,
  hideReviewWrite,
  leaveReviewWrite,
  readReview,
  replyToReviewWrite,
  ReviewWriteRefused,
  visibleReviewsOfService,
  type ReviewRecord,
} from '../data/review-writes';
import { AppError } from '../http/errors';
import type { BookingReviewView, PublicReviewView, ReviewRequest, ReviewResponses } from '../http/reviews';
import type { Deps } from '../ports';
import { actingAs, authorize } from './access';

function refused(r: ReviewRefusal, details: Record<string, unknown>): AppError {
  switch (r.code) {
    case 'INVALID':
      return new AppError('VALIDATION_FAILED', r.message, { ...details, field: r.field });
    case 'NOT_CUSTOMER':
    case 'NOT_PROVIDER':
      return new AppError('FORBIDDEN', r.message, details);
    case 'NOT_COMPLETED':
      return new AppError('INVALID_TRANSITION', r.message, details);
    default:
      return new AppError('CONFLICT', r.message, { ...details, reason: r.code });
  }
}

const stateOf = (r: ReviewRecord): ReviewState => ({
  customerId: r.customerId,
  providerId: r.providerId,
  createdAt: r.createdAt,
  hidden: r.listedServiceId === undefined,
  reply: r.reply,
});

/** "Casey Customer" → "Casey C.": enough to be a person, not enough to be found. */
export function publicAuthorName(displayName: string): string {
  const [first, ...rest] = displayName.trim().split(/\s+/);
  if (!first) return 'Customer';
  const last = rest.at(-1);
  return last ? `${first} ${last.charAt(0).toUpperCase()}.` : first;
}

function publicView(r: ReviewRecord): PublicReviewView {
  return {
    id: r.id,
    rating: r.rating,
    text: r.text,
    authorName: publicAuthorName(r.customerName),
    createdAt: r.createdAt,
    edited: r.editedAt !== undefined,
    ...(r.reply && r.repliedAt ? { reply: { text: r.reply, repliedAt: r.repliedAt } } : {}),
  };
}

function bookingView(r: ReviewRecord, caller: Identity, now: Date): BookingReviewView {
  const state = stateOf(r);
  const content = { rating: r.rating, text: r.text };
  return {
    ...publicView(r),
    bookingId: r.bookingId,
    serviceId: r.serviceId,
    editableUntil: r.editableUntil,
    canEdit: decideEditReview(caller.userId, state, now, content) === undefined,
    canReply: decideReply(caller.userId, state, 'a reply') === undefined,
    ...(r.hiddenAt ? { hidden: { reason: r.hiddenReason ?? '', hiddenAt: r.hiddenAt } } : {}),
  };
}

async function loadBooking(deps: Deps, caller: Identity, bookingId: string, action: 'view' | 'review' | 'replyToReview' | 'hideReview') {
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, action, { details: { bookingId } });
  return booking;
}

/** The review a change is about; a booking without one is a conflict of state (nothing to change yet), not a missing record. */
async function existingReview(deps: Deps, bookingId: string): Promise<ReviewRecord> {
  const review = await readReview(deps, bookingId);
  if (!review) throw new AppError('CONFLICT', 'This booking has no review yet.', { bookingId, reason: 'NO_REVIEW' });
  return review;
}

export async function leaveReview(
  deps: Deps,
  caller: Identity,
  input: ReviewRequest<'LEAVE_REVIEW'>,
): Promise<ReviewResponses['LEAVE_REVIEW']> {
  const { bookingId, rating, text } = input;
  const booking = await loadBooking(deps, caller, bookingId, 'review');
  const details = { bookingId, status: booking.status };
  const existing = await readReview(deps, bookingId);
  const refusal = decideLeaveReview(caller.userId, booking, existing !== undefined, { rating, text });
  if (refusal) throw refused(refusal, details);
  const now = deps.clock.now();
  const profile = await repo.userProfile(deps, caller.userId);
  try {
    const review = await leaveReviewWrite(
      deps,
      {
        bookingId,
        serviceId: booking.serviceId,
        providerId: booking.providerId,
        customerId: booking.customerId,
        customerName: profile?.displayName ?? 'Customer',
        rating,
        text,
        editableUntil: editableUntil(now.toISOString()),
      },
      now,
    );
    return { review: bookingView(review, caller, now) };
  } catch (err) {
    // A concurrent submission (a double click, a second tab) got there first: one review per booking.
    if (err instanceof ReviewWriteRefused && (await readReview(deps, bookingId)))
      throw refused({ code: 'ALREADY_REVIEWED', message: 'This booking already has your review; you can edit it instead.' }, details);
    if (err instanceof ReviewWriteRefused) throw new AppError('NOT_FOUND', 'Service not found', { serviceId: booking.serviceId });
    throw err;
  }
}

export async function editReview(
  deps: Deps,
  caller: Identity,
  input: ReviewRequest<'EDIT_REVIEW'>,
): Promise<ReviewResponses['EDIT_REVIEW']> {
  const { bookingId, rating, text } = input;
  await loadBooking(deps, caller, bookingId, 'review');
  const review = await existingReview(deps, bookingId);
  const now = deps.clock.now();
  const refusal = decideEditReview(caller.userId, stateOf(review), now, { rating, text });
  if (refusal) throw refused(refusal, { bookingId });
  try {
    await editReviewWrite(deps, review, { rating, text }, now);
  } catch (err) {
    if (err instanceof ReviewWriteRefused)
      throw new AppError('CONFLICT', 'The review was changed meanwhile. Reload it and try again.', { bookingId, reason: 'CHANGED' });
    throw err;
  }
  return { review: bookingView(await existingReview(deps, bookingId), caller, now) };
}

export async function replyToReview(
  deps: Deps,
  caller: Identity,
  input: ReviewRequest<'REPLY_TO_REVIEW'>,
): Promise<ReviewResponses['REPLY_TO_REVIEW']> {
  const { bookingId, reply } = input;
  await loadBooking(deps, caller, bookingId, 'replyToReview');
  const review = await existingReview(deps, bookingId);
  const refusal = decideReply(caller.userId, stateOf(review), reply);
  if (refusal) throw refused(refusal, { bookingId });
  const now = deps.clock.now();
  try {
    await replyToReviewWrite(deps, review, reply, now);
  } catch (err) {
    if (err instanceof ReviewWriteRefused)
      throw refused({ code: 'ALREADY_REPLIED', message: 'You have already replied to this review.' }, { bookingId });
    throw err;
  }
  return { review: bookingView(await existingReview(deps, bookingId), caller, now) };
}

export async function adminHideReview(
  deps: Deps,
  admin: Identity,
  input: ReviewRequest<'ADMIN_HIDE_REVIEW'>,
  attempt = 1,
): Promise<ReviewResponses['ADMIN_HIDE_REVIEW']> {
  const { bookingId, reason } = input;
  await loadBooking(deps, admin, bookingId, 'hideReview');
  const review = await existingReview(deps, bookingId);
  const refusal = decideHide(stateOf(review), reason);
  if (refusal) throw refused(refusal, { bookingId });
  const now = deps.clock.now();
  try {
    await hideReviewWrite(deps, review, { adminId: admin.userId, reason }, now);
  } catch (err) {
    // Hidden meanwhile by another admin, or edited between the read and the write (its stars changed): decide once more.
    if (err instanceof ReviewWriteRefused && attempt < 3) return adminHideReview(deps, admin, input, attempt + 1);
    if (err instanceof ReviewWriteRefused)
      throw new AppError('CONFLICT', 'The review kept changing while it was being hidden. Reload it and try again.', {
        bookingId,
        reason: 'CHANGED',
      });
    throw err;
  }
  return { review: bookingView(await existingReview(deps, bookingId), admin, now) };
}

const isReviewable = (status: BookingStatus) => (REVIEWABLE_STATUSES as readonly BookingStatus[]).includes(status);

export async function getBookingReview(deps: Deps, caller: Identity, bookingId: string): Promise<ReviewResponses['GET_BOOKING_REVIEW']> {
  const booking: BookingRecord = await loadBooking(deps, caller, bookingId, 'view');
  const review = await readReview(deps, bookingId);
  const now = deps.clock.now();
  const isCustomer = actingAs(caller, 'booking', booking, 'view') === 'CUSTOMER';
  return { review: review ? bookingView(review, caller, now) : null, canReview: !review && isCustomer && isReviewable(booking.status) };
}

/** Public: a listed or unlisted but existing service's visible reviews, newest first (hidden ones are not in the index). */
export async function listServiceReviews(
  deps: Deps,
  input: ReviewRequest<'LIST_SERVICE_REVIEWS'>,
): Promise<ReviewResponses['LIST_SERVICE_REVIEWS']> {
  const service = await repo.service(deps, input.serviceId);
  if (!service) throw new AppError('NOT_FOUND', 'Service not found', { serviceId: input.serviceId });
  const reviews = await visibleReviewsOfService(deps, service.id, input.limit);
  const average = ratingAverage(service);
  return { reviews: reviews.map(publicView), ...(average === undefined ? {} : { rating: { average, count: service.ratingCount ?? 0 } }) };
}
