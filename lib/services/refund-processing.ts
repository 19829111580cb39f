/**
 * Refunds of paid bookings (PROCESS_REFUND; CANCEL_PAID_BOOKING through lib/functions/actions/cancellation.ts).
 *
 * One refund = one refund request id (`requestId` from the client's form, else derived from the booking's
 * refunded total and the amount, so concurrent duplicates share it):
 *   1. compute the breakdown (lib/services/refund-calculation.ts); after a payout, the provider's available balance
 *      decides what is reversed and what becomes debt (lib/services/provider-debt.ts);
 *   2. CLAIM it with a conditional write on the booking (no other claim, refunded total unchanged): the amounts
 *      are fixed in the claim, so a crash-retry replays exactly the same Stripe writes;
 *   3. Stripe: refund of the card part (key booking:<id>:refund:<rid>), then the transfer reversal of what the
 *      provider's balance covers (key booking:<id>:transfer-reversal:<rid>); the shortfall becomes the provider's debt;
 *   4. record it in one transaction: the booking's sums (+ the summary, claim removed; CANCEL_PAID when it is a
 *      cancellation, REFUND_IN_FULL_AFTER_PAYOUT when a PAID_OUT booking is now refunded in full), the ledger lines
 *      (reference refund:<rid>), the provider's debt (PROVIDER_DEBT line + profile), the credit part given back.
 * A concurrent request with the same id resumes the same claim (same keys: Stripe answers the same objects; the
 * second recording finds the refund recorded), so the customer is refunded once.
 *
 * Bookings paid (partly) with credits: the refund splits in proportion to how the booking was paid, fixed in the
 * claim. The CARD part is refunded at Stripe; the CREDIT part is returned in the recording transaction, so it happens
 * atomically with the refund's record and exactly once. A booking paid fully with credits has no Stripe call.
 */
import { InvalidTransitionError, planBookingTransition, type BookingActor } from '../domain/booking-status';
import { refundLedgerLines } from '../domain/ledger';
import { NO_SHOW_REFUND_ID, noShowRefusal, noShowRefusalWords } from '../domain/no-show';
import { unwrittenLedgerEntries } from '../data/ledger-lines';
import { ledgerAccounts, ledgerLineItems, type LedgerEntry } from '../data/ledger-writer';
import type { BookingRecord, RefundClaim, RefundSummary } from '../data/records';
import { refundClaimItem, refundRecordItems, releaseSlotHolds, type RefundStatusChange } from '../data/refund-writes';
import { commitWithRetry, type TxItem } from '../data/transact';
import { AppError } from '../http/errors';
import { creditReturnItems } from '../data/credit-writes';
import { adminActionItem } from '../data/admin-actions';
import { refundAuditDetails } from './audit';
import { refundCardPayments } from './refund-parts';
import type { Deps } from '../ports';
import { planShareRecovery, providerDebtItems, reverseProviderShare } from './provider-debt';
import { computeRefund, isRefundable, loadBooking, notRefundable, type RefundMode } from './refund-calculation';
import type { ProcessRefundResult } from '../http/refund-processor';

interface ProcessRefundOptions {
  mode: RefundMode;
  reason: string;
  requestedBy: string;
  /** Client's request id (one per form submission); derived when absent. */
  requestId?: string | undefined;
  /** A cancellation: the booking is CANCELLED (CANCEL_PAID) by `cancelActor` in the same write, slot holds released. */
  cancelActor?: BookingActor;
  /** Who refunds without cancelling (default ADMIN): the customer's own reschedule to a lower price. */
  refundActor?: BookingActor;
  /** A no-show marked by the booking's provider (this user id): recording the refund is MARK_NO_SHOW. */
  noShowBy?: string;
  /** An admin's refund or cancellation: its AdminActionTaken event (reason, refund details) is written with the refund's record. */
  adminAction?: { adminId: string; action: 'PROCESS_REFUND' | 'CANCEL_PAID_BOOKING' };
}

/** How many times a refused claim is decided again from the booking's new state. */
const CLAIM_ATTEMPTS = 4;

type Next = { done: ProcessRefundResult } | { execute: { booking: BookingRecord; claim: RefundClaim } };

