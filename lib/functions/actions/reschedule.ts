import { rescheduleRequests as req } from '../../http/booking-processor';
import { rescheduleBooking } from '../../services/reschedule';
import { action, requireCaller } from '../dispatch';

/** booking-processor's rescheduling; booking-processor.ts spreads it into its table. It may refund: a payment action. */
export const rescheduleActions = {
  RESCHEDULE_BOOKING: action({
    access: 'user',
    limit: 'payment',
    schema: req.RESCHEDULE_BOOKING,
    run: (ctx, input) => rescheduleBooking(ctx.deps, requireCaller(ctx), input),
  }),
};
