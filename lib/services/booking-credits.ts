/**
 * Paying bookings with credits, and giving them back: the debit is a conditional ADD (`creditBalance >= n`) in one
 * transaction with the spend record and the booking's `creditsAppliedCents`; a refunded or released booking's credits
 * come back once per reference.
 */
import type { Identity } from '../auth/identity';
import type { EventActor } from '../domain/events';
import {
  planCreditPayment,
  creditBookingLedgerLines,
  formatCredits,
  type CreditPaymentPlan,
  type CreditPlanError,
} from '../domain/credits';
import { formatMoney } from '../domain/money';
import { withDiscountLines } from '../domain/promotions';
import {
  bookingCreditsAppliedItems,
  bookingCreditsReturnedItem,
  creditChangeItems,
  creditReturnItems,
  creditTxIds,
  readCreditTx,
} from '../data/credit-writes';
import { transactionCancellationReasons } from '../data/items';
import { ledgerAccounts, ledgerLineItems } from '../data/ledger-writer';
import type { BookingRecord } from '../data/records';
import { repo } from '../data/repository';
import { commitWithRetry, transactWrite, type TxItem } from '../data/transact';
import type { BookingResponses, BookingRequest } from '../http/booking-processor';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { customerIdempotencyKeys } from '../stripe/idempotency';
import { applyPaymentIntent, cancelBookingIntent, payableBooking } from './booking-payment';
import { creditBalance } from './credits';
import type { Deps } from '../ports';
import { recordPayment } from './payments';

function planError(error: CreditPlanError): AppError {
  if (error.kind === 'INSUFFICIENT_CREDITS') {
    const numbers = { balance: error.balance, needed: error.needed, shortfall: error.shortfall };
    return new AppError(
      'INSUFFICIENT_CREDITS',
      `You have ${formatCredits(error.balance)}; this needs ${formatCredits(error.needed)}.`,
      numbers,
      numbers,
    );
  }
  if (error.kind === 'REMAINDER_TOO_SMALL') {
    return new AppError(
      'VALIDATION_FAILED',
      `Use all your credits for this booking, or at most ${formatCredits(error.maxCreditsForCard)} so the card pays at least the minimum.`,
      { remainderCents: error.remainderCents, minimumCents: error.minimumCents, maxCredits: error.maxCreditsForCard },
    );
  }
  return new AppError('VALIDATION_FAILED', `This booking costs ${formatCredits(error.totalCents)} at most.`, {
    totalCents: error.totalCents,
    requested: error.requested,
  });
}

/**
 * The debit of `plan.creditsApplied` for a booking, in one transaction: the balance (conditional ADD), the spend
 * record, and the booking's creditsAppliedCents (only on an unpaid booking without credits yet). Fully paid with
 * credits, the same transaction confirms the booking and writes its ledger (CREDIT_SPEND, PLATFORM_FEE,
 * PROVIDER_EARNING: the provider gets the same 92%).
 */
function bookingDebitItems(deps: Deps, booking: BookingRecord, plan: CreditPaymentPlan, now: Date): TxItem[] {
  const n = plan.creditsApplied;
  const confirm = plan.cardAmountCents === 0;
  // The customer spends them (CREATE_BOOKING, APPLY_BOOKING_CREDITS act for the booking's own customer only).
  const items: TxItem[] = [
    ...creditChangeItems(
      deps,
      {
        id: creditTxIds.spend(booking.id),
        actor: { role: 'CUSTOMER', id: booking.customerId },
        userId: booking.customerId,
        type: 'SPEND',
        credits: -n,
        bookingId: booking.id,
        description: `${booking.serviceTitle}: ${formatCredits(n)} of ${formatMoney({ amountCents: booking.totalAmountCents, currency: booking.currency })}`,
      },
      now,
    ),
    ...bookingCreditsAppliedItems(deps, booking.id, n, confirm, now),
  ];
  if (confirm) {
    const lines = withDiscountLines(
      creditBookingLedgerLines(
        {
          totalAmountCents: booking.totalAmountCents,
          platformFeeCents: booking.platformFeeCents,
          providerEarningsCents: booking.providerEarningsCents,
          currency: booking.currency,
        },
        n,
      ),
      booking.discountCents ?? 0,
      booking.promotionCode ?? '',
    );
    for (const line of lines) {
      items.push(
        ...ledgerLineItems(
          deps,
          [
            {
              account: ledgerAccounts.booking(booking.id),
              type: line.type,
              amountCents: line.amountCents,
              currency: line.currency,
              description: line.description,
            },
          ],
          now,
        ),
      );
    }
  }
  return items;
}

