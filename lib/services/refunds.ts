/**
 * Refunds of paid bookings (refund-processor; CANCEL_PAID_BOOKING through lib/functions/actions/cancellation.ts).
 *
 * One refund = one refund request id (`requestId` from the client's form, else derived from the booking's
 * refunded total and the amount, so concurrent duplicates share it):
 *   1. compute the breakdown (lib/domain/refunds.ts) from the booking's cumulative sums and, after a payout,
 *      the transfer found on Stripe itself (transfer_group = booking id) and the provider's available balance
 *      (lib/services/provider-debt.ts decides what is reversed and what becomes debt);
 *   2. CLAIM it with a conditional write on the booking (no other claim, refunded total unchanged): the amounts
 *      are fixed in the claim, so a crash-retry replays exactly the same Stripe writes;
 *   3. Stripe: refund of the card part (key booking:<id>:refund:<rid>), then the transfer reversal of what the
 *      provider's balance covers (key booking:<id>:transfer-reversal:<rid>); the shortfall becomes the provider's debt;
 *   4. record it in one transaction: the booking's sums (+ the summary, claim removed, CANCELLED when it is a
 *      cancellation, REFUNDED when a PAID_OUT booking is now refunded in full), the ledger lines (deterministic
 *      ids), the provider's debt (PROVIDER_DEBT line + profile), the credit part given back to the customer.
 * A concurrent request with the same id resumes the same claim (same keys: Stripe answers the same objects; the
 * second ledger write is refused), so the customer is refunded once.
 *
 * Bookings paid (partly) with credits: the refund splits in proportion to how the booking was paid
 * (splitBookingRefund: a partial refund keeps the card/credit mix, the refund reaching the total settles both
 * remainders exactly), fixed in the claim. The CARD part is refunded first, at Stripe (the only step that can fail
 * outside our database, retried under the same key); the CREDIT part is returned in the recording transaction, so
 * it happens atomically with the refund's record and exactly once (conditional on the claim; deterministic
 * CreditTransaction and ledger ids). A booking paid fully with credits has no charge: credits only, no Stripe call.
 * The provider/fee split is on the booking's total, exactly as for a card booking.
 */
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { hasGroup, type Identity } from '../auth/identity';
import { assertTransition, InvalidTransitionError, type BookingActor } from '../domain/booking-status';
import { bookingFunding, splitBookingRefund, type BookingFunding } from '../domain/credits';
import { refundLedgerLines } from '../domain/ledger';
import {
  calculateRefund,
  hoursBeforeStart,
  policyRefundCents,
  RefundError,
  refundableCents,
  type RefundBreakdown,
  type RefundState,
} from '../domain/refunds';
import { isConditionalCheckFailed, modelFields, transactionCancellationReasons } from '../data/items';
import type {
  BookingRecord,
  BookingStatus,
  CancellationPolicy,
  RefundClaim,
  RefundDisputeCase,
  RefundSummary,
  TransactionRecord,
} from '../data/records';
import { repo } from '../data/repository';
import { transactWrite, type TxItem } from '../data/transact';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { refundIdempotencyKeys } from '../stripe/idempotency';
import { creditReturnItems } from '../data/credit-writes';
import type { Deps } from './deps';
import { bookingDebtUpdate, bookingTransfers, planShareRecovery, providerDebtItems, reverseProviderShare } from './provider-debt';

// Kept here for existing importers (lib/services/disputes.ts); the implementation lives in provider-debt.ts.
export { bookingTransfers } from './provider-debt';

/** Statuses in which a paid booking can still be refunded. */
export const REFUNDABLE_STATUSES: readonly BookingStatus[] = ['CONFIRMED', 'COMPLETED', 'PAID_OUT'];

export type RefundMode =
  /** An admin's amount (any amount up to what is refundable). */
  | { kind: 'AMOUNT'; refundCents: number; providerCompensationCents?: number }
  /** A customer's cancellation: the service's policy decides the amount. */
  | { kind: 'POLICY' }
  /** Everything still refundable (a provider's cancellation). */
  | { kind: 'FULL' };

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

