/** Reviews on booking-processor: the customer's review, the provider's reply, the public list (lib/services/reviews.ts). */
import { reviewRequests as req } from '../../http/reviews';
import { editReview, getBookingReview, leaveReview, listServiceReviews, replyToReview } from '../../services/reviews';
import { action, requireCaller } from '../dispatch';

export const reviewActions = {
  LEAVE_REVIEW: action({ access: 'user', schema: req.LEAVE_REVIEW, run: (ctx, input) => leaveReview(ctx.deps, requireCaller(ctx), input) }),
  EDIT_REVIEW: action({ access: 'user', schema: req.EDIT_REVIEW, run: (ctx, input) => editReview(ctx.deps, requireCaller(ctx), input) }),
  REPLY_TO_REVIEW: action({
    access: 'user',
    schema: req.REPLY_TO_REVIEW,
    run: (ctx, input) => replyToReview(ctx.deps, requireCaller(ctx), input),
  }),
  GET_BOOKING_REVIEW: action({
    access: 'user',
    schema: req.GET_BOOKING_REVIEW,
    run: (ctx, { bookingId }) => getBookingReview(ctx.deps, requireCaller(ctx), bookingId),
  }),
  LIST_SERVICE_REVIEWS: action({
    access: 'public',
    schema: req.LIST_SERVICE_REVIEWS,
    run: ({ deps }, input) => listServiceReviews(deps, input),
  }),
};