async function debitForBooking(deps: Deps, booking: BookingRecord, plan: CreditPaymentPlan): Promise<void> {
  const items = bookingDebitItems(deps, booking, plan, deps.clock.now());
  try {
    await transactWrite(deps, items);
  } catch (err) {
    const reasons = transactionCancellationReasons(err);
    // The balance's ADD comes first (creditChangeItems); the booking's write is the first item on the Booking table.
    if (reasons?.[0] === 'ConditionalCheckFailed') {
      const balance = await creditBalance(deps, booking.customerId);
      throw planError({
        kind: 'INSUFFICIENT_CREDITS',
        balance,
        needed: plan.creditsApplied,
        shortfall: Math.max(0, plan.creditsApplied - balance),
      });
    }
    const bookingAt = items.findIndex((item) => item.Update?.TableName === deps.tables.Booking);
    if (reasons?.[bookingAt] === 'ConditionalCheckFailed') {
      throw new AppError('INVALID_TRANSITION', 'This booking has changed in the meantime. Please refresh the page.', {
        bookingId: booking.id,
      });
    }
    throw err;
  }
}

async function planFor(deps: Deps, booking: BookingRecord, requested: number | 'max'): Promise<CreditPaymentPlan> {
  const balance = await creditBalance(deps, booking.customerId);
  const planned = planCreditPayment({ totalCents: booking.totalAmountCents, currency: booking.currency, balance, requested });
  if (!planned.ok) throw planError(planned.error);
  return planned.plan;
}

/**
 * CREATE_BOOKING with credits: called right after the slot is held, before any PaymentIntent exists. Debits the
 * credits (or throws INSUFFICIENT_CREDITS); returns what the card still has to pay (0: the booking is confirmed).
 */
export async function applyCreditsToNewBooking(deps: Deps, booking: BookingRecord, requested: number | 'max'): Promise<CreditPaymentPlan> {
  const plan = await planFor(deps, booking, requested);
  if (plan.creditsApplied > 0) await debitForBooking(deps, booking, plan);
  return plan;
}

/**
 * APPLY_BOOKING_CREDITS: credits for one of the caller's unpaid bookings that already has its PaymentIntent.
 * Order (each step safe to retry): debit first, then lower the PaymentIntent to the rest (idempotency key per
 * booking and credit count); fully paid, its PaymentIntent is canceled first and the debit confirms the booking.
 * A card payment of the full amount racing with this is confirmed as a card payment and the credits go back
 * (booking-payment.ts).
 */