export async function processRefund(deps: Deps, bookingId: string, opts: ProcessRefundOptions): Promise<ProcessRefundResult> {
  const first = await loadBooking(deps, bookingId);
  let next: Next | undefined;
  // The claim is one conditional write; refused (someone else claimed or refunded), it is decided again from the
  // booking as it is now.
  await commitWithRetry(
    deps,
    async (attempt) => {
      const booking = attempt === 1 ? first : await loadBooking(deps, bookingId);
      const decided = await decideClaim(deps, booking, opts);
      if ('done' in decided || 'resume' in decided) {
        next = 'done' in decided ? decided : { execute: decided.resume };
        return [];
      }
      next = {
        execute: {
          booking: { ...booking, refundClaimId: decided.claim.refundRequestId, refundClaim: decided.claim },
          claim: decided.claim,
        },
      };
      return [refundClaimItem(deps, booking, decided.claim, deps.clock.now())];
    },
    { attempts: CLAIM_ATTEMPTS },
  );
  if (!next) throw new Error('unreachable: the claim was decided');
  if ('done' in next) return next.done;
  return execute(deps, next.execute.booking, next.execute.claim, opts);
}

type ClaimDecision = { done: ProcessRefundResult } | { resume: { booking: BookingRecord; claim: RefundClaim } } | { claim: RefundClaim };

/** From the booking as read: already done, ours to resume, refused, or a new claim with its amounts fixed. */
async function decideClaim(deps: Deps, booking: BookingRecord, opts: ProcessRefundOptions): Promise<ClaimDecision> {
  const bookingId = booking.id;
  const rid = opts.requestId ?? derivedRequestId(booking, opts);
  const done = booking.refunds?.find((r) => r.refundRequestId === rid);
  if (done) return { done: result(booking, done, true) };
  if (booking.refundClaimId === rid && booking.refundClaim) return { resume: { booking, claim: booking.refundClaim } };
  if (booking.refundClaimId) {
    throw new AppError('CONFLICT', 'Another refund of this booking is in progress', { bookingId, refundRequestId: booking.refundClaimId });
  }
  if (booking.payoutHold)
    throw new AppError('REFUND_ON_HOLD', 'Refunds of this booking are on hold while a dispute is open', { bookingId });
  if (!isRefundable(booking)) throw notRefundable(booking);
  if (opts.cancelActor) assertCancellable(booking, opts.cancelActor);
  // decided again after a refused claim: a check-in that came first wins
  const noShowRefused = opts.noShowBy ? noShowRefusal(booking, deps.clock.now()) : null;
  if (noShowRefused) throw new AppError('CONFLICT', noShowRefusalWords(noShowRefused), { bookingId, ...noShowRefused });
  const { calc, transfer } = await computeRefund(deps, booking, opts.mode);
  // A cancellation or a no-show is recorded even when its policy refunds nothing.
  if (calc.refundCents <= 0 && !opts.cancelActor && !opts.noShowBy)
    throw new AppError('BAD_REQUEST', 'Nothing to refund', { bookingId, refundableCents: calc.refundableCents });
  const recovery = await planShareRecovery(deps, { amountCents: calc.providerReversalCents, currency: booking.currency, transfer });
  return {
    claim: {
      refundRequestId: rid,
      refundCents: calc.refundCents,
      platformFeeRefundCents: calc.platformFeeRefundCents,
      providerReversalCents: calc.providerReversalCents,
      providerEarningReductionCents: calc.providerEarningReductionCents,
      providerCompensationCents: calc.providerCompensationCents,
      reverseCents: recovery.reverseCents,
      debtCents: recovery.debtCents,
      ...(recovery.transferId ? { transferId: recovery.transferId, stripeAccountId: recovery.stripeAccountId } : {}),
      ...(calc.creditsReturned > 0 || calc.cardRefundCents !== calc.refundCents
        ? { cardRefundCents: calc.cardRefundCents, creditsReturned: calc.creditsReturned }
        : {}),
      reason: opts.reason,
      requestedBy: opts.requestedBy,
      cancel: Boolean(opts.cancelActor),
      ...(opts.noShowBy ? { noShow: true } : {}),
      claimedAt: deps.clock.now().toISOString(),
    },
  };
}

