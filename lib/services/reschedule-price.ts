/**
 * What a move costs: the service's price now against what the booking costs (the same, a refund of the difference, a
 * top-up), or refused with the reason in words.
 */
import { priceBooking, PricingError } from '../domain/pricing';
import { reschedulePriceChange, type ReschedulePriceChange } from '../domain/reschedule';
import type { BookingRecord, ServiceRecord } from '../data/records';
import { AppError } from '../http/errors';

/** The service's price now against what the booking costs: the same, a refund of the difference, or refused. */
export function priceChangeOf(booking: BookingRecord, service: ServiceRecord): ReschedulePriceChange {
  let newPriceCents: number;
  try {
    newPriceCents = priceBooking(service, booking.groupSize).totalAmountCents;
  } catch (err) {
    if (!(err instanceof PricingError)) throw err;
    throw new AppError('CONFLICT', `This booking cannot be moved: ${err.message}`, { bookingId: booking.id, reason: 'NOT_PRICEABLE' });
  }
  // A promotion code's booking is compared at its list price: its discount stays as it was applied.
  if (booking.discountCents && booking.currentPriceCents === undefined) {
    const listPriceCents = booking.listPriceCents ?? booking.totalAmountCents + booking.discountCents;
    if (newPriceCents === listPriceCents) {
      return { kind: 'SAME', priceCents: booking.totalAmountCents, currency: booking.currency };
    }
    throw new AppError(
      'CONFLICT',
      'The price of this service changed since you booked with a promotion code. Cancel this booking and book the new time instead.',
      { bookingId: booking.id, listPriceCents, newPriceCents, reason: 'PRICE_CHANGED' },
    );
  }
  const change = reschedulePriceChange(
    {
      priceCents: booking.currentPriceCents ?? booking.totalAmountCents,
      platformFeeCents: booking.platformFeeCents - (booking.feeRefundedCents ?? 0),
      currency: booking.currency,
    },
    newPriceCents,
  );
  const details = { bookingId: booking.id, currentPriceCents: booking.currentPriceCents ?? booking.totalAmountCents, newPriceCents };
  if (change.kind !== 'SAME' && booking.status !== 'CONFIRMED') {
    throw new AppError(
      'CONFLICT',
      'The price of this service changed since you booked. Cancel this unpaid booking and book the new time instead.',
      {
        ...details,
        reason: 'PRICE_CHANGED',
      },
    );
  }
  if (booking.refundClaimId || (change.kind !== 'SAME' && booking.payoutHold)) {
    throw new AppError('CONFLICT', 'A refund of this booking is in progress or on hold; it cannot be moved to another price now.', {
      ...details,
      reason: 'REFUND_BUSY',
    });
  }
  return change;
}
