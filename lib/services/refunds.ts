/**
 * Refunds of paid bookings, as one entry point for the handlers (refund-processor, CANCEL_PAID_BOOKING):
 *   lib/services/refund-calculation.ts  what a refund would be (CALCULATE_REFUND), refundability
 *   lib/services/refund-processing.ts   a refund claimed, made on Stripe and recorded once (PROCESS_REFUND, cancellations)
 *   lib/services/refund-disputes.ts     a contested refund decision (DISPUTE_REFUND) and its resolution
 * and here: the refund status of a booking (GET_REFUND_STATUS) and its ledger.
 */
import type { Identity } from '../auth/identity';
import { repo } from '../data/repository';
import { authorize } from './access';
import type { Deps } from '../ports';
import { fundingOf, isRefundable } from './refund-calculation';
import type { RefundStatus } from '../http/refund-processor';
import { contestFor } from './refund-disputes';

export { calculateRefundFor } from './refund-calculation';
export { processRefund } from './refund-processing';
export { disputeRefund, resolveRefundDispute } from './refund-disputes';

// ---- GET_REFUND_STATUS --------------------------------------------------------------------------

export async function getRefundStatus(deps: Deps, caller: Identity, bookingId: string): Promise<RefundStatus> {
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'view', { details: { bookingId } });
  const refunded = booking.refundedCents ?? 0;
  return {
    bookingId,
    status: booking.status,
    currency: booking.currency,
    paidCents: booking.totalAmountCents,
    paidWithCreditsCents: fundingOf(booking).creditsPaid,
    creditsReturnedCents: fundingOf(booking).creditsRefunded,
    refundedCents: refunded,
    refundableCents: isRefundable(booking) ? booking.totalAmountCents - refunded : 0,
    feeRefundedCents: booking.feeRefundedCents ?? 0,
    providerReversedCents: booking.providerReversedCents ?? 0,
    providerDebtCents: booking.providerDebtCents ?? 0,
    refunds: booking.refunds ?? [],
    inProgress: booking.refundClaim
      ? {
          refundRequestId: booking.refundClaim.refundRequestId,
          refundCents: booking.refundClaim.refundCents,
          claimedAt: booking.refundClaim.claimedAt,
        }
      : null,
    payoutHold: booking.payoutHold === true,
    refundDispute: booking.refundDispute ?? null,
    contest: contestFor(caller, booking),
  };
}
