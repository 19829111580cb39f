/**
 * APPLY_PROMOTION_CODE at a booking's checkout. Stripe coupons cannot discount a PaymentIntent, so the server prices
 * the discount (lib/domain/promotions.ts: the platform bears it, capped at its fee) and, in one transaction, redeems
 * the code and stores the booking's new price; then lowers the PaymentIntent to it (key per booking and code). A
 * retry finds the code applied and finishes the PaymentIntent step.
 */
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import { UNPAID_STATUSES } from '../domain/booking-status';
import { discountBooking, normalizePromotionCode } from '../domain/promotions';
import { bookingUpdateItem } from '../data/booking-writer';
import { promotionState } from '../data/promotion-writes';
import { repo } from '../data/repository';
import { AppError } from '../http/errors';
import type { PromotionRequest, PromotionResponses } from '../http/promotions';
import { callStripe } from '../stripe/errors';
import { promotionIdempotencyKeys } from '../stripe/idempotency';
import { payableBooking } from './booking-payment';
import { getBooking } from './bookings';
import { recordPayment } from './payments';
import { commitRedemption, redeemableCode } from './promotions';
import type { Deps } from '../ports';

const EDITABLE: Stripe.PaymentIntent.Status[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export const bookingSubject = (bookingId: string) => `booking:${bookingId}`;

export async function applyPromotionCode(
  deps: Deps,
  caller: Identity,
  input: PromotionRequest<'APPLY_PROMOTION_CODE'>,
): Promise<PromotionResponses['APPLY_PROMOTION_CODE']> {
  const booking = await payableBooking(deps, caller, input.bookingId);
  const code = normalizePromotionCode(input.code);
  const piId = booking.paymentIntentId;
  if (booking.promotionCode && booking.promotionCode !== code) {
    throw new AppError('CONFLICT', `The code ${booking.promotionCode} is already applied to this booking.`, {
      bookingId: booking.id,
      reason: 'CODE_ALREADY_APPLIED',
    });
  }
  if (!booking.promotionCode) {
    if (booking.creditsAppliedCents !== undefined) {
      throw new AppError('CONFLICT', 'Apply a promotion code before paying with credits.', {
        bookingId: booking.id,
        reason: 'CREDITS_APPLIED',
      });
    }
    const pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(piId));
    if (!EDITABLE.includes(pi.status)) {
      throw new AppError('INVALID_TRANSITION', 'This booking is being paid; a code can no longer be applied.', { bookingId: booking.id });
    }
    const subject = bookingSubject(booking.id);
    const { record, moves } = await redeemableCode(deps, caller, code, booking.currency, subject);
    const split = discountBooking(
      {
        totalAmountCents: booking.totalAmountCents,
        platformFeeCents: booking.platformFeeCents,
        providerEarningsCents: booking.providerEarningsCents,
        currency: booking.currency,
      },
      promotionState(record).discount,
    );
    if (split.discountCents === 0) {
      throw new AppError('VALIDATION_FAILED', 'This code takes nothing off this booking.', { code, reason: 'NO_DISCOUNT' });
    }
    const now = deps.clock.now();
    await commitRedemption(
      deps,
      {
        code: record,
        userId: caller.userId,
        purpose: 'BOOKING',
        subject,
        discountCents: split.discountCents,
        currency: split.currency,
        actor: { role: 'CUSTOMER', id: caller.userId },
        ...(moves ? { moves } : {}),
      },
      [
        bookingUpdateItem(deps, booking.id, {
          whileStatusIn: UNPAID_STATUSES,
          change: {
            set: {
              promotionCode: code,
              listPriceCents: split.listPriceCents,
              discountCents: split.discountCents,
              totalAmountCents: split.totalAmountCents,
              platformFeeCents: split.platformFeeCents,
            },
          },
          // priced from this read: no code, no credits, the same total
          expect: [
            { attr: 'promotionCode', absent: true },
            { attr: 'creditsAppliedCents', absent: true },
            { attr: 'totalAmountCents', eq: booking.totalAmountCents },
          ],
          now,
        }),
      ],
    );
  }
  const priced = await repo.booking(deps, booking.id);
  if (!priced) throw new AppError('NOT_FOUND', 'Booking not found', { bookingId: booking.id });
  const pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(piId));
  if (EDITABLE.includes(pi.status) && pi.amount !== priced.totalAmountCents) {
    await callStripe(() =>
      deps.stripe.paymentIntents.update(
        piId,
        { amount: priced.totalAmountCents, metadata: { promotionCode: code, discountCents: String(priced.discountCents ?? 0) } },
        { idempotencyKey: promotionIdempotencyKeys.bookingPaymentIntentDiscount(booking.id, code) },
      ),
    );
  }
  await recordPayment(deps, piId).catch(() => undefined);
  return { booking: await getBooking(deps, caller, booking.id) };
}