function derivedRequestId(booking: BookingRecord, opts: ProcessRefundOptions): string {
  const what =
    opts.mode.kind === 'AMOUNT' ? `${opts.mode.refundCents}-${opts.mode.providerCompensationCents ?? 0}` : opts.mode.kind.toLowerCase();
  if (opts.noShowBy) return NO_SHOW_REFUND_ID;
  return opts.cancelActor ? `cancel` : `auto-${booking.refundedCents ?? 0}-${what}`;
}

/** A cancellation must be CANCEL_PAID from the status read, by this actor; otherwise the booking is not refundable. */
function assertCancellable(booking: BookingRecord, actor: BookingActor): void {
  try {
    planBookingTransition('CANCEL_PAID', actor, booking.status);
  } catch (err) {
    if (err instanceof InvalidTransitionError) throw notRefundable(booking);
    throw err;
  }
}

/** The status change recording this refund makes (decided from the booking as now read). */
function statusChangeOf(booking: BookingRecord, claim: RefundClaim, opts: ProcessRefundOptions): RefundStatusChange | undefined {
  // A claim resumed by a request without the cancelling party (an explicit request id equal to a cancellation's):
  // an admin's act, as an admin may cancel any paid booking.
  if (claim.cancel) return { transition: 'CANCEL_PAID', actor: opts.cancelActor ?? 'ADMIN', cancelledBy: claim.requestedBy };
  if (claim.noShow) return { transition: 'MARK_NO_SHOW', actor: 'PROVIDER', markedBy: claim.requestedBy };
  // A PAID_OUT booking whose refunds now reach what was paid is REFUNDED (terminal).
  const fullyRefunded = (booking.refundedCents ?? 0) + claim.refundCents >= booking.totalAmountCents;
  return fullyRefunded && booking.status === 'PAID_OUT' ? { transition: 'REFUND_IN_FULL_AFTER_PAYOUT', actor: 'ADMIN' } : undefined;
}

/** The refund's ledger entries: reference refund:<rid> (compensation: refund:<rid>:compensation); a reversal's is its own id. */
function refundLedgerEntries(
  booking: BookingRecord,
  claim: RefundClaim,
  taken: { reverseCents: number; transferReversalId?: string | undefined },
  stripeRefundId: string,
): LedgerEntry[] {
  if (claim.refundCents === 0) return [];
  const ref = `refund:${claim.refundRequestId}`;
  const lines = refundLedgerLines(
    {
      refundCents: claim.refundCents,
      cardRefundCents: claim.cardRefundCents ?? claim.refundCents,
      platformFeeRefundCents: claim.platformFeeRefundCents,
      providerEarningReductionCents: claim.providerEarningReductionCents,
      providerReversalCents: claim.providerReversalCents,
      providerCompensationCents: claim.providerCompensationCents,
      reverseCents: taken.reverseCents,
      currency: booking.currency,
    },
    claim.reason,
  );
  return lines.map((line): LedgerEntry => {
    const base = {
      account: ledgerAccounts.booking(booking.id),
      type: line.type,
      amountCents: line.amountCents,
      currency: line.currency,
      description: line.description,
    };
    if (line.type === 'TRANSFER_REVERSAL') {
      // The reversal's line has the id the transfer.reversed webhook (lib/services/payout-webhooks.ts) gives it:
      // whichever writes first, the booking has one line per reversal.
      const reversal = taken.transferReversalId;
      return { ...base, reference: reversal ?? ref, providerId: booking.providerId, ...(reversal ? { stripeObjectId: reversal } : {}) };
    }
    const stripeObjectId =
      (line.type === 'REFUND' || line.type === 'FEE_REFUND') && stripeRefundId ? { stripeObjectId: stripeRefundId } : {};
    return { ...base, reference: line.key === 'COMPENSATION' ? `${ref}:compensation` : ref, ...stripeObjectId };
  });
}

