/**
 * The writes of a chargeback: the booking's side (OPEN_DISPUTE / WIN_DISPUTE / LOSE_DISPUTE through the Booking
 * writer, or the chargeback fields alone when the status stays), the Dispute record following Stripe through its
 * machine (lib/domain/dispute-record.ts), and the evidence submission's claim on the record.
 */
import { DISPUTE_MACHINE, disputeRecordStep, isDisputeStatus, type DisputeActor } from '../domain/dispute-record';
import type { DisputeBookingStep } from '../domain/disputes';
import { bookingTransitionItems, bookingUpdateItem } from './booking-writer';
import { type Change, type Condition, updateInput } from './expressions';
import type { BookingRecord, DisputeRecord } from './records';
import { asTxUpdate, runConditionalUpdate, statusGuardedUpdate, transitionUpdate } from './status-writer';
import type { TxItem, DataDeps, TableDeps } from './transact';


/** What a lost chargeback takes back, recorded once (chargebackSettledAt). */
export interface ChargebackSettlement {
  feeRefundCents: number;
  /** The provider's part: reversal + earning not paid. */
  providerRefundedCents: number;
  reverseCents: number;
  debtCents: number;
}

export interface ChargebackWrite {
  /** The booking transition the dispute's state calls for now (none: the status stays as read). */
  step?: DisputeBookingStep | undefined;
  dispute: { id: string; status: string; amountCents: number };
  payoutHold: boolean;
  settlement?: ChargebackSettlement | undefined;
  now: Date;
}

/** The booking's side of a dispute's current state, decided from the booking as read (its status is the condition). */
export function chargebackBookingItems(deps: TableDeps, booking: BookingRecord, w: ChargebackWrite): TxItem[] {
  const set: Record<string, unknown> = {
    disputeId: w.dispute.id,
    chargebackStatus: w.dispute.status,
    chargebackAmountCents: w.dispute.amountCents,
    payoutHold: w.payoutHold,
  };
  if (w.step?.transition === 'OPEN_DISPUTE') set.statusBeforeDispute = w.step.statusBeforeDispute;
  const change: Change = { set };
  const expect: Condition[] = [];
  if (w.settlement) {
    const s = w.settlement;
    set.chargebackSettledAt = w.now.toISOString();
    change.add = {
      feeRefundedCents: s.feeRefundCents,
      providerRefundedCents: s.providerRefundedCents,
      providerReversedCents: s.reverseCents,
      ...(s.debtCents > 0 ? { providerDebtCents: s.debtCents } : {}),
    };
    expect.push({ attr: 'chargebackSettledAt', absent: true });
  }
  if (!w.step) return [bookingUpdateItem(deps, booking.id, { whileStatusIn: [booking.status], change, expect, now: w.now })];
  return bookingTransitionItems(deps, booking.id, {
    transition: w.step.transition,
    actor: 'STRIPE',
    from: booking.status,
    ...(w.step.transition === 'WIN_DISPUTE' ? { to: w.step.to } : {}),
    change,
    expect,
    now: w.now,
  });
}

// ---- the Dispute record --------------------------------------------------------------------------------

/** The record's fields as Stripe reports them (the status goes through the machine). */
export type DisputeFields = Omit<DisputeRecord, 'id' | 'createdAt' | 'updatedAt' | '__typename'>;

const disputeTable = (deps: TableDeps, id: string) => ({ tableName: deps.tables.Dispute, key: { id } });

/**
 * The Dispute record's write for Stripe's current state: created when it is new (conditional on it still being new),
 * else the machine's step from the status read to Stripe's (never back). An Update, so what the evidence action
 * stamped (who submitted) stays; a submission seen on Stripe but not here is stamped now.
 */
function disputeRecordUpdate(
  deps: TableDeps,
  current: DisputeRecord | undefined,
  w: { id: string; fields: DisputeFields; createdAt: Date; actor: DisputeActor; submittedBy?: string; removeClaim?: boolean; now: Date },
) {
  const { status, ...rest } = w.fields;
  const iso = w.now.toISOString();
  const stamp = (w.fields.evidenceSubmissionCount ?? 0) > 0 || w.submittedBy !== undefined;
  const change: Change = {
    set: { ...rest, __typename: 'Dispute' },
    setIfAbsent: {
      createdAt: w.createdAt.toISOString(),
      ...(stamp ? { evidenceSubmittedAt: iso } : {}),
      ...(w.submittedBy ? { evidenceSubmittedBy: w.submittedBy } : {}),
    },
    ...(w.removeClaim ? { remove: ['evidenceClaimKey', 'evidenceClaimedAt'] } : {}),
  };
  const table = disputeTable(deps, w.id);
  if (!current) {
    // New: the status is Stripe's as first seen (a concurrent creation fails this and the caller decides again).
    // (The machine has no "nothing yet" status: a record starts at whatever Stripe says first.)
    return updateInput(table.tableName, table.key, { ...change, set: { ...change.set, status, updatedAt: iso } }, [{ attr: 'id', absent: true }]);
  }
  if (!isDisputeStatus(current.status)) {
    // A status outside the machine (recorded before it existed): kept, the rest refreshed.
    return statusGuardedUpdate(table, { whileStatusIn: [current.status], change, now: w.now });
  }
  const step = disputeRecordStep(current.status, status, w.actor);
  return transitionUpdate(DISPUTE_MACHINE, table, { transition: step.transition, actor: w.actor, from: current.status, ...(step.to ? { to: step.to } : {}), change, now: w.now });
}

export function disputeRecordItem(deps: TableDeps, current: DisputeRecord | undefined, w: Parameters<typeof disputeRecordUpdate>[2]): TxItem {
  return asTxUpdate(disputeRecordUpdate(deps, current, w));
}

/** The same on its own: the record after it, or undefined when it moved on since it was read. */
export function writeDisputeRecord(deps: DataDeps, current: DisputeRecord | undefined, w: Parameters<typeof disputeRecordUpdate>[2]): Promise<DisputeRecord | undefined> {
  return runConditionalUpdate<DisputeRecord>(deps.db, disputeRecordUpdate(deps, current, w));
}

// ---- the evidence submission's claim ---------------------------------------------------------------------

/**
 * One submission at a time, and never after one succeeded: the claim is taken when there is none, it is ours (a
 * retried request), or the one there is older than `staleBefore` (a request that died). False when refused.
 */
export async function claimEvidenceSubmission(deps: DataDeps, disputeId: string, key: string, now: Date, staleBefore: Date): Promise<boolean> {
  const claimed = await runConditionalUpdate<DisputeRecord>(
    deps.db,
    statusGuardedUpdate(disputeTable(deps, disputeId), {
      change: { set: { evidenceClaimKey: key, evidenceClaimedAt: now.toISOString() } },
      expect: [
        { attr: 'evidenceSubmittedAt', absent: true },
        {
          or: [
            { attr: 'evidenceClaimKey', absent: true },
            { attr: 'evidenceClaimKey', eq: key },
            { attr: 'evidenceClaimedAt', lt: staleBefore.toISOString() },
          ],
        },
      ],
    }),
  );
  return claimed !== undefined;
}

/** Gives the claim up (the Stripe call failed); another request's claim is left alone. */
export async function releaseEvidenceClaim(deps: DataDeps, disputeId: string, key: string): Promise<void> {
  await runConditionalUpdate(
    deps.db,
    statusGuardedUpdate(disputeTable(deps, disputeId), { change: { remove: ['evidenceClaimKey', 'evidenceClaimedAt'] }, expect: [{ attr: 'evidenceClaimKey', eq: key }] }),
  );
}
