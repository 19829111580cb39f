/**
 * What a refund of a paid booking would be (CALCULATE_REFUND, and step 1 of every refund): the breakdown from
 * lib/domain/refunds.ts over the booking's cumulative sums and, after a payout, the transfer found on Stripe itself
 * (transfer_group = booking id). No writes.
 */
import type { Identity } from '../auth/identity';
import { bookingFunding, splitBookingRefund, type BookingFunding } from '../domain/credits';
import {
  calculateRefund,
  hoursBeforeStart,
  noShowRefundCents,
  policyRefundCents,
  RefundError,
  refundableCents,
  type RefundBreakdown,
  type RefundState,
} from '../domain/refunds';
import type { BookingRecord, BookingStatus, CancellationPolicy } from '../data/records';
import { repo } from '../data/repository';
import { AppError } from '../http/errors';
import { actingAs, authorize } from './access';
import type { Deps } from '../ports';
import { bookingTransfers, type TransferInfo } from './provider-debt';
import type { RefundCalculation } from '../http/refund-processor';

/** Statuses in which a paid booking can still be refunded. */
const REFUNDABLE_STATUSES: readonly BookingStatus[] = ['CONFIRMED', 'COMPLETED', 'PAID_OUT'];

export type RefundMode =
  /** An admin's amount (any amount up to what is refundable). */
  | { kind: 'AMOUNT'; refundCents: number; providerCompensationCents?: number }
  /** A customer's cancellation: the service's policy decides the amount. */
  | { kind: 'POLICY' }
  /** Everything still refundable (a provider's cancellation). */
  | { kind: 'FULL' }
  /** A move to a lower price: the difference, the fee given back fixed by lib/domain/reschedule.ts. */
  | { kind: 'RESCHEDULE'; refundCents: number; platformFeeRefundCents: number }
  /** A no-show marked by the provider: the policy's no-show share. */
  | { kind: 'NO_SHOW' };

/** Refundable: a paid status, and no chargeback other than a won one (a lost chargeback already returned the money). */
export function isRefundable(booking: BookingRecord): boolean {
  return REFUNDABLE_STATUSES.includes(booking.status) && (!booking.chargebackStatus || booking.chargebackStatus === 'won');
}

export function notRefundable(booking: BookingRecord): AppError {
  return new AppError('NOT_REFUNDABLE', 'Booking is not in a refundable state', undefined, { currentStatus: booking.status });
}

export async function loadBooking(deps: Deps, bookingId: string): Promise<BookingRecord> {
  const booking = await repo.booking(deps, bookingId);
  if (!booking) throw new AppError('NOT_FOUND', 'Booking not found', { bookingId });
  return booking;
}

/** How the booking was paid (card and credits) and what its refunds gave back so far of each. */
export function fundingOf(booking: BookingRecord): BookingFunding {
  return bookingFunding({
    totalCents: booking.totalAmountCents,
    creditsApplied: booking.creditsAppliedCents ?? 0,
    creditsReturned: booking.creditsReturnedCents ?? 0,
    creditsReturnedByRefunds: (booking.refunds ?? []).reduce((s, r) => s + (r.creditsReturned ?? 0), 0),
    refundedCents: booking.refundedCents ?? 0,
  });
}

function refundState(booking: BookingRecord, netTransferredCents: number): RefundState {
  return {
    currency: booking.currency,
    // Card and credits together: the fee and the provider's share are on the total, however it was paid.
    paidCents: booking.totalAmountCents,
    platformFeeCents: booking.platformFeeCents,
    refundedCents: booking.refundedCents ?? 0,
    feeRefundedCents: booking.feeRefundedCents ?? 0,
    // Debt recorded on this booking is money the provider owes back: it no longer counts as transferred to them;
    // an earlier debt netted from this booking's transfer was paid to them (it settled what they owed).
    transferredCents: Math.max(0, netTransferredCents + (booking.providerDebtRecoveredCents ?? 0) - (booking.providerDebtCents ?? 0)),
    providerRefundedCents: booking.providerRefundedCents ?? 0,
    compensationCents: booking.refundCompensationCents ?? 0,
  };
}

async function policyOf(deps: Deps, booking: BookingRecord): Promise<CancellationPolicy> {
  const service = await repo.service(deps, booking.serviceId);
  return service?.cancellationPolicy ?? 'STRICT';
}

