/**
 * Chargebacks (Stripe disputes) of booking charges: every charge.dispute.* event re-fetches the dispute and writes
 * what its CURRENT state implies (lib/domain/disputes.ts names the booking's transitions: OPEN_DISPUTE, WIN_DISPUTE,
 * LOSE_DISPUTE), so duplicated and reordered deliveries converge on one booking state and one set of ledger lines
 * (deterministic ids, reference dispute:<disputeId>). The Dispute record follows Stripe through its own machine
 * (lib/domain/dispute-record.ts): it never goes back from a closed status.
 *
 * Who bears what (documented in lib/domain/refunds.ts too):
 *  - open: the booking is DISPUTED (statusBeforeDispute remembered), its payout and refunds frozen (payoutHold);
 *    the disputed amount is withdrawn from the platform (ledger DISPUTE +amount);
 *  - won: the booking returns to statusBeforeDispute (a CONFIRMED one is completed and paid out later as usual);
 *    the funds come back (ledger DISPUTE −amount);
 *  - lost: the booking is REFUNDED. The platform gives up its fee share of the disputed amount (FEE_REFUND,
 *    proportional like a refund) and bears Stripe's dispute fee (a platform cost, not a booking line); the provider
 *    bears their share like a refund: not paid if not yet transferred, else the transfer is reversed as far as the
 *    connected balance covers it and the rest becomes their debt (lib/services/provider-debt.ts), settled once
 *    (chargebackSettledAt). The reversal happens before the transaction, under a key per dispute.
 */
import type Stripe from 'stripe';
import { chargebackBookingItems, disputeRecordItems, type ChargebackSettlement, type DisputeFields } from '../data/dispute-writes';
import { transactionCancellationReasons } from '../data/items';
import { unwrittenLedgerEntries } from '../data/ledger-lines';
import { ledgerAccounts, ledgerLineItems, type LedgerEntry } from '../data/ledger-writer';
import type { BookingRecord, DisputeRecord } from '../data/records';
import { getItem, queryIndex, queryPage, repo } from '../data/repository';
import { transactWrite, type TxItem } from '../data/transact';
import { isUnpaidStatus } from '../domain/booking-status';
import { disputeBookingSteps, disputeOutcome, EVIDENCE_FIELDS, OPEN_DISPUTE_STATUSES, type DisputeBookingStep } from '../domain/disputes';
import { calculateRefund, refundableCents, type RefundState } from '../domain/refunds';
import { paymentIntentEffects } from './booking-payment';
import { fetchPaymentIntent } from './payments';
import { bookingTransfers, planShareRecovery, providerDebtItems, reverseProviderShare } from './provider-debt';
import type { Deps } from '../ports';

/** The booking a PaymentIntent pays for, if any (a credit purchase's pays for none). */
export async function bookingOfPaymentIntent(deps: Deps, paymentIntentId: string): Promise<BookingRecord | undefined> {
  const found = await queryIndex<BookingRecord>(deps, 'Booking', {
    index: 'byPaymentIntent',
    key: 'paymentIntentId',
    value: paymentIntentId,
  });
  return found[0] ? repo.booking(deps, found[0].id) : undefined;
}

/** A dated ledger entry of this dispute: dispute lines are dated when the dispute was opened, others now. */
type DatedEntry = { entry: LedgerEntry; at: Date };

/** The writes a dispute's CURRENT state (re-fetched from Stripe) implies; repeats write the same thing, once. */
export async function disputeEffects(deps: Deps, disputeId: string): Promise<TxItem[]> {
  return disputeEffectsOf(deps, await deps.stripe.disputes.retrieve(disputeId));
}