/** Admin: any booking; otherwise only its customer or provider (404 for others: no existence leak). */
export function assertCanSee(caller: Identity, booking: BookingRecord): 'ADMIN' | 'CUSTOMER' | 'PROVIDER' {
  if (hasGroup(caller, 'ADMIN')) return 'ADMIN';
  if (booking.customerId === caller.userId) return 'CUSTOMER';
  if (booking.providerId === caller.userId) return 'PROVIDER';
  throw new AppError('NOT_FOUND', 'Booking not found', { bookingId: booking.id });
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

export interface RefundCalculation extends RefundBreakdown {
  bookingId: string;
  paidCents: number;
  alreadyRefundedCents: number;
  refundableCents: number;
  hoursBeforeStart: number;
  transferredCents: number;
  /** Of refundCents: what goes back to the card, and as credits (a booking paid partly or fully with credits). */
  cardRefundCents: number;
  creditsReturned: number;
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

type TransferInfo = NonNullable<Awaited<ReturnType<typeof bookingTransfers>>['transfer']>;

async function computeRefund(deps: Deps, booking: BookingRecord, mode: RefundMode): Promise<{ calc: RefundCalculation; transfer?: TransferInfo }> {
  const { netTransferredCents, transfer } = await bookingTransfers(deps, booking.id);
  const state = refundState(booking, netTransferredCents);
  const hours = hoursBeforeStart(booking.startDateTime, deps.clock.now());
  let breakdown: RefundBreakdown;
  if (mode.kind === 'AMOUNT') {
    breakdown = breakdownOrError(state, {
      refundCents: mode.refundCents,
      ...(mode.providerCompensationCents !== undefined ? { providerCompensationCents: mode.providerCompensationCents } : {}),
    });
  } else if (mode.kind === 'FULL') {
    breakdown = breakdownOrError(state, { refundCents: refundableCents(state), refundBps: 10_000 });
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

export interface CalculateRefundInput {
  bookingId: string;
  refundAmount?: number | undefined;
  providerCompensation?: number | undefined;
}

/**
 * No side effects. An admin may preview any amount (default: everything refundable); the booking's provider sees a
 * provider cancellation (full); its customer sees the policy amount of a cancellation now.
 */
export async function calculateRefundFor(deps: Deps, caller: Identity, input: CalculateRefundInput): Promise<RefundCalculation> {
  const booking = await loadBooking(deps, input.bookingId);
  const role = assertCanSee(caller, booking);
  if ((input.refundAmount !== undefined || input.providerCompensation !== undefined) && role !== 'ADMIN') {
    throw new AppError('FORBIDDEN', 'Only an admin chooses a refund amount');
  }
  if (!isRefundable(booking)) throw notRefundable(booking);
  const mode: RefundMode =
    input.refundAmount !== undefined
      ? { kind: 'AMOUNT', refundCents: input.refundAmount, ...(input.providerCompensation !== undefined ? { providerCompensationCents: input.providerCompensation } : {}) }
      : role === 'CUSTOMER'
        ? { kind: 'POLICY' }
        : { kind: 'FULL' };
  return (await computeRefund(deps, booking, mode)).calc;
}

// ---- PROCESS_REFUND -----------------------------------------------------------------------------

export interface ProcessRefundOptions {
  mode: RefundMode;
  reason: string;
  requestedBy: string;
  /** Client's request id (one per form submission); derived when absent. */
  requestId?: string | undefined;
  /** A cancellation: the booking becomes CANCELLED by `cancelActor` in the same write, slot holds released. */
  cancelActor?: BookingActor;
}

export interface ProcessRefundResult {
  bookingId: string;
  refund: RefundSummary;
  /** true when this request found the refund already done (a repeat). */
  replayed: boolean;
  booking: { status: BookingStatus; refundedCents: number; refundableCents: number; currency: string };
}

const MAX_CLAIM_RETRIES = 3;

export async function processRefund(deps: Deps, bookingId: string, opts: ProcessRefundOptions): Promise<ProcessRefundResult> {
  let booking = await loadBooking(deps, bookingId);
  for (let attempt = 0; ; attempt++) {
    const rid = opts.requestId ?? derivedRequestId(booking, opts);
    const done = booking.refunds?.find((r) => r.refundRequestId === rid);
    if (done) return result(booking, done, true);
    if (booking.refundClaimId === rid && booking.refundClaim) return execute(deps, booking, booking.refundClaim);
    if (booking.refundClaimId) {
      throw new AppError('CONFLICT', 'Another refund of this booking is in progress', {
        bookingId,
        refundRequestId: booking.refundClaimId,
      });
    }
    if (booking.payoutHold) {
      throw new AppError('REFUND_ON_HOLD', 'Refunds of this booking are on hold while a dispute is open', { bookingId });
    }
    if (!isRefundable(booking)) throw notRefundable(booking);
    if (opts.cancelActor) assertCancellable(booking, opts.cancelActor);
    const { calc, transfer } = await computeRefund(deps, booking, opts.mode);
    if (calc.refundCents <= 0 && !opts.cancelActor) {
      throw new AppError('BAD_REQUEST', 'Nothing to refund', { bookingId, refundableCents: calc.refundableCents });
    }
    const recovery = await planShareRecovery(deps, { amountCents: calc.providerReversalCents, currency: booking.currency, transfer });
    const claim: RefundClaim = {
      refundRequestId: rid,
      refundCents: calc.refundCents,
      platformFeeRefundCents: calc.platformFeeRefundCents,
      providerReversalCents: calc.providerReversalCents,
      providerEarningReductionCents: calc.providerEarningReductionCents,
      providerCompensationCents: calc.providerCompensationCents,
      reverseCents: recovery.reverseCents,
      debtCents: recovery.debtCents,
      ...(recovery.transferId ? { transferId: recovery.transferId, stripeAccountId: recovery.stripeAccountId } : {}),
      ...(calc.creditsReturned > 0 || calc.cardRefundCents !== calc.refundCents ? { cardRefundCents: calc.cardRefundCents, creditsReturned: calc.creditsReturned } : {}),
      reason: opts.reason,
      requestedBy: opts.requestedBy,
      cancel: Boolean(opts.cancelActor),
      claimedAt: deps.clock.now().toISOString(),
    };
    try {
      await deps.db.send(
        new UpdateCommand({
          TableName: deps.tables.Booking,
          Key: { id: bookingId },
          UpdateExpression: 'SET refundClaimId = :rid, refundClaim = :claim, updatedAt = :now',
          ConditionExpression:
            'attribute_not_exists(refundClaimId) AND #status = :status AND (attribute_not_exists(refundedCents) OR refundedCents = :refunded) AND (attribute_not_exists(payoutHold) OR payoutHold = :false)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':rid': rid,
            ':claim': claim,
            ':now': deps.clock.now().toISOString(),
            ':status': booking.status,
            ':refunded': booking.refundedCents ?? 0,
            ':false': false,
          },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err) || attempt >= MAX_CLAIM_RETRIES) throw err;
      booking = await loadBooking(deps, bookingId);
      continue; // someone else claimed or refunded: decide again from the current state
    }
    return execute(deps, { ...booking, refundClaimId: rid, refundClaim: claim }, claim);
  }
}

function derivedRequestId(booking: BookingRecord, opts: ProcessRefundOptions): string {
  const what = opts.mode.kind === 'AMOUNT' ? `${opts.mode.refundCents}-${opts.mode.providerCompensationCents ?? 0}` : opts.mode.kind.toLowerCase();
  return opts.cancelActor ? `cancel` : `auto-${booking.refundedCents ?? 0}-${what}`;
}

function assertCancellable(booking: BookingRecord, actor: BookingActor): void {
  try {
    assertTransition(booking.status, 'CANCELLED', actor);
  } catch (err) {
    if (err instanceof InvalidTransitionError) throw notRefundable(booking);
    throw err;
  }
}

async function execute(deps: Deps, booking: BookingRecord, claim: RefundClaim): Promise<ProcessRefundResult> {
  const rid = claim.refundRequestId;
  const metadata = { bookingId: booking.id, refundRequestId: rid };
  // Claims made before credit refunds existed carry no split: all card.
  const cardRefundCents = claim.cardRefundCents ?? claim.refundCents;
  const creditsReturned = claim.creditsReturned ?? 0;
  let stripeRefundId = '';
  if (cardRefundCents > 0) {
    if (!booking.paymentIntentId) throw new AppError('CONFLICT', 'The booking has no payment to refund', { bookingId: booking.id });
    const refund = await callStripe(() =>
      deps.stripe.refunds.create(
        { payment_intent: booking.paymentIntentId!, amount: cardRefundCents, reason: 'requested_by_customer', metadata },
        { idempotencyKey: refundIdempotencyKeys.refund(booking.id, rid) },
      ),
    );
    stripeRefundId = refund.id;
  }
  const taken = await reverseProviderShare(deps, {
    bookingId: booking.id,
    reference: rid,
    plan: { reverseCents: claim.reverseCents, debtCents: claim.debtCents, ...(claim.transferId ? { transferId: claim.transferId } : {}) },
    metadata,
  });
  const { reverseCents, debtCents, transferReversalId } = taken;
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const { claimedAt: _claimedAt, ...rest } = claim;
  const summary: RefundSummary = {
    ...rest,
    reverseCents,
    debtCents,
    stripeRefundId,
    ...(transferReversalId ? { transferReversalId } : {}),
    createdAt: now,
  };
  const lines = claim.refundCents === 0 ? [] : refundLedgerLines(
    {
      refundCents: claim.refundCents,
      cardRefundCents,
      platformFeeRefundCents: claim.platformFeeRefundCents,
      providerEarningReductionCents: claim.providerEarningReductionCents,
      providerReversalCents: claim.providerReversalCents,
      providerCompensationCents: claim.providerCompensationCents,
      reverseCents,
      currency: booking.currency,
    },
    claim.reason,
  );
  const items: TxItem[] = [];
  const cancel = claim.cancel;
  // A PAID_OUT booking whose refunds now reach what was paid is REFUNDED (terminal).
  const fullyRefunded = (booking.refundedCents ?? 0) + claim.refundCents >= booking.totalAmountCents;
  const refundedStatus = !cancel && fullyRefunded && booking.status === 'PAID_OUT';
  if (refundedStatus) assertTransition('PAID_OUT', 'REFUNDED', 'ADMIN');
  const debt = bookingDebtUpdate(debtCents);
  const statusSet = cancel ? ', #status = :cancelled, cancelledAt = :now, cancelledBy = :by' : refundedStatus ? ', #status = :refundedStatus' : '';
  items.push({
    Update: {
      TableName: deps.tables.Booking,
      Key: { id: booking.id },
      UpdateExpression:
        'SET refundedCents = if_not_exists(refundedCents, :zero) + :refund, feeRefundedCents = if_not_exists(feeRefundedCents, :zero) + :fee, ' +
        'providerRefundedCents = if_not_exists(providerRefundedCents, :zero) + :provider, refundCompensationCents = if_not_exists(refundCompensationCents, :zero) + :comp, ' +
        `providerReversedCents = if_not_exists(providerReversedCents, :zero) + :reversed, ${debt.set}, ` +
        (creditsReturned > 0 ? 'creditsReturnedCents = if_not_exists(creditsReturnedCents, :zero) + :credits, ' : '') +
        'refunds = list_append(if_not_exists(refunds, :empty), :summary), updatedAt = :now' +
        statusSet +
        ' REMOVE refundClaimId, refundClaim',
      ConditionExpression: refundedStatus ? 'refundClaimId = :rid AND #status = :paidOut' : 'refundClaimId = :rid',
      ExpressionAttributeNames: cancel || refundedStatus ? { '#status': 'status' } : undefined,
      ExpressionAttributeValues: {
        ':zero': 0,
        ':refund': claim.refundCents,
        ':fee': claim.platformFeeRefundCents,
        ':provider': claim.providerReversalCents + claim.providerEarningReductionCents,
        ':comp': claim.providerCompensationCents,
        ':reversed': reverseCents,
        ...debt.values,
        ':empty': [],
        ':summary': [summary],
        ':now': now,
        ':rid': rid,
        ...(creditsReturned > 0 ? { ':credits': creditsReturned } : {}),
        ...(cancel ? { ':cancelled': 'CANCELLED', ':by': claim.requestedBy } : {}),
        ...(refundedStatus ? { ':refundedStatus': 'REFUNDED', ':paidOut': 'PAID_OUT' } : {}),
      },
    },
  });
  for (const line of lines) {
    const stripeObjectId = line.type === 'REFUND' || line.type === 'FEE_REFUND' ? stripeRefundId || undefined : line.type === 'TRANSFER_REVERSAL' ? transferReversalId : undefined;
    const record: TransactionRecord = {
      ...modelFields('Transaction', line.type === 'TRANSFER_REVERSAL' && transferReversalId ? reversalLineId(booking.id, transferReversalId) : `booking:${booking.id}:refund:${rid}:${line.key}`, nowDate),
      bookingId: booking.id,
      ...(line.type === 'TRANSFER_REVERSAL' ? { providerId: booking.providerId } : {}),
      type: line.type,
      amountCents: line.amountCents,
      currency: line.currency,
      ...(stripeObjectId ? { stripeObjectId } : {}),
      description: line.description,
    };
    // The reversal's line has the id the transfer.reversed webhook (lib/services/payout-webhooks.ts) gives it, and is
    // written unconditionally with the same content: whichever writes first, the booking has one line per reversal.
    const once = line.type === 'TRANSFER_REVERSAL' ? {} : { ConditionExpression: 'attribute_not_exists(id)' };
    items.push({ Put: { TableName: deps.tables.Transaction, Item: record, ...once } });
  }
  items.push(...providerDebtItems(deps, { booking, debtCents, reference: `refund:${rid}`, now: nowDate, bookingUpdate: 'merge' }));
  items.push(...creditReturnItems(deps, booking, creditsReturned, `refund:${rid}`, nowDate));
  try {
    await transactWrite(deps, items);
  } catch (err) {
    if (!transactionCancellationReasons(err)) throw err;
    // A concurrent duplicate recorded it first: answer with what it recorded.
    const current = await loadBooking(deps, booking.id);
    const recorded = current.refunds?.find((r) => r.refundRequestId === rid);
    if (recorded) return result(current, recorded, true);
    throw err;
  }
  if (cancel) await releaseSlotHolds(deps, booking);
  return result(await loadBooking(deps, booking.id), summary, false);
}

/** One ledger line per Stripe transfer reversal, shared with the transfer.reversed webhook's line id. */
export function reversalLineId(bookingId: string, reversalId: string): string {
  return `${bookingId}#TRANSFER_REVERSAL#${reversalId}`;
}

/** Frees the cancelled booking's slot (best effort after the money is settled: a hold of a CANCELLED booking blocks nothing else of value). */
async function releaseSlotHolds(deps: Deps, booking: BookingRecord): Promise<void> {
  for (const holdId of booking.slotHoldIds ?? []) {
    await deps.db.send(
      new DeleteCommand({
        TableName: deps.tables.SlotHold,
        Key: { id: holdId },
        ConditionExpression: 'attribute_not_exists(id) OR bookingId = :b',
        ExpressionAttributeValues: { ':b': booking.id },
      }),
    ).catch((err: unknown) => {
      if (!isConditionalCheckFailed(err)) throw err;
    });
  }
}

function result(booking: BookingRecord, refund: RefundSummary, replayed: boolean): ProcessRefundResult {
  const refunded = booking.refundedCents ?? 0;
  return {
    bookingId: booking.id,
    refund,
    replayed,
    booking: { status: booking.status, refundedCents: refunded, refundableCents: booking.totalAmountCents - refunded, currency: booking.currency },
  };
}

// ---- GET_REFUND_STATUS --------------------------------------------------------------------------

export interface RefundStatus {
  bookingId: string;
  status: BookingStatus;
  currency: string;
  /** What the booking cost: card and credits together (refunds are of this). */
  paidCents: number;
  /** Of paidCents, what credits paid; and the credits refunds gave back so far (part of refundedCents). */
  paidWithCreditsCents: number;
  creditsReturnedCents: number;
  refundedCents: number;
  refundableCents: number;
  feeRefundedCents: number;
  providerReversedCents: number;
  providerDebtCents: number;
  refunds: RefundSummary[];
  inProgress: { refundRequestId: string; refundCents: number; claimedAt: string } | null;
  payoutHold: boolean;
  refundDispute: RefundDisputeCase | null;
}

export async function getRefundStatus(deps: Deps, caller: Identity, bookingId: string): Promise<RefundStatus> {
  const booking = await loadBooking(deps, bookingId);
  assertCanSee(caller, booking);
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
      ? { refundRequestId: booking.refundClaim.refundRequestId, refundCents: booking.refundClaim.refundCents, claimedAt: booking.refundClaim.claimedAt }
      : null,
    payoutHold: booking.payoutHold === true,
    refundDispute: booking.refundDispute ?? null,
  };
}

// ---- DISPUTE_REFUND and its resolution ----------------------------------------------------------

/** The customer or provider contests a refund decision: a case for an admin; refunds and the payout are held. */
export async function disputeRefund(deps: Deps, caller: Identity, bookingId: string, reason: string): Promise<RefundDisputeCase> {
  const booking = await loadBooking(deps, bookingId);
  const role = assertCanSee(caller, booking);
  if (role === 'ADMIN') throw new AppError('FORBIDDEN', "Only the booking's customer or provider can contest a refund decision");
  if (booking.refundDispute?.status === 'OPEN') {
    throw new AppError('CONFLICT', 'A refund dispute is already open for this booking', { bookingId, openedAt: booking.refundDispute.openedAt });
  }
  const now = deps.clock.now().toISOString();
  const dispute: RefundDisputeCase = { status: 'OPEN', openedBy: caller.userId, openedByRole: role, reason, openedAt: now };
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tables.Booking,
        Key: { id: bookingId },
        UpdateExpression: 'SET refundDispute = :d, payoutHold = :true, updatedAt = :now',
        ConditionExpression: 'attribute_not_exists(refundDispute) OR refundDispute.#s <> :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':d': dispute, ':true': true, ':now': now, ':open': 'OPEN' },
      }),
    );
  } catch (err) {
    if (isConditionalCheckFailed(err)) throw new AppError('CONFLICT', 'A refund dispute is already open for this booking', { bookingId });
    throw err;
  }
  return dispute;
}

