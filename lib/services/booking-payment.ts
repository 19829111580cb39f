import type Stripe from 'stripe';
import { decidePaymentFailureMessage } from '../domain/booking-status';
import { creditBookingLedgerLines } from '../domain/credits';
import { chargeLedgerLines } from '../domain/ledger';
import { modelFields } from '../data/items';
import type { BookingRecord, BookingStatus, TransactionRecord } from '../data/records';
import { repo } from '../data/repository';
import type { TxItem } from '../data/transact';
import { balanceChangeItem, creditTxIds, creditTxItem } from './credit-writes';
import type { Deps } from './deps';

const UNPAID: BookingStatus[] = ['PENDING_PAYMENT', 'PAYMENT_FAILED'];

/**
 * The writes that bring a booking in line with its PaymentIntent as Stripe has it now.
 * The webhook and CONFIRM_BOOKING both call this, so they converge whatever their order; every write is
 * conditional on the booking still being unpaid, so a second application finds nothing to do.
 */
export async function paymentIntentEffects(deps: Deps, pi: Stripe.PaymentIntent): Promise<TxItem[]> {
  const bookingId = pi.metadata?.bookingId;
  if (!bookingId) return [];
  const booking = await repo.booking(deps, bookingId);
  if (!booking || !UNPAID.includes(booking.status)) return [];
  if (booking.paymentIntentId && booking.paymentIntentId !== pi.id) return [];

  if (pi.status === 'succeeded') {
    // With credits applied the card pays the rest (lib/domain/credits.ts).
    const credits = booking.creditsAppliedCents ?? 0;
    const expectedCard = booking.totalAmountCents - credits;
    if (pi.currency === booking.currency && pi.amount_received === expectedCard) return confirmedEffects(deps, booking, pi);
    if (pi.currency === booking.currency && credits > 0 && pi.amount_received === booking.totalAmountCents) {
      // Paid in full by card (an older page, before the credits were applied): confirm as a card payment and
      // give the credits back in the same transaction.
      return confirmedEffects(deps, booking, pi, { returnCredits: credits });
    }
    // Never confirm a booking for a different amount than the server priced; surface it loudly.
    throw new Error(
      `PaymentIntent ${pi.id} received ${pi.amount_received} ${pi.currency}, booking ${booking.id} expects ${expectedCard} ${booking.currency}`,
    );
  }
  if (pi.status === 'requires_payment_method' && pi.last_payment_error) {
    return failedEffects(deps, booking, pi.last_payment_error);
  }
  return [];
}

function confirmedEffects(deps: Deps, booking: BookingRecord, pi: Stripe.PaymentIntent, opts: { returnCredits?: number } = {}): TxItem[] {
  const now = deps.clock.now();
  const chargeId = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
  const split = {
    totalAmountCents: booking.totalAmountCents,
    platformFeeCents: booking.platformFeeCents,
    providerEarningsCents: booking.providerEarningsCents,
    currency: booking.currency,
  };
  const credits = opts.returnCredits ? 0 : (booking.creditsAppliedCents ?? 0);
  const lines = credits > 0 ? creditBookingLedgerLines(split, credits) : chargeLedgerLines(split);
  const creditReturn = opts.returnCredits ? creditReturnOnConfirm(deps, booking, opts.returnCredits, now) : [];
  return [
    ...creditReturn,
    {
      Update: {
        TableName: deps.tables.Booking,
        Key: { id: booking.id },
        ConditionExpression: '#status IN (:pending, :failed)',
        UpdateExpression: `SET #status = :confirmed, paymentIntentId = :pi, chargeId = :charge, confirmedAt = :now, updatedAt = :now${
          opts.returnCredits ? ', creditsReturnedCents = :returned' : ''
        } REMOVE paymentFailureCode, paymentFailureMessage`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'PENDING_PAYMENT',
          ':failed': 'PAYMENT_FAILED',
          ':confirmed': 'CONFIRMED',
          ':pi': pi.id,
          ':charge': chargeId ?? null,
          ':now': now.toISOString(),
          ...(opts.returnCredits ? { ':returned': opts.returnCredits } : {}),
        },
      },
    },
    ...lines.map(
      (line): TxItem => ({
        Put: {
          TableName: deps.tables.Transaction,
          // Deterministic ids: one CHARGE / PLATFORM_FEE / PROVIDER_EARNING per booking, ever.
          Item: {
            ...modelFields('Transaction', `${booking.id}#${line.type}`, now),
            bookingId: booking.id,
            type: line.type,
            amountCents: line.amountCents,
            currency: line.currency,
            stripeObjectId: chargeId ?? pi.id,
            description: line.description,
          } satisfies TransactionRecord,
          ConditionExpression: 'attribute_not_exists(id)',
        },
      }),
    ),
  ];
}

/** Credits applied to a booking its card then paid in full: back to the customer, once. */
function creditReturnOnConfirm(deps: Deps, booking: BookingRecord, credits: number, now: Date): TxItem[] {
  return [
    balanceChangeItem(deps, booking.customerId, credits, now),
    creditTxItem(deps, creditTxIds.spendReturn(booking.id, 'paid-by-card'), now, {
      userId: booking.customerId,
      type: 'SPEND_RETURN',
      credits,
      bookingId: booking.id,
      description: `Credits returned: ${booking.serviceTitle} was paid in full by card`,
    }),
  ];
}

function failedEffects(deps: Deps, booking: BookingRecord, error: Stripe.PaymentIntent.LastPaymentError): TxItem[] {
  const message = decidePaymentFailureMessage(error.code, error.decline_code, error.message);
  return [
    {
      Update: {
        TableName: deps.tables.Booking,
        Key: { id: booking.id },
        ConditionExpression: '#status IN (:pending, :failed)',
        UpdateExpression: 'SET #status = :failedStatus, paymentFailureCode = :code, paymentFailureMessage = :message, updatedAt = :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'PENDING_PAYMENT',
          ':failed': 'PAYMENT_FAILED',
          ':failedStatus': 'PAYMENT_FAILED',
          ':code': error.decline_code ?? error.code ?? 'payment_failed',
          ':message': message,
          ':now': deps.clock.now().toISOString(),
        },
      },
    },
  ];
}