/** disputeEffects of a dispute just fetched from Stripe (the webhook fetches it first, to tell an unknown one). */
export async function disputeEffectsOf(deps: Deps, dispute: Stripe.Dispute): Promise<TxItem[]> {
  const piId = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : dispute.payment_intent?.id;
  if (!piId) return [];
  let booking = await bookingOfPaymentIntent(deps, piId);
  if (!booking) return []; // not a booking charge (e.g. a credit purchase): nothing of ours to settle
  if (isUnpaidStatus(booking.status)) booking = await recordPaymentFirst(deps, booking, piId);
  const now = deps.clock.now();
  const outcome = disputeOutcome(dispute.status);
  const line = disputeLine(booking, dispute);
  let steps = disputeBookingSteps(booking, outcome);
  if (steps.length > 1) {
    booking = await openFirst(deps, booking, dispute, steps[0]!, line, now);
    steps = disputeBookingSteps(booking, outcome);
    // Still two steps: the open step did not land; fail, so the event is delivered again.
    if (steps.length > 1) throw new Error(`dispute ${dispute.id}: booking ${booking.id} could not be opened before its outcome`);
  }

  const entries: DatedEntry[] = [line('DISPUTE', undefined, dispute.amount, `Chargeback opened (${dispute.reason}): funds withdrawn`)];
  if (outcome === 'WON') entries.push(line('DISPUTE', 'reinstated', -dispute.amount, 'Chargeback won: funds returned'));
  const items: TxItem[] = [];
  let settlement: ChargebackSettlement | undefined;
  if (outcome === 'LOST' && !booking.chargebackSettledAt) {
    const settled = await settleLostDispute(deps, booking, dispute, now, line);
    entries.push(...settled.entries);
    items.push(...settled.items);
    settlement = settled.settlement;
  }
  // Decided from the booking as read: a concurrent status change (completion, payout) fails the condition and the
  // webhook dispatcher decides again from the new state.
  items.unshift(
    ...chargebackBookingItems(deps, booking, {
      step: steps[0],
      dispute: { id: dispute.id, status: dispute.status, amountCents: dispute.amount },
      // A refund case holds only its amount, on the payout run's side; a case opened before that held the booking.
      payoutHold: outcome === 'OPEN' || (booking.refundDispute?.status === 'OPEN' && booking.refundDispute.heldCents === undefined),
      settlement,
      now,
    }),
    ...disputeRecordItems(deps, await getItem<DisputeRecord>(deps, 'Dispute', dispute.id), {
      id: dispute.id,
      fields: disputeFields(dispute, booking.id, booking.currency),
      createdAt: new Date(dispute.created * 1000),
      actor: 'STRIPE',
      now,
    }),
    ...(await ledgerItems(deps, entries)),
  );
  return items;
}

async function ledgerItems(deps: Deps, entries: DatedEntry[]): Promise<TxItem[]> {
  const unwritten = new Set(
    await unwrittenLedgerEntries(
      deps,
      entries.map((e) => e.entry),
    ),
  );
  const now = deps.clock.now();
  return entries
    .filter((e) => unwritten.has(e.entry))
    .flatMap((e) => ledgerLineItems(deps, [{ ...e.entry, datedAt: e.at }], now, { role: 'STRIPE' }));
}

/**
 * A loss seen before the dispute opened: the booking is opened on its own first (OPEN_DISPUTE, funds withdrawn), as
 * the created event would have done, then the outcome is decided from the booking as it is now. A concurrent writer
 * that got there first is fine: the re-read shows where the booking is.
 */
async function openFirst(
  deps: Deps,
  booking: BookingRecord,
  dispute: Stripe.Dispute,
  step: DisputeBookingStep,
  line: LineOf,
  now: Date,
): Promise<BookingRecord> {
  const withdrawn = line('DISPUTE', undefined, dispute.amount, `Chargeback opened (${dispute.reason}): funds withdrawn`);
  try {
    await transactWrite(deps, [
      ...chargebackBookingItems(deps, booking, {
        step,
        dispute: { id: dispute.id, status: dispute.status, amountCents: dispute.amount },
        payoutHold: true,
        now,
      }),
      ...(await ledgerItems(deps, [withdrawn])),
    ]);
  } catch (err) {
    if (!transactionCancellationReasons(err)) throw err;
  }
  return (await repo.booking(deps, booking.id)) ?? booking;
}

/**
 * A disputed charge succeeded, but the dispute can arrive before the payment's own event (Stripe does not order
 * events): record the payment first exactly as that event would (paymentIntentEffects, conditional on the booking
 * still being unpaid, so whichever comes second finds nothing to do), then decide from the confirmed booking.
 */
async function recordPaymentFirst(deps: Deps, booking: BookingRecord, paymentIntentId: string): Promise<BookingRecord> {
  try {
    await transactWrite(deps, await paymentIntentEffects(deps, await fetchPaymentIntent(deps, paymentIntentId)));
  } catch (err) {
    if (!transactionCancellationReasons(err)) throw err; // a concurrent confirmation got there first
  }
  return (await repo.booking(deps, booking.id)) ?? booking;
}

type LineOf = ReturnType<typeof disputeLine>;

/**
 * A ledger line of this dispute: account = the booking, reference dispute:<disputeId> (the reinstatement of a won
 * one: dispute:<disputeId>:reinstated), dated when the dispute was opened.
 */
function disputeLine(booking: BookingRecord, dispute: Stripe.Dispute) {
  return (type: LedgerEntry['type'], suffix: string | undefined, amountCents: number, description: string): DatedEntry => ({
    entry: {
      account: ledgerAccounts.booking(booking.id),
      type,
      reference: suffix ? `dispute:${dispute.id}:${suffix}` : `dispute:${dispute.id}`,
      amountCents,
      currency: booking.currency,
      stripeObjectId: dispute.id,
      description,
    },
    at: new Date(dispute.created * 1000),
  });
}

