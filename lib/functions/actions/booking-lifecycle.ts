import { lifecycleRequests as req } from '../../http/booking-processor';
import { bookingReceipt, cancelUnpaidBooking, completeBooking } from '../../services/booking-lifecycle';
import { listProviderBookings } from '../../services/provider-bookings';
import { checkIn } from '../../services/check-in';
import { action, requireCaller } from '../dispatch';

/** booking-processor's lifecycle actions; booking-processor.ts spreads them into its table. */
export const bookingLifecycleActions = {
  CANCEL_BOOKING: action({
    access: 'user',
    limit: 'payment',
    schema: req.CANCEL_BOOKING,
    run: async (ctx, { bookingId }) => ({ booking: await cancelUnpaidBooking(ctx.deps, requireCaller(ctx), bookingId) }),
  }),
  COMPLETE_BOOKING: action({
    access: 'user',
    schema: req.COMPLETE_BOOKING,
    run: async (ctx, { bookingId }) => ({ booking: await completeBooking(ctx.deps, requireCaller(ctx), bookingId) }),
  }),
  GET_BOOKING_RECEIPT: action({
    access: 'user',
    schema: req.GET_BOOKING_RECEIPT,
    run: async (ctx, { bookingId }) => ({ receipt: await bookingReceipt(ctx.deps, requireCaller(ctx), bookingId) }),
  }),
  CHECK_IN: action({
    access: 'PROVIDER',
    schema: req.CHECK_IN,
    run: (ctx, input) => checkIn(ctx.deps, requireCaller(ctx), input),
  }),
  LIST_PROVIDER_BOOKINGS: action({
    access: 'PROVIDER',
    schema: req.LIST_PROVIDER_BOOKINGS,
    run: async (ctx, input) => ({ bookings: await listProviderBookings(ctx.deps, requireCaller(ctx), input) }),
  }),
};
