/** CANCEL_PAID_BOOKING (booking-processor): a paid booking cancelled with its refund (lib/services/refund-requests.ts). */
import { cancellationRequests as req } from '../../http/booking-processor';
import { cancelPaidBooking } from '../../services/refund-requests';
import { action, requireCaller } from '../dispatch';

export const cancellationActions = {
  CANCEL_PAID_BOOKING: action({
    access: 'user',
    limit: 'payment',
    schema: req.CANCEL_PAID_BOOKING,
    run: (ctx, input) => cancelPaidBooking(ctx.deps, requireCaller(ctx), input),
  }),
};
