import type Stripe from 'stripe';
import { decidePaymentFailureMessage } from '../domain/booking-status';
import { chargeLedgerLines } from '../domain/ledger';
import { modelFields } from '../data/items';
import type { BookingRecord, BookingStatus, TransactionRecord } from '../data/records';
import { repo } from '../data/repository';
import type { TxItem } from '../data/transact';
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
    if (pi.amount_received !== booking.totalAmountCents || pi.currency !== booking.currency) {
      // Never confirm a booking for a different amount than the server priced; surface it loudly.
      throw new Error(
        `PaymentIntent ${pi.id} received ${pi.amount_received} ${pi.currency}, booking ${booking.id} expects ${booking.totalAmountCents} ${booking.currency}`,
      );
    }
    return confirmedEffects(deps, booking, pi);
  }
  if (pi.status === 'requires_payment_method' && pi.last_payment_error) {
    return failedEffects(deps, booking, pi.last_payment_error);
  }
  return [];
}

function confirmedEffects(deps: Deps, booking: BookingRecord, pi: Stripe.PaymentIntent): TxItem[] {
  const now = deps.clock.now();
  const chargeId = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
  const lines = chargeLedgerLines({
    totalAmountCents: booking.totalAmountCents,
    platformFeeCents: booking.platformFeeCents,
    providerEarningsCents: booking.providerEarningsCents,
    currency: booking.currency,
  });
  return [
    {
      Update: {
        TableName: deps.tables.Booking,
        Key: { id: booking.id },
        ConditionExpression: '#status IN (:pending, :failed)',
        UpdateExpression:
          'SET #status = :confirmed, paymentIntentId = :pi, chargeId = :charge, confirmedAt = :now, updatedAt = :now REMOVE paymentFailureCode, paymentFailureMessage',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'PENDING_PAYMENT',
          ':failed': 'PAYMENT_FAILED',
          ':confirmed': 'CONFIRMED',
          ':pi': pi.id,
          ':charge': chargeId ?? null,
          ':now': now.toISOString(),
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
