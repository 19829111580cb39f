/**
 * CANCEL_PAID_BOOKING (booking-processor): a CONFIRMED booking cancelled after payment. Its customer gets the
 * service's policy amount; its provider's cancellation (or an admin's) refunds everything. The refund and the
 * status change are one refund request (`cancel`) of lib/services/refunds.ts, so a repeat cancels and refunds once.
 * A booking paid (partly) with credits gets the credit part of the refund back as credits, the rest on the card.
 */
import { cancellationRequests as req } from '../../http/refund-contract';
import { recordAudit } from '../../services/audit';
import { repo } from '../../data/repository';
import { actingAs, authorize } from '../../services/access';
import { processRefund } from '../../services/refunds';
import { action, requireCaller } from '../dispatch';

export const cancellationActions = {
  CANCEL_PAID_BOOKING: action({
    access: 'user',
    schema: req.CANCEL_PAID_BOOKING,
    run: async (ctx, { bookingId, reason }) => {
      const caller = requireCaller(ctx);
      const booking = await repo.booking(ctx.deps, bookingId);
      authorize(caller, 'booking', booking, 'cancelPaid', { details: { bookingId } });
      const actor = actingAs(caller, 'booking', booking, 'cancelPaid') as 'CUSTOMER' | 'PROVIDER' | 'ADMIN';
      const result = await processRefund(ctx.deps, bookingId, {
        mode: actor === 'CUSTOMER' ? { kind: 'POLICY' } : { kind: 'FULL' },
        reason: reason ?? (actor === 'CUSTOMER' ? 'Cancelled by the customer' : actor === 'PROVIDER' ? 'Cancelled by the provider' : 'Cancelled by an admin'),
        requestedBy: caller.userId,
        cancelActor: actor,
      });
      if (actor === 'ADMIN' && !result.replayed) {
        await recordAudit(ctx.deps, caller, { action: 'CANCEL_PAID_BOOKING', targetType: 'Booking', targetId: bookingId, reason: reason ?? 'Cancelled by an admin', details: { refund: result.refund } });
      }
      return result;
    },
  }),
};