export async function applyBookingCredits(
  deps: Deps,
  caller: Identity,
  input: BookingRequest<'APPLY_BOOKING_CREDITS'>,
): Promise<Omit<BookingResponses['APPLY_BOOKING_CREDITS'], 'booking'> & { bookingId: string }> {
  const booking = await payableBooking(deps, caller, input.bookingId);
  const piId = booking.paymentIntentId;
  let plan: CreditPaymentPlan;
  if (booking.creditsAppliedCents !== undefined) {
    // A retry after the debit: finish the PaymentIntent step with the credits already applied.
    plan = { creditsApplied: booking.creditsAppliedCents, cardAmountCents: booking.totalAmountCents - booking.creditsAppliedCents };
  } else {
    plan = await planFor(deps, booking, input.credits);
    if (plan.creditsApplied === 0)
      throw planError({ kind: 'INSUFFICIENT_CREDITS', balance: 0, needed: booking.totalAmountCents, shortfall: booking.totalAmountCents });
    if (plan.cardAmountCents === 0) await cancelCardPayment(deps, booking.id, piId);
    await debitForBooking(deps, booking, plan);
  }
  if (plan.cardAmountCents > 0) {
    const pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(piId));
    if (pi.status === 'succeeded' || pi.status === 'processing') {
      // Paid in full meanwhile: reconcile now (confirms as a card payment and gives the credits back).
      await applyPaymentIntent(deps, pi).catch(() => undefined);
    } else if (pi.amount !== plan.cardAmountCents) {
      await callStripe(() =>
        deps.stripe.paymentIntents.update(
          piId,
          { amount: plan.cardAmountCents, metadata: { creditsAppliedCents: String(plan.creditsApplied) } },
          { idempotencyKey: customerIdempotencyKeys.bookingPaymentIntentAfterCredits(booking.id, plan.creditsApplied) },
        ),
      );
    }
    await recordPayment(deps, piId).catch(() => undefined);
  } else {
    await recordPayment(deps, piId).catch(() => undefined);
  }
  return {
    bookingId: booking.id,
    creditsApplied: plan.creditsApplied,
    cardAmountCents: plan.cardAmountCents,
    balance: await creditBalance(deps, caller.userId),
  };
}

async function cancelCardPayment(deps: Deps, bookingId: string, piId: string): Promise<void> {
  const pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(piId));
  if (pi.status === 'canceled') return;
  if (pi.status === 'succeeded' || pi.status === 'processing' || pi.status === 'requires_capture') {
    throw new AppError('INVALID_TRANSITION', 'This booking has just been paid by card.', { bookingId });
  }
  await callStripe(() => cancelBookingIntent(deps, bookingId, piId, 'CANCELLED'));
}

/**
 * The writes that give `credits` of a credit-paid booking back to its customer (a refund), once per `reference`
 * (e.g. the refund id), never more than were applied: the booking's creditsReturnedCents moves from the value read
 * to the new one under a condition, with the balance, the SPEND_RETURN record and a CREDIT_RETURN ledger line.
 * A refund writes the same return (creditReturnItems) beside its own booking update instead (refund-processing.ts).
 */
function bookingCreditReturnEffects(deps: Deps, booking: BookingRecord, credits: number, reference: string, actor?: EventActor): TxItem[] {
  const applied = booking.creditsAppliedCents ?? 0;
  const before = booking.creditsReturnedCents ?? 0;
  if (!Number.isSafeInteger(credits) || credits <= 0) return [];
  if (before + credits > applied)
    throw new RangeError(`booking ${booking.id}: returning ${credits} credits would exceed the ${applied} applied (${before} returned)`);
  const now = deps.clock.now();
  return [
    bookingCreditsReturnedItem(deps, booking, applied, before, before + credits, now),
    ...creditReturnItems(deps, booking, credits, reference, now, {
      description: `Credits returned for ${booking.serviceTitle}`,
      funded: booking.confirmedAt !== undefined,
      ...(actor ? { actor } : {}),
    }),
  ];
}

/**
 * Gives credits of a refunded (or released) credit-paid booking back, exactly once per `reference`: all that are
 * still out. `actor`: who ended the booking (default: the system). Returns the credits returned by this call (0 if
 * already done).
 */
export async function returnBookingCredits(deps: Deps, bookingId: string, reference: string, actor?: EventActor): Promise<number> {
  let returned = 0;
  await commitWithRetry(deps, async () => {
    returned = 0;
    const booking = await repo.booking(deps, bookingId);
    if (!booking) return [];
    if (await readCreditTx(deps, creditTxIds.spendReturn(bookingId, reference))) return [];
    const outstanding = (booking.creditsAppliedCents ?? 0) - (booking.creditsReturnedCents ?? 0);
    if (outstanding <= 0) return [];
    returned = outstanding;
    return bookingCreditReturnEffects(deps, booking, outstanding, reference, actor);
  });
  return returned;
}
