/**
 * A payment that succeeds after its booking's hold ended (EXPIRED/CANCELLED, never confirmed) is refunded in full,
 * once (REFUND_LATE_PAYMENT: the booking keeps its status, latePaymentRefundId is written once), and the ledger
 * records the charge and its refund.
 */
import type Stripe from 'stripe';
import { planBookingTransition } from '../domain/booking-status';
import { chargeLedgerLines } from '../domain/ledger';
import { ledgerAccounts, ledgerLineItems, type LedgerEntry } from '../data/ledger-writer';
import { latePaymentRefundItems } from '../data/refund-writes';
import { repo } from '../data/repository';
import type { TxItem } from '../data/transact';
import { idempotencyKeys } from '../stripe/idempotency';
import type { Deps } from '../ports';

/**
 * payment_intent.succeeded for a booking whose hold already ended: refund it (idempotency key per booking) and record
 * charge and refund in the ledger. Undefined when the event is not a late payment (the ordinary confirmation applies);
 * [] when it was refunded already.
 */
export async function latePaymentEffects(
  deps: Deps,
  pi: Stripe.PaymentIntent,
  actor: 'STRIPE' | 'SYSTEM' = 'STRIPE',
): Promise<TxItem[] | undefined> {
  const bookingId = pi.metadata?.bookingId;
  if (!bookingId || pi.status !== 'succeeded') return undefined;
  const booking = await repo.booking(deps, bookingId);
  if (!booking || (booking.status !== 'EXPIRED' && booking.status !== 'CANCELLED')) return undefined;
  if (booking.chargeId || booking.confirmedAt) return undefined; // a paid booking cancelled later: the refunds work
  if (booking.paymentIntentId && booking.paymentIntentId !== pi.id) return undefined;
  if (booking.latePaymentRefundId) return [];
  // The machine allows it from this status before Stripe is asked; the write below is refused if the status moved.
  planBookingTransition('REFUND_LATE_PAYMENT', actor, booking.status);
  const chargeId = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
  const refund = await deps.stripe.refunds.create(
    { payment_intent: pi.id, reason: 'requested_by_customer', metadata: { bookingId, reason: 'late_payment_after_hold_ended' } },
    { idempotencyKey: idempotencyKeys.bookingLatePaymentRefund(bookingId) },
  );
  const now = deps.clock.now();
  const account = ledgerAccounts.booking(bookingId);
  const lines: LedgerEntry[] = [
    ...chargeLedgerLines({
      totalAmountCents: pi.amount_received,
      platformFeeCents: booking.platformFeeCents,
      providerEarningsCents: pi.amount_received - booking.platformFeeCents,
      currency: booking.currency,
    }).map((l) => ({ ...l, account, stripeObjectId: chargeId ?? pi.id })),
    // `<bookingId>#REFUND#<refundId>` / `#FEE_REFUND#<refundId>`: one refund per late payment (its key is the booking's).
    {
      account,
      type: 'REFUND',
      reference: refund.id,
      amountCents: refund.amount,
      currency: booking.currency,
      description: 'Late payment refunded: the hold had ended',
      stripeObjectId: refund.id,
    },
    {
      account,
      type: 'FEE_REFUND',
      reference: refund.id,
      amountCents: booking.platformFeeCents,
      currency: booking.currency,
      description: 'Platform commission of the refunded late payment',
      stripeObjectId: refund.id,
    },
  ];
  return [
    ...latePaymentRefundItems(
      deps,
      booking,
      { id: refund.id, amountCents: refund.amount, status: refund.status ?? 'succeeded' },
      actor,
      now,
    ),
    ...ledgerLineItems(deps, lines, now, { role: actor }),
  ];
}
