/** PREVIEW_NO_SHOW and MARK_NO_SHOW (booking-processor): the booking's provider says the customer never came. */
import { providerBookingRequests as req } from '../../http/provider-bookings';
import { markNoShow, previewNoShow } from '../../services/no-show';
import { action, requireCaller } from '../dispatch';

export const providerBookingActions = {
  PREVIEW_NO_SHOW: action({
    access: 'PROVIDER',
    schema: req.PREVIEW_NO_SHOW,
    run: (ctx, input) => previewNoShow(ctx.deps, requireCaller(ctx), input),
  }),
  MARK_NO_SHOW: action({
    access: 'PROVIDER',
    limit: 'payment',
    schema: req.MARK_NO_SHOW,
    run: (ctx, input) => markNoShow(ctx.deps, requireCaller(ctx), input),
  }),
};
