import { bookingRequests as req } from '../http/booking-processor';
import { checkAvailability, getService, listServices } from '../services/catalog';
import { confirmBooking, createBooking, getBooking, listMyBookings } from '../services/bookings';
import { prepareCardPayment, payWithSavedCard } from '../services/booking-payment';
import { applyBookingCredits } from '../services/booking-credits';
import { searchServices } from '../services/service-search';
import { createService, deactivateService, listMyServices, updateService } from '../services/provider-services';
import { bookingLifecycleActions } from './actions/booking-lifecycle';
import { cancellationActions } from './actions/cancellation';
import { providerBookingActions } from './actions/provider-bookings';
import { reviewActions } from './actions/reviews';
import { rescheduleActions } from './actions/reschedule';
import { bookingPromotionActions } from './actions/promotions';
import { notificationActions } from './actions/notifications';
import { action, createActionHandler, requireCaller } from './dispatch';
import type { FunctionRuntime } from './runtime';

export const bookingActions = {
  LIST_SERVICES: action({
    access: 'public',
    schema: req.LIST_SERVICES,
    run: async ({ deps }, { sort }) => ({ services: await listServices(deps, sort) }),
  }),
  SEARCH_SERVICES: action({
    access: 'public',
    schema: req.SEARCH_SERVICES,
    run: ({ deps }, input) => searchServices(deps, input),
  }),
  GET_SERVICE: action({
    access: 'public',
    schema: req.GET_SERVICE,
    run: async ({ deps }, { serviceId }) => ({ service: await getService(deps, serviceId) }),
  }),
  CHECK_AVAILABILITY: action({
    access: 'public',
    schema: req.CHECK_AVAILABILITY,
    run: ({ deps }, input) => checkAvailability(deps, input),
  }),
  CREATE_BOOKING: action({
    access: 'user',
    limit: 'payment',
    schema: req.CREATE_BOOKING,
    run: (ctx, input) => createBooking(ctx.deps, requireCaller(ctx), input),
  }),
  GET_BOOKING: action({
    access: 'user',
    schema: req.GET_BOOKING,
    run: async (ctx, { bookingId }) => ({ booking: await getBooking(ctx.deps, requireCaller(ctx), bookingId) }),
  }),
  LIST_MY_BOOKINGS: action({
    access: 'user',
    schema: req.LIST_MY_BOOKINGS,
    run: async (ctx) => ({ bookings: await listMyBookings(ctx.deps, requireCaller(ctx)) }),
  }),
  CONFIRM_BOOKING: action({
    access: 'user',
    limit: 'payment',
    schema: req.CONFIRM_BOOKING,
    run: async (ctx, { bookingId }) => ({ booking: await confirmBooking(ctx.deps, requireCaller(ctx), bookingId) }),
  }),
  // ---- the provider's services ----
  CREATE_SERVICE: action({
    access: 'PROVIDER',
    schema: req.CREATE_SERVICE,
    run: async (ctx, input) => ({ service: await createService(ctx.deps, requireCaller(ctx), input) }),
  }),
  UPDATE_SERVICE: action({
    access: 'PROVIDER',
    schema: req.UPDATE_SERVICE,
    run: async (ctx, input) => ({ service: await updateService(ctx.deps, requireCaller(ctx), input) }),
  }),
  DEACTIVATE_SERVICE: action({
    access: 'PROVIDER',
    schema: req.DEACTIVATE_SERVICE,
    run: async (ctx, { serviceId }) => ({ service: await deactivateService(ctx.deps, requireCaller(ctx), serviceId) }),
  }),
  // ---- paying with credits ----
  APPLY_BOOKING_CREDITS: action({
    access: 'user',
    limit: 'payment',
    schema: req.APPLY_BOOKING_CREDITS,
    run: async (ctx, input) => {
      const caller = requireCaller(ctx);
      const { bookingId, ...applied } = await applyBookingCredits(ctx.deps, caller, input);
      return { ...applied, booking: await getBooking(ctx.deps, caller, bookingId) };
    },
  }),
  // ---- saving a card when paying, paying with a saved card ----
  PREPARE_CARD_PAYMENT: action({
    access: 'user',
    limit: 'payment',
    schema: req.PREPARE_CARD_PAYMENT,
    run: (ctx, input) => prepareCardPayment(ctx.deps, requireCaller(ctx), input),
  }),
  PAY_WITH_SAVED_CARD: action({
    access: 'user',
    limit: 'payment',
    schema: req.PAY_WITH_SAVED_CARD,
    run: async (ctx, input) => {
      const caller = requireCaller(ctx);
      await payWithSavedCard(ctx.deps, caller, input);
      return { booking: await getBooking(ctx.deps, caller, input.bookingId) };
    },
  }),
  LIST_MY_SERVICES: action({
    access: 'PROVIDER',
    schema: req.LIST_MY_SERVICES,
    run: async (ctx) => ({ services: await listMyServices(ctx.deps, requireCaller(ctx)) }),
  }),
  // CANCEL_BOOKING, COMPLETE_BOOKING, LIST_PROVIDER_BOOKINGS
  ...bookingLifecycleActions,
  // CANCEL_PAID_BOOKING: after payment, with the refund the policy (customer) or a full one (provider) gives
  ...cancellationActions,
  // PREVIEW_NO_SHOW, MARK_NO_SHOW: the provider's no-show with the policy's refund
  ...providerBookingActions,
  // LEAVE_REVIEW, EDIT_REVIEW, REPLY_TO_REVIEW, GET_BOOKING_REVIEW, LIST_SERVICE_REVIEWS
  ...reviewActions,
  // RESCHEDULE_BOOKING: the customer moves a booking to another free slot of its service
  ...rescheduleActions,
  // APPLY_PROMOTION_CODE
  ...bookingPromotionActions,
  ...notificationActions,
};

export function createBookingProcessorHandler(runtime: FunctionRuntime) {
  return createActionHandler(runtime, bookingActions);
}