/** The card and credit parts of a refund: in proportion to how the booking was paid (lib/domain/credits.ts). */
function refundParts(booking: BookingRecord, refundCents: number): { cardRefundCents: number; creditsReturned: number } {
  const funding = fundingOf(booking);
  if (funding.creditsPaid === 0) return { cardRefundCents: refundCents, creditsReturned: 0 };
  const parts = splitBookingRefund({
    totalCents: booking.totalAmountCents,
    creditsApplied: funding.creditsPaid,
    creditsReturnedSoFar: funding.creditsRefunded,
    cardRefundedSoFar: funding.cardRefundedCents,
    refundCents,
  });
  return { cardRefundCents: parts.cardCents, creditsReturned: parts.credits };
}

function breakdownOrError(state: RefundState, req: Parameters<typeof calculateRefund>[1]): RefundBreakdown {
  try {
    return calculateRefund(state, req);
  } catch (err) {
    if (err instanceof RefundError) {
      const code = err.reason === 'EXCEEDS_REFUNDABLE' ? 'REFUND_EXCEEDS_REFUNDABLE' : 'BAD_REQUEST';
      throw new AppError(code, err.message, err.details);
    }
    throw err;
  }
}

export async function computeRefund(
  deps: Deps,
  booking: BookingRecord,
  mode: RefundMode,
): Promise<{ calc: RefundCalculation; transfer?: TransferInfo }> {
  const { netTransferredCents, transfer } = await bookingTransfers(deps, booking.id);
  const state = refundState(booking, netTransferredCents);
  const hours = hoursBeforeStart(booking.startDateTime, deps.clock.now());
  let breakdown: RefundBreakdown;
  if (mode.kind === 'AMOUNT') {
    breakdown = breakdownOrError(state, {
      refundCents: mode.refundCents,
      ...(mode.providerCompensationCents !== undefined ? { providerCompensationCents: mode.providerCompensationCents } : {}),
    });
  } else if (mode.kind === 'RESCHEDULE') {
    breakdown = breakdownOrError(state, { refundCents: mode.refundCents, platformFeeRefundCents: mode.platformFeeRefundCents });
  } else if (mode.kind === 'FULL') {
    breakdown = breakdownOrError(state, { refundCents: refundableCents(state), refundBps: 10_000 });
  } else if (mode.kind === 'NO_SHOW') {
    const policy = await policyOf(deps, booking);
    const { refundCents, bps } = noShowRefundCents(state, policy);
    breakdown = breakdownOrError(state, { refundCents, policy, refundBps: bps });
  } else {
    const policy = await policyOf(deps, booking);
    const { refundCents, bps } = policyRefundCents(state, policy, hours);
    breakdown = breakdownOrError(state, { refundCents, policy, refundBps: bps });
  }
  return {
    calc: {
      ...breakdown,
      bookingId: booking.id,
      paidCents: state.paidCents,
      alreadyRefundedCents: state.refundedCents,
      refundableCents: refundableCents(state),
      hoursBeforeStart: Math.round(hours * 100) / 100,
      transferredCents: state.transferredCents,
      ...refundParts(booking, breakdown.refundCents),
    },
    ...(transfer ? { transfer } : {}),
  };
}

// ---- CALCULATE_REFUND ---------------------------------------------------------------------------

interface CalculateRefundInput {
  bookingId: string;
  refundAmount?: number | undefined;
  providerCompensation?: number | undefined;
}

/**
 * No side effects. An admin may preview any amount (default: everything refundable); the booking's provider sees a
 * provider cancellation (full); its customer sees the policy amount of a cancellation now.
 */
export async function calculateRefundFor(deps: Deps, caller: Identity, input: CalculateRefundInput): Promise<RefundCalculation> {
  const booking = await repo.booking(deps, input.bookingId);
  const details = { bookingId: input.bookingId };
  authorize(caller, 'booking', booking, 'previewRefund', { details });
  const choosesAmount = input.refundAmount !== undefined || input.providerCompensation !== undefined;
  // Choosing an amount is the refund action's privilege (an admin's): 403 for the booking's own parties.
  if (choosesAmount) authorize(caller, 'booking', booking, 'refund', { details, forbidden: 'Only an admin chooses a refund amount' });
  if (!isRefundable(booking)) throw notRefundable(booking);
  const mode: RefundMode =
    input.refundAmount !== undefined
      ? {
          kind: 'AMOUNT',
          refundCents: input.refundAmount,
          ...(input.providerCompensation !== undefined ? { providerCompensationCents: input.providerCompensation } : {}),
        }
      : actingAs(caller, 'booking', booking, 'previewRefund') === 'CUSTOMER'
        ? { kind: 'POLICY' }
        : { kind: 'FULL' };
  return (await computeRefund(deps, booking, mode)).calc;
}