async function execute(deps: Deps, claimed: BookingRecord, claim: RefundClaim, opts: ProcessRefundOptions): Promise<ProcessRefundResult> {
  const rid = claim.refundRequestId;
  const metadata = { bookingId: claimed.id, refundRequestId: rid };
  // Claims made before credit refunds existed carry no split: all card.
  const cardRefundCents = claim.cardRefundCents ?? claim.refundCents;
  const creditsReturned = claim.creditsReturned ?? 0;
  let stripeRefundId = '';
  // A refund given back wholly as credits is done when it is recorded.
  let refundStatus = 'succeeded';
  if (cardRefundCents > 0) {
    if (!claimed.paymentIntentId) throw new AppError('CONFLICT', 'The booking has no payment to refund', { bookingId: claimed.id });
    const refund = await refundCardPayments(deps, { ...claimed, paymentIntentId: claimed.paymentIntentId }, cardRefundCents, rid, metadata);
    stripeRefundId = refund.id;
    refundStatus = refund.status ?? refundStatus;
  }
  const taken = await reverseProviderShare(deps, {
    bookingId: claimed.id,
    reference: rid,
    plan: { reverseCents: claim.reverseCents, debtCents: claim.debtCents, ...(claim.transferId ? { transferId: claim.transferId } : {}) },
    metadata,
  });
  const { reverseCents, debtCents, transferReversalId } = taken;
  const now = deps.clock.now();
  const { claimedAt: _claimedAt, ...rest } = claim;
  const summary: RefundSummary = {
    ...rest,
    reverseCents,
    debtCents,
    stripeRefundId,
    ...(transferReversalId ? { transferReversalId } : {}),
    createdAt: now.toISOString(),
  };
  const entries = refundLedgerEntries(claimed, claim, taken, stripeRefundId);
  // A refund without a cancellation is an admin's, the customer's own reschedule or the provider's no-show; a
  // cancellation is its party's.
  const by = { role: opts.cancelActor ?? opts.refundActor ?? (claim.noShow ? 'PROVIDER' : 'ADMIN'), id: claim.requestedBy } as const;

  let replayed: ProcessRefundResult | undefined;
  let cancelled = false;
  // Recorded from the booking as it is now; a concurrent duplicate that recorded it first ends this (its answer is
  // ours), and a ledger line another writer added meanwhile (the reversal's, by the webhook) is not written twice.
  await commitWithRetry(deps, async (attempt): Promise<TxItem[]> => {
    const booking = attempt === 1 ? claimed : await loadBooking(deps, claimed.id);
    const recorded = booking.refunds?.find((r) => r.refundRequestId === rid);
    if (recorded) {
      replayed = result(booking, recorded, true);
      return [];
    }
    if (booking.refundClaimId !== rid)
      throw new AppError('CONFLICT', 'The refund claim was lost before it was recorded', { bookingId: booking.id, refundRequestId: rid });
    const status = statusChangeOf(booking, claim, opts);
    cancelled = status?.transition === 'CANCEL_PAID';
    return [
      ...refundRecordItems(
        deps,
        booking,
        { claim, summary, reverseCents, debtCents, creditsReturned, refundStatus, requestedByRole: by.role },
        status,
        now,
      ),
      ...ledgerLineItems(deps, await unwrittenLedgerEntries(deps, entries), now, by),
      ...providerDebtItems(deps, { booking, debtCents, reference: `refund:${rid}`, now, bookingUpdate: 'merge', actor: by }),
      ...creditReturnItems(deps, booking, creditsReturned, `refund:${rid}`, now, { actor: by }),
      ...(opts.adminAction
        ? [
            adminActionItem(
              deps,
              {
                ...opts.adminAction,
                aggregateType: 'Booking',
                aggregateId: booking.id,
                reason: opts.reason,
                details: refundAuditDetails(summary, booking.currency),
              },
              now,
            ),
          ]
        : []),
    ];
  });
  if (replayed) return replayed;
  if (cancelled) await releaseSlotHolds(deps, claimed.id, claimed.slotHoldIds ?? []);
  return result(await loadBooking(deps, claimed.id), summary, false);
}

function result(booking: BookingRecord, refund: RefundSummary, replayed: boolean): ProcessRefundResult {
  const refunded = booking.refundedCents ?? 0;
  return {
    bookingId: booking.id,
    refund,
    replayed,
    booking: {
      status: booking.status,
      refundedCents: refunded,
      refundableCents: booking.totalAmountCents - refunded,
      currency: booking.currency,
    },
  };
}
