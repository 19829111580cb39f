/**
 * The writes of a chargeback: the booking's side (OPEN_DISPUTE / WIN_DISPUTE / LOSE_DISPUTE through the Booking
 * writer, or the chargeback fields alone when the status stays), the Dispute record following Stripe through its
 * machine (lib/domain/dispute-record.ts), and the evidence submission's claim on the record.
 */
import { DISPUTE_MACHINE, disputeRecordStep, isDisputeStatus, type DisputeActor } from '../domain/dispute-record';
import type { DisputeBookingStep } from '../domain/disputes';
import { DISPUTE_EVENT_OF } from '../domain/events';
import { bookingTransitionItems, bookingUpdateItem } from './booking-writer';
import { type Change, type Condition, updateInput } from './expressions';
import { eventItem } from './outbox';
import type { BookingRecord, DisputeRecord } from './records';
import { asTxUpdate, runConditionalUpdate, statusGuardedUpdate, transitionItems, transitionUpdate } from './status-writer';
import type { TxItem, DataDeps, TableDeps } from './transact';

/** What a lost chargeback takes back, recorded once (chargebackSettledAt). */
export interface ChargebackSettlement {
  feeRefundCents: number;
  /** The provider's part: reversal + earning not paid. */
  providerRefundedCents: number;
  reverseCents: number;
  debtCents: number;
}

interface ChargebackWrite {
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

interface DisputeRecordWrite {
  id: string;
  fields: DisputeFields;
  createdAt: Date;
  actor: DisputeActor;
  /** The admin who acted (recorded on the event). */
  actorId?: string;
  submittedBy?: string;
  removeClaim?: boolean;
  now: Date;
}

const disputeTable = (deps: TableDeps, id: string) => ({ tableName: deps.tables.Dispute, key: { id } });

/** Stable across DynamoDB's unordered maps: object keys sorted. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** Whether a write that keeps the status changes anything a reader sees (a repeat of the same state does not). */
function refreshChanges(current: DisputeRecord, w: DisputeRecordWrite, stamp: boolean): boolean {
  const { status: _status, ...rest } = w.fields;
  const stored = current as unknown as Record<string, unknown>;
  return (
    Object.entries(rest).some(([k, v]) => canonical(v) !== canonical(stored[k])) ||
    (stamp && !current.evidenceSubmittedAt) ||
    (w.submittedBy !== undefined && !current.evidenceSubmittedBy)
  );
}

/**
 * The Dispute record's write for Stripe's current state, with its event: created when it is new (conditional on it
 * still being new; DisputeOpened), else the machine's step from the status read to Stripe's (never back; the
 * transition's event, a refresh's only when it changes something). An Update, so what the evidence action stamped
 * (who submitted) stays; a submission seen on Stripe but not here is stamped now. The update comes first: a
 * refusal's first reason is its condition.
 */
export function disputeRecordItems(deps: TableDeps, current: DisputeRecord | undefined, w: DisputeRecordWrite): TxItem[] {
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
  const actor = { role: w.actor, ...(w.actorId ? { id: w.actorId } : {}) };
  if (!current) {
    // New: the status is Stripe's as first seen (a concurrent creation fails this and the caller decides again).
    // (The machine has no "nothing yet" status: a record starts at whatever Stripe says first.)
    const update = updateInput(table.tableName, table.key, { ...change, set: { ...change.set, status, updatedAt: iso } }, [
      { attr: 'id', absent: true },
    ]);
    const opened = eventItem(
      deps,
      {
        type: 'DisputeOpened',
        aggregateType: 'Dispute',
        aggregateId: w.id,
        actor,
        payload: {
          disputeId: w.id,
          bookingId: w.fields.bookingId,
          amountCents: w.fields.amountCents,
          currency: w.fields.currency,
          status,
          reason: w.fields.reason,
        },
      },
      w.now,
    );
    return [asTxUpdate(update), opened];
  }
  if (!isDisputeStatus(current.status)) {
    // A status outside the machine (recorded before it existed): kept, the rest refreshed.
    const update = asTxUpdate(statusGuardedUpdate(table, { whileStatusIn: [current.status], change, now: w.now }));
    if (!refreshChanges(current, w, stamp)) return [update];
    const refreshed = eventItem(
      deps,
      {
        type: DISPUTE_EVENT_OF.REFRESH,
        aggregateType: 'Dispute',
        aggregateId: w.id,
        actor,
        payload: { transition: 'REFRESH', from: current.status },
      },
      w.now,
    );
    return [update, refreshed];
  }
  const step = disputeRecordStep(current.status, status, w.actor);
  const transition = {
    transition: step.transition,
    actor: w.actor,
    ...(w.actorId ? { actorId: w.actorId } : {}),
    from: current.status,
    ...(step.to ? { to: step.to } : {}),
    change,
    now: w.now,
  };
  if (step.transition === 'REFRESH' && !refreshChanges(current, w, stamp))
    return [asTxUpdate(transitionUpdate(DISPUTE_MACHINE, table, transition))];
  return transitionItems(deps, DISPUTE_MACHINE, table, transition, {
    type: DISPUTE_EVENT_OF[step.transition],
    aggregateType: 'Dispute',
    aggregateId: w.id,
  });
}

// ---- the evidence submission's claim ---------------------------------------------------------------------

/**
 * One submission at a time, and never after one succeeded: the claim is taken when there is none, it is ours (a
 * retried request), or the one there is older than `staleBefore` (a request that died). False when refused.
 */
export async function claimEvidenceSubmission(
  deps: DataDeps,
  disputeId: string,
  key: string,
  now: Date,
  staleBefore: Date,
): Promise<boolean> {
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
    statusGuardedUpdate(disputeTable(deps, disputeId), {
      change: { remove: ['evidenceClaimKey', 'evidenceClaimedAt'] },
      expect: [{ attr: 'evidenceClaimKey', eq: key }],
    }),
  );
}