/** An admin closes the case: the hold on refunds and payout is lifted. */
export async function resolveRefundDispute(deps: Deps, admin: Identity, bookingId: string, resolution: string): Promise<RefundDisputeCase> {
  const booking = await loadBooking(deps, bookingId);
  if (booking.refundDispute?.status !== 'OPEN') throw new AppError('CONFLICT', 'No open refund dispute for this booking', { bookingId });
  const now = deps.clock.now().toISOString();
  const resolved: RefundDisputeCase = { ...booking.refundDispute, status: 'RESOLVED', resolvedBy: admin.userId, resolvedAt: now, resolution };
  // An open chargeback keeps the payout frozen after the refund dispute is resolved.
  const chargebackOpen = ['warning_needs_response', 'warning_under_review', 'needs_response', 'under_review'].includes(booking.chargebackStatus ?? '');
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.tables.Booking,
      Key: { id: bookingId },
      UpdateExpression: 'SET refundDispute = :d, payoutHold = :hold, updatedAt = :now',
      ConditionExpression: 'refundDispute.#s = :open',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':d': resolved, ':hold': chargebackOpen, ':now': now, ':open': 'OPEN' },
    }),
  );
  return resolved;
}

/** For tests and the admin page: the booking's ledger lines. */
export async function bookingLedger(deps: Deps, bookingId: string): Promise<TransactionRecord[]> {
  return repo.ledgerOfBooking(deps, bookingId);
}