/** The Dispute record's fields as Stripe reports them (the status goes through the record's machine). */
export function disputeFields(dispute: Stripe.Dispute, bookingId: string, currency: BookingRecord['currency']): DisputeFields {
  const evidence = Object.fromEntries(
    EVIDENCE_FIELDS.flatMap((f) => (typeof dispute.evidence?.[f] === 'string' ? [[f, dispute.evidence[f]]] : [])),
  );
  return {
    bookingId,
    chargeId: typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id,
    amountCents: dispute.amount,
    currency,
    status: dispute.status,
    reason: dispute.reason,
    evidenceDueBy: new Date((dispute.evidence_details?.due_by ?? dispute.created) * 1000).toISOString(),
    evidence,
    evidenceSubmissionCount: dispute.evidence_details?.submission_count ?? 0,
  };
}

/**
 * A lost chargeback settled like a refund of the disputed amount (lib/domain/refunds.ts calculateRefund): the fee
 * share given up, the provider's share not paid (before the transfer) or reversed / made debt (after it). A reversal
 * of an earlier attempt (found on Stripe by its metadata) is reused, so a retry after a crash decides the same split.
 */
async function settleLostDispute(
  deps: Deps,
  booking: BookingRecord,
  dispute: Stripe.Dispute,
  now: Date,
  line: LineOf,
): Promise<{ entries: DatedEntry[]; items: TxItem[]; settlement: ChargebackSettlement }> {
  const { netTransferredCents, transfer, all } = await bookingTransfers(deps, booking.id);
  const earlier = all.flatMap((t) => t.reversals?.data ?? []).find((r) => r.metadata?.disputeId === dispute.id);
  const state: RefundState = {
    currency: booking.currency,
    paidCents: booking.totalAmountCents,
    platformFeeCents: booking.platformFeeCents,
    refundedCents: booking.refundedCents ?? 0,
    feeRefundedCents: booking.feeRefundedCents ?? 0,
    // As before this dispute's reversal; recorded debt is no longer counted as transferred (as in refunds).
    transferredCents: Math.max(0, netTransferredCents + (earlier?.amount ?? 0) - (booking.providerDebtCents ?? 0)),
    providerRefundedCents: booking.providerRefundedCents ?? 0,
    compensationCents: booking.refundCompensationCents ?? 0,
  };
  const share = calculateRefund(state, { refundCents: Math.min(dispute.amount, refundableCents(state)) });
  const reference = `dispute-${dispute.id}`;
  const recovery = earlier
    ? { reverseCents: earlier.amount, debtCents: Math.max(0, share.providerReversalCents - earlier.amount), transferReversalId: earlier.id }
    : await reverseProviderShare(deps, {
        bookingId: booking.id,
        reference,
        plan: await planShareRecovery(deps, { amountCents: share.providerReversalCents, currency: booking.currency, transfer }),
        metadata: { bookingId: booking.id, disputeId: dispute.id },
      });

  const entries: DatedEntry[] = [];
  if (share.platformFeeRefundCents > 0) {
    entries.push(
      line('FEE_REFUND', undefined, share.platformFeeRefundCents, 'Chargeback lost: platform commission given up in proportion'),
    );
  }
  const reversalId = recovery.transferReversalId;
  if (recovery.reverseCents > 0 && reversalId) {
    // The id the transfer.reversed webhook gives the line (reference = the reversal id): either may come first.
    entries.push({
      entry: {
        account: ledgerAccounts.booking(booking.id),
        type: 'TRANSFER_REVERSAL',
        reference: reversalId,
        providerId: booking.providerId,
        amountCents: recovery.reverseCents,
        currency: booking.currency,
        stripeObjectId: reversalId,
        description: 'Chargeback lost: provider transfer reversed',
      },
      at: now,
    });
  }
  const items = providerDebtItems(deps, {
    booking,
    debtCents: recovery.debtCents,
    reference,
    now,
    description: "Chargeback lost: the provider's share their connected balance could not cover, netted from future payouts",
    bookingUpdate: 'merge',
    actor: { role: 'STRIPE' },
  });
  return {
    entries,
    items,
    settlement: {
      feeRefundCents: share.platformFeeRefundCents,
      providerRefundedCents: share.providerReversalCents + share.providerEarningReductionCents,
      reverseCents: recovery.reverseCents,
      debtCents: recovery.debtCents,
    },
  };
}

/** The disputes queue: by evidence due date (soonest first), per status (byStatusDue index). */
export async function listDisputes(deps: Deps, statuses: readonly string[] = OPEN_DISPUTE_STATUSES, limit = 50) {
  const pages = await Promise.all(
    statuses.map((status) => queryPage<DisputeRecord>(deps, 'Dispute', { index: 'byStatusDue', key: 'status', value: status, limit })),
  );
  return pages.flatMap((p) => p.items).sort((a, b) => a.evidenceDueBy.localeCompare(b.evidenceDueBy));
}
