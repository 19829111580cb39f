import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import { decidePaymentFailureMessage, isUnpaidStatus } from '../domain/booking-status';
import { creditBookingLedgerLines } from '../domain/credits';
import { chargeLedgerLines } from '../domain/ledger';
import { withDiscountLines } from '../domain/promotions';
import { bookingTransitionItems } from '../data/booking-writer';
import { ledgerAccounts, ledgerLineItems } from '../data/ledger-writer';
import type { BookingRecord, BookingStatus } from '../data/records';
import { repo } from '../data/repository';
import { commitWithRetry, type TxItem } from '../data/transact';
import type { BookingRequest } from '../http/booking-processor';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { checkoutCardIdempotencyKeys, idempotencyKeys } from '../stripe/idempotency';
import { creditReturnItems } from '../data/credit-writes';
import { authorize } from './access';
import { ensureStripeCustomer, requireOwnCard } from './customers';
import type { Deps } from '../ports';

/**
 * The writes that bring a booking in line with its PaymentIntent as Stripe has it now.
 * The webhook and CONFIRM_BOOKING both call this, so they converge whatever their order; every write is
 * a named transition of the booking (CONFIRM_PAYMENT, FAIL_PAYMENT) whose condition comes from the machine: only an
 * unpaid booking moves, so a second application finds nothing to do.
 */
export async function paymentIntentEffects(deps: Deps, pi: Stripe.PaymentIntent): Promise<TxItem[]> {
  const bookingId = pi.metadata?.bookingId;
  if (!bookingId) return [];
  const booking = await repo.booking(deps, bookingId);
  if (!booking || !isUnpaidStatus(booking.status)) return [];
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
  // A promotion code's discount is booked explicitly (DISCOUNT, borne by the platform; PLATFORM_FEE at 8% of the list price).
  const lines = withDiscountLines(
    credits > 0 ? creditBookingLedgerLines(split, credits) : chargeLedgerLines(split),
    booking.discountCents ?? 0,
    booking.promotionCode ?? '',
  );
  const creditReturn = opts.returnCredits ? creditReturnOnConfirm(deps, booking, opts.returnCredits, now) : [];
  return [
    ...creditReturn,
    ...bookingTransitionItems(deps, booking.id, {
      transition: 'CONFIRM_PAYMENT',
      actor: 'STRIPE',
      now,
      change: {
        set: {
          paymentIntentId: pi.id,
          chargeId: chargeId ?? null,
          confirmedAt: now.toISOString(),
          ...(opts.returnCredits ? { creditsReturnedCents: opts.returnCredits } : {}),
        },
        remove: ['paymentFailureCode', 'paymentFailureMessage'],
      },
    }),
    // One CHARGE / PLATFORM_FEE / PROVIDER_EARNING (/ CREDIT_SPEND) line per booking, ever: `<bookingId>#<TYPE>`.
    ...ledgerLineItems(
      deps,
      lines.map((line) => ({
        account: ledgerAccounts.booking(booking.id),
        type: line.type,
        amountCents: line.amountCents,
        currency: line.currency,
        description: line.description,
        stripeObjectId: chargeId ?? pi.id,
      })),
      now,
      { role: 'STRIPE' },
    ),
  ];
}

/** Credits applied to a booking its card then paid in full: back to the customer, once. */
function creditReturnOnConfirm(deps: Deps, booking: BookingRecord, credits: number, now: Date): TxItem[] {
  // The credits never funded the booking (the card did): no CREDIT_RETURN line.
  return creditReturnItems(deps, booking, credits, 'paid-by-card', now, {
    description: `Credits returned: ${booking.serviceTitle} was paid in full by card`,
    funded: false,
    actor: { role: 'STRIPE' },
  });
}

function failedEffects(deps: Deps, booking: BookingRecord, error: Stripe.PaymentIntent.LastPaymentError): TxItem[] {
  const message = decidePaymentFailureMessage(error.code, error.decline_code, error.message);
  return [
    ...bookingTransitionItems(deps, booking.id, {
      transition: 'FAIL_PAYMENT',
      actor: 'STRIPE',
      now: deps.clock.now(),
      change: { set: { paymentFailureCode: error.decline_code ?? error.code ?? 'payment_failed', paymentFailureMessage: message } },
    }),
  ];
}

/**
 * Commits paymentIntentEffects for `pi`. The webhook may be committing the same booking at the same moment: DynamoDB
 * then cancels one transaction, and commitWithRetry decides again from the state the other left.
 */
export async function applyPaymentIntent(deps: Deps, pi: Stripe.PaymentIntent): Promise<void> {
  await commitWithRetry(deps, () => paymentIntentEffects(deps, pi));
}

/** One of the caller's own bookings that can still be paid now and has its PaymentIntent (else 404 / 409 in words). */
export async function payableBooking(
  deps: Deps,
  caller: Identity,
  bookingId: string,
): Promise<BookingRecord & { paymentIntentId: string }> {
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'pay', { details: { bookingId } });
  if (!isUnpaidStatus(booking.status))
    throw new AppError('INVALID_TRANSITION', 'This booking does not need a payment', { bookingId, currentStatus: booking.status });
  if (Date.parse(booking.holdExpiresAt) <= deps.clock.now().getTime()) {
    throw new AppError('INVALID_TRANSITION', 'The hold on this time slot has ended. Please book again.', { bookingId });
  }
  if (!booking.paymentIntentId) {
    throw new AppError('CONFLICT', 'The payment for this booking is still being prepared. Please try again in a moment.', { bookingId });
  }
  return booking as BookingRecord & { paymentIntentId: string };
}

