/**
 * Chargebacks (Stripe disputes) of booking charges.
 *
 * Who bears what (documented in lib/domain/refunds.ts too):
 *  - while open: the disputed amount is withdrawn from the platform (ledger DISPUTE +amount) and the booking's payout
 *    is frozen (payoutHold);
 *  - won: the funds come back (ledger DISPUTE −amount); the hold is lifted unless a refund dispute is open;
 *  - lost: the customer keeps the money. The platform gives up its fee share of the disputed amount (FEE_REFUND,
 *    proportional like a refund) and bears Stripe's dispute fee (a platform cost, not a booking line); the provider
 *    bears their share (disputed − fee share): not paid out if not yet transferred, else recorded as the provider's
 *    debt (providerDebtCents on the booking and profile), netted from future earnings.
 */
import type Stripe from 'stripe';
import { modelFields } from '../data/items';
import type { BookingRecord, DisputeRecord, TransactionRecord } from '../data/records';
import { queryIndex, queryPage, repo } from '../data/repository';
import type { TxItem } from '../data/transact';
import { scaleRoundHalfUp } from '../domain/money';
import { bookingTransfers } from './refunds';
import type { Deps } from './deps';

export const OPEN_DISPUTE_STATUSES = ['warning_needs_response', 'warning_under_review', 'needs_response', 'under_review'] as const;
const isOpen = (status: string) => (OPEN_DISPUTE_STATUSES as readonly string[]).includes(status);

export async function bookingOfPaymentIntent(deps: Deps, paymentIntentId: string): Promise<BookingRecord | undefined> {
  const found = await queryIndex<BookingRecord>(deps, 'Booking', { index: 'byPaymentIntent', key: 'paymentIntentId', value: paymentIntentId });
  return found[0] ? repo.booking(deps, found[0].id) : undefined;
}

/** The writes a dispute's CURRENT state (re-fetched from Stripe) implies; deterministic ids make repeats harmless. */
export async function disputeEffects(deps: Deps, disputeId: string): Promise<TxItem[]> {
  const dispute = await deps.stripe.disputes.retrieve(disputeId);
  const piId = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : dispute.payment_intent?.id;
  if (!piId) return [];
  const booking = await bookingOfPaymentIntent(deps, piId);
  if (!booking) return []; // not a booking charge (e.g. a credit purchase): nothing of ours to settle
  const now = deps.clock.now();
  const iso = now.toISOString();
  const chargeId = typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id;
  const items: TxItem[] = [];
  const record: DisputeRecord = {
    ...modelFields('Dispute', dispute.id, new Date(dispute.created * 1000)),
    updatedAt: iso,
    bookingId: booking.id,
    chargeId,
    amountCents: dispute.amount,
    currency: booking.currency,
    status: dispute.status,
    reason: dispute.reason,
    evidenceDueBy: new Date((dispute.evidence_details?.due_by ?? dispute.created) * 1000).toISOString(),
  };
  items.push({ Put: { TableName: deps.tables.Dispute, Item: record } });

  const line = (key: string, type: TransactionRecord['type'], amountCents: number, description: string, providerId?: string): TxItem => ({
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
  items.push(line('WITHDRAWN', 'DISPUTE', dispute.amount, `Chargeback opened (${dispute.reason}): funds withdrawn`));
  if (dispute.status === 'won') items.push(line('REINSTATED', 'DISPUTE', -dispute.amount, 'Chargeback won: funds returned'));

  const open = isOpen(dispute.status);
  const refundHold = booking.refundDispute?.status === 'OPEN';
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':d': dispute.id,
    ':s': dispute.status,
    ':a': dispute.amount,
    ':hold': open || refundHold,
    ':now': iso,
  };
  let update = 'SET disputeId = :d, chargebackStatus = :s, chargebackAmountCents = :a, payoutHold = :hold, updatedAt = :now';
  let condition: string | undefined;
  if (dispute.status === 'lost' && !booking.chargebackSettledAt) {
    // The fee share of the disputed amount (proportional, cumulative with refunds, like a refund's).
    const paid = booking.totalAmountCents;
    const refunded = booking.refundedCents ?? 0;
    const lostAfter = Math.min(paid, refunded + dispute.amount);
    const feeAfter = lostAfter === paid ? booking.platformFeeCents : scaleRoundHalfUp(booking.platformFeeCents, lostAfter, paid);
    const feeShare = Math.max(0, feeAfter - (booking.feeRefundedCents ?? 0));
    const providerShare = dispute.amount - feeShare;
    items.push(line('LOST_FEE', 'FEE_REFUND', feeShare, 'Chargeback lost: platform commission given up in proportion'));
    const { netTransferredCents } = await bookingTransfers(deps, booking.id);
    const transferredNet = Math.max(0, netTransferredCents - (booking.providerDebtCents ?? 0));
    const providerNetBefore = booking.providerEarningsCents - (booking.providerRefundedCents ?? 0);
    const debt = Math.max(0, Math.min(providerShare, transferredNet - (providerNetBefore - providerShare)));
    update += ', chargebackSettledAt = :now, feeRefundedCents = if_not_exists(feeRefundedCents, :zero) + :fee, providerRefundedCents = if_not_exists(providerRefundedCents, :zero) + :prov, providerDebtCents = if_not_exists(providerDebtCents, :zero) + :debt';
    Object.assign(values, { ':zero': 0, ':fee': feeShare, ':prov': providerShare, ':debt': debt });
    condition = 'attribute_not_exists(chargebackSettledAt)';
    if (debt > 0) {
      items.push({
        Update: {
          TableName: deps.tables.UserProfile,
          Key: { id: booking.providerId },
          UpdateExpression: 'SET providerDebtCents = if_not_exists(providerDebtCents, :zero) + :debt, updatedAt = :now',
          ExpressionAttributeValues: { ':zero': 0, ':debt': debt, ':now': iso },
        },
      });
    }
  }
  items.unshift({
    Update: {
      TableName: deps.tables.Booking,
      Key: { id: booking.id },
      UpdateExpression: update,
      ...(condition ? { ConditionExpression: condition } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
  });
  return items;
}

/** The disputes queue: open disputes by evidence due date (soonest first), per status (byStatusDue index). */
export async function listDisputes(deps: Deps, statuses: readonly string[] = OPEN_DISPUTE_STATUSES, limit = 50) {
  const pages = await Promise.all(
    statuses.map((status) => queryPage<DisputeRecord>(deps, 'Dispute', { index: 'byStatusDue', key: 'status', value: status, limit })),
  );
  return pages.flatMap((p) => p.items).sort((a, b) => a.evidenceDueBy.localeCompare(b.evidenceDueBy));
}

export type DisputeEvent = Stripe.ChargeDisputeCreatedEvent | Stripe.ChargeDisputeUpdatedEvent | Stripe.ChargeDisputeClosedEvent;
