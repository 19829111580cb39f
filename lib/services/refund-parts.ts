/**
 * The Stripe side of a card refund: one refund on the booking's PaymentIntent, or, when reschedule top-ups were paid,
 * parts drawn from its payments oldest first (lib/domain/reschedule-topup.ts allocateRefund), each with its own key.
 */
import type Stripe from 'stripe';
import { allocateRefund, type PaymentPart } from '../domain/reschedule-topup';
import type { BookingRecord } from '../data/records';
import { callStripe } from '../stripe/errors';
import { refundIdempotencyKeys } from '../stripe/idempotency';
import type { Deps } from '../ports';

/** The booking's card payments, oldest first: its first PaymentIntent, then each top-up's. */
function paymentsOf(booking: BookingRecord & { paymentIntentId: string }): PaymentPart[] {
  const topUps = booking.topUps ?? [];
  const topUpTotal = topUps.reduce((s, t) => s + t.amountCents, 0);
  const first = booking.totalAmountCents - topUpTotal - (booking.creditsAppliedCents ?? 0);
  return [
    { paymentIntentId: booking.paymentIntentId, amountCents: first },
    ...topUps.map((t) => ({ paymentIntentId: t.paymentIntentId, topUpSequence: t.sequence, amountCents: t.amountCents })),
  ];
}

/** Refunds `cardRefundCents` of the booking's card payments; the first part's refund names the whole one. */
export async function refundCardPayments(
  deps: Deps,
  booking: BookingRecord & { paymentIntentId: string },
  cardRefundCents: number,
  refundRequestId: string,
  metadata: Record<string, string>,
): Promise<Stripe.Refund> {
  const key = refundIdempotencyKeys.refund(booking.id, refundRequestId);
  const create = (piId: string, amount: number, idempotencyKey: string) =>
    callStripe(() =>
      deps.stripe.refunds.create({ payment_intent: piId, amount, reason: 'requested_by_customer', metadata }, { idempotencyKey }),
    );
  if (!booking.topUps?.length) return create(booking.paymentIntentId, cardRefundCents, key);
  // Refunds so far were drawn the same way (the claim read them), so a retry asks Stripe exactly the same.
  const parts = allocateRefund(paymentsOf(booking), booking.refundedCents ?? 0, cardRefundCents);
  let first: Stripe.Refund | undefined;
  for (const part of parts) {
    const partKey = part.topUpSequence === undefined ? key : `${key}:topup-${part.topUpSequence}`;
    const refund = await create(part.paymentIntentId, part.amountCents, partKey);
    first ??= refund;
  }
  if (!first) throw new Error(`no payment of booking ${booking.id} to refund ${cardRefundCents} from`);
  return first;
}
