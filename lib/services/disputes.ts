/**
 * Chargebacks (Stripe disputes) of booking charges: every charge.dispute.* event re-fetches the dispute and writes
 * what its CURRENT state implies (lib/domain/disputes.ts decides the booking's status), so duplicated and
 * reordered deliveries converge on one booking state and one set of ledger lines (deterministic ids).
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
import { modelFields, transactionCancellationReasons } from '../data/items';
import type { BookingRecord, DisputeRecord, TransactionRecord } from '../data/records';
import { queryIndex, queryPage, repo } from '../data/repository';
import { transactWrite, type TxItem } from '../data/transact';
import { isUnpaidStatus } from '../domain/booking-status';
import { bookingStatusForDispute, disputeOutcome, EVIDENCE_FIELDS, OPEN_DISPUTE_STATUSES } from '../domain/disputes';
import { calculateRefund, refundableCents, type RefundState } from '../domain/refunds';
import { paymentIntentEffects } from './booking-payment';
import { fetchPaymentIntent } from './payments';
import { bookingDebtUpdate, bookingTransfers, planShareRecovery, providerDebtItems, reverseProviderShare } from './provider-debt';
import { reversalLineId } from './refunds';
import type { Deps } from './deps';

export { OPEN_DISPUTE_STATUSES };

export async function bookingOfPaymentIntent(deps: Deps, paymentIntentId: string): Promise<BookingRecord | undefined> {
  const found = await queryIndex<BookingRecord>(deps, 'Booking', { index: 'byPaymentIntent', key: 'paymentIntentId', value: paymentIntentId });
  return found[0] ? repo.booking(deps, found[0].id) : undefined;
}

/** The writes a dispute's CURRENT state (re-fetched from Stripe) implies; repeats write the same thing, once. */
export async function disputeEffects(deps: Deps, disputeId: string): Promise<TxItem[]> {
  const dispute = await deps.stripe.disputes.retrieve(disputeId);
  const piId = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : dispute.payment_intent?.id;
  if (!piId) return [];
  let booking = await bookingOfPaymentIntent(deps, piId);
  if (!booking) return []; // not a booking charge (e.g. a credit purchase): nothing of ours to settle
  if (isUnpaidStatus(booking.status)) booking = await recordPaymentFirst(deps, booking, piId);
  const now = deps.clock.now();
  const outcome = disputeOutcome(dispute.status);
  const line = ledgerLine(deps, booking, dispute);
  const items: TxItem[] = [disputeRecordItem(deps, booking, dispute, now)];
  items.push(line('WITHDRAWN', 'DISPUTE', dispute.amount, `Chargeback opened (${dispute.reason}): funds withdrawn`));
  if (outcome === 'WON') items.push(line('REINSTATED', 'DISPUTE', -dispute.amount, 'Chargeback won: funds returned'));

  const set = ['disputeId = :d', 'chargebackStatus = :s', 'chargebackAmountCents = :a', 'payoutHold = :hold', 'updatedAt = :now'];
  const values: Record<string, unknown> = {
    ':d': dispute.id,
    ':s': dispute.status,
    ':a': dispute.amount,
    ':hold': outcome === 'OPEN' || booking.refundDispute?.status === 'OPEN',
    ':now': now.toISOString(),
    ':current': booking.status,
  };
  // Decided from the booking as read: a concurrent status change (completion, payout) fails the condition and the
  // webhook dispatcher decides again from the new state.
  let condition = '#status = :current';
  const next = bookingStatusForDispute(booking, outcome);
  if (next && next.status !== booking.status) {
    set.push('#status = :next');
    values[':next'] = next.status;
  }
  if (next?.statusBeforeDispute && next.statusBeforeDispute !== booking.statusBeforeDispute) {
    set.push('statusBeforeDispute = :before');
    values[':before'] = next.statusBeforeDispute;
  }
  if (outcome === 'LOST' && !booking.chargebackSettledAt) {
    const settlement = await settleLostDispute(deps, booking, dispute, now, line);
    items.push(...settlement.items);
    set.push(...settlement.set);
    Object.assign(values, settlement.values);
    condition += ' AND attribute_not_exists(chargebackSettledAt)';
  }
  items.unshift({
    Update: {
      TableName: deps.tables.Booking,
      Key: { id: booking.id },
      UpdateExpression: `SET ${set.join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    },
  });
  return items;
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

type LineOf = ReturnType<typeof ledgerLine>;

/** A ledger line of this dispute with a deterministic id (booking:<id>:dispute:<dp>:<key>). */
function ledgerLine(deps: Deps, booking: BookingRecord, dispute: Stripe.Dispute) {
  return (key: string, type: TransactionRecord['type'], amountCents: number, description: string, providerId?: string): TxItem => ({
    Put: {
      TableName: deps.tables.Transaction,
      Item: {
        ...modelFields('Transaction', `booking:${booking.id}:dispute:${dispute.id}:${key}`, new Date(dispute.created * 1000)),
        bookingId: booking.id,
        ...(providerId ? { providerId } : {}),
        type,
        amountCents,
        currency: booking.currency,
        stripeObjectId: dispute.id,
        description,
      } satisfies TransactionRecord,
    },
  });
}

/**
 * The Dispute record follows Stripe; an Update (not a Put) keeps what the evidence action stamped (who submitted).
 * A submission seen on Stripe but not recorded here (the action died after Stripe answered) is stamped now.
 */
function disputeRecordItem(deps: Deps, booking: BookingRecord, dispute: Stripe.Dispute, now: Date): TxItem {
  const iso = now.toISOString();
  const submissions = dispute.evidence_details?.submission_count ?? 0;
  const evidence = Object.fromEntries(EVIDENCE_FIELDS.flatMap((f) => (typeof dispute.evidence?.[f] === 'string' ? [[f, dispute.evidence[f]]] : [])));
  const fields: Omit<DisputeRecord, 'id' | 'createdAt'> = {
    __typename: 'Dispute',
    updatedAt: iso,
    bookingId: booking.id,
    chargeId: typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id,
    amountCents: dispute.amount,
    currency: booking.currency,
    status: dispute.status,
    reason: dispute.reason,
    evidenceDueBy: new Date((dispute.evidence_details?.due_by ?? dispute.created) * 1000).toISOString(),
    evidence,
    evidenceSubmissionCount: submissions,
  };
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':createdAt': new Date(dispute.created * 1000).toISOString() };
  const set = Object.entries(fields).map(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:f${i}`] = v;
    return `#f${i} = :f${i}`;
  });
  set.push('createdAt = if_not_exists(createdAt, :createdAt)');
  if (submissions > 0) {
    set.push('evidenceSubmittedAt = if_not_exists(evidenceSubmittedAt, :now)');
    values[':now'] = iso;
  }
  return {
    Update: {
      TableName: deps.tables.Dispute,
      Key: { id: dispute.id },
      UpdateExpression: `SET ${set.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

interface Settlement {
  items: TxItem[];
  set: string[];
  values: Record<string, unknown>;
}

/**
 * A lost chargeback settled like a refund of the disputed amount (lib/domain/refunds.ts calculateRefund): the fee
 * share given up, the provider's share not paid (before the transfer) or reversed / made debt (after it). A reversal
 * of an earlier attempt (found on Stripe by its metadata) is reused, so a retry after a crash decides the same split.
 */
async function settleLostDispute(deps: Deps, booking: BookingRecord, dispute: Stripe.Dispute, now: Date, line: LineOf): Promise<Settlement> {
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

  const items: TxItem[] = [];
  if (share.platformFeeRefundCents > 0) {
    items.push(line('LOST_FEE', 'FEE_REFUND', share.platformFeeRefundCents, 'Chargeback lost: platform commission given up in proportion'));
  }
  const reversalId = recovery.transferReversalId;
  if (recovery.reverseCents > 0 && reversalId) {
    // The id the transfer.reversed webhook gives the line; written unconditionally, so either may come first.
    items.push({
      Put: {
        TableName: deps.tables.Transaction,
        Item: {
          ...modelFields('Transaction', reversalLineId(booking.id, reversalId), now),
          bookingId: booking.id,
          providerId: booking.providerId,
          type: 'TRANSFER_REVERSAL',
          amountCents: recovery.reverseCents,
          currency: booking.currency,
          stripeObjectId: reversalId,
          description: 'Chargeback lost: provider transfer reversed',
        } satisfies TransactionRecord,
      },
    });
  }
  items.push(
    ...providerDebtItems(deps, {
    booking,
    debtCents: recovery.debtCents,
    reference,
    now,
    description: "Chargeback lost: the provider's share their connected balance could not cover, netted from future payouts",
    bookingUpdate: 'merge',
    }),
  );
  const debtUpdate = recovery.debtCents > 0 ? bookingDebtUpdate(recovery.debtCents) : undefined;
  return {
    items,
    set: [
      'chargebackSettledAt = :now',
      'feeRefundedCents = if_not_exists(feeRefundedCents, :zero) + :fee',
      'providerRefundedCents = if_not_exists(providerRefundedCents, :zero) + :prov',
      'providerReversedCents = if_not_exists(providerReversedCents, :zero) + :reversed',
      ...(debtUpdate ? [debtUpdate.set] : []),
    ],
    values: {
      ':zero': 0,
      ':fee': share.platformFeeRefundCents,
      ':prov': share.providerReversalCents + share.providerEarningReductionCents,
      ':reversed': recovery.reverseCents,
      ...(debtUpdate?.values ?? {}),
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