// ---- the checkout's card choices: save the new card, or pay with a saved one ----------------------------------

const EDITABLE: Stripe.PaymentIntent.Status[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const customerOf = (pi: Stripe.PaymentIntent) => (typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null));

/**
 * PREPARE_CARD_PAYMENT, right before the browser confirms the booking's PaymentIntent with a new card: with
 * `saveCard` the PaymentIntent gets the caller's Stripe customer (created once) and setup_future_usage=off_session,
 * so Stripe saves the card when the payment succeeds; without it any earlier request to save is withdrawn. The amount
 * is never touched. Nothing is written when the PaymentIntent already says the same.
 */
export async function prepareCardPayment(
  deps: Deps,
  caller: Identity,
  input: BookingRequest<'PREPARE_CARD_PAYMENT'>,
): Promise<{ saveCard: boolean }> {
  const booking = await payableBooking(deps, caller, input.bookingId);
  const pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(booking.paymentIntentId));
  // Paid or being paid meanwhile: the browser's confirm reports that itself.
  if (!EDITABLE.includes(pi.status)) return { saveCard: pi.setup_future_usage === 'off_session' };
  let params: Stripe.PaymentIntentUpdateParams | undefined;
  if (input.saveCard) {
    const customer = await ensureStripeCustomer(deps, caller);
    if (customerOf(pi) !== customer || pi.setup_future_usage !== 'off_session') params = { customer, setup_future_usage: 'off_session' };
  } else if (pi.setup_future_usage) {
    params = { setup_future_usage: '' };
  }
  if (params) {
    const update = params;
    await callStripe(() =>
      deps.stripe.paymentIntents.update(booking.paymentIntentId, update, {
        idempotencyKey: checkoutCardIdempotencyKeys.cardSetup(booking.id, input.requestId),
      }),
    );
  }
  return { saveCard: input.saveCard };
}

/**
 * PAY_WITH_SAVED_CARD: confirms the booking's PaymentIntent with one of the caller's own saved cards (someone else's
 * card answers 404), on the server, then brings the booking in line at once (the webhook converges on the same).
 * A decline is recorded on the booking and answered as PAYMENT_DECLINED in words.
 */
export async function payWithSavedCard(deps: Deps, caller: Identity, input: BookingRequest<'PAY_WITH_SAVED_CARD'>): Promise<void> {
  const booking = await payableBooking(deps, caller, input.bookingId);
  const { customerId } = await requireOwnCard(deps, caller, input.paymentMethodId);
  let pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(booking.paymentIntentId));
  if (!EDITABLE.includes(pi.status)) {
    await applyPaymentIntent(deps, pi);
    return;
  }
  // A saved card can only pay a PaymentIntent of the customer it belongs to.
  if (customerOf(pi) !== customerId) {
    await callStripe(() =>
      deps.stripe.paymentIntents.update(
        pi.id,
        { customer: customerId },
        { idempotencyKey: checkoutCardIdempotencyKeys.customer(booking.id, customerId) },
      ),
    );
  }
  try {
    pi = await callStripe(() =>
      deps.stripe.paymentIntents.confirm(
        pi.id,
        { payment_method: input.paymentMethodId },
        { idempotencyKey: checkoutCardIdempotencyKeys.confirmWithSavedCard(booking.id, input.paymentMethodId, input.requestId) },
      ),
    );
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'PAYMENT_DECLINED') throw err;
    const failed = await callStripe(() => deps.stripe.paymentIntents.retrieve(booking.paymentIntentId));
    await applyPaymentIntent(deps, failed);
    const e = failed.last_payment_error;
    throw new AppError('PAYMENT_DECLINED', decidePaymentFailureMessage(e?.code, e?.decline_code, e?.message ?? err.message), {
      bookingId: booking.id,
      ...err.details,
    });
  }
  if (pi.status === 'requires_action') {
    throw new AppError(
      'PAYMENT_DECLINED',
      'Your bank wants to verify this payment, which a saved card cannot do here. Enter the card details instead.',
      {
        bookingId: booking.id,
        nextAction: 'authentication_required',
      },
    );
  }
  await applyPaymentIntent(deps, pi);
}

/**
 * The booking's PaymentIntent cancel: the same parameters and key on every attempt and from every caller (hold
 * expiry, cancellation, paying fully with credits), so retries replay one request instead of an idempotency_error.
 */
export function cancelBookingIntent(deps: Deps, bookingId: string, piId: string, endedAs: BookingStatus): Promise<Stripe.PaymentIntent> {
  return deps.stripe.paymentIntents.cancel(
    piId,
    { cancellation_reason: endedAs === 'EXPIRED' ? 'abandoned' : 'requested_by_customer' },
    { idempotencyKey: idempotencyKeys.bookingPaymentIntentCancel(bookingId) },
  );
}
