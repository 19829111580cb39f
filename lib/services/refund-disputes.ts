/**
 * DISPUTE_REFUND, its escalation and its resolution: the booking's customer or provider contests a refund decision
 * that exists; a case still open after REFUND_CASE_ESCALATION_HOURS is escalated to the admins by the scheduled run;
 * an admin resolves it. The case is a small machine (lib/domain/refund-case.ts) written on the booking by
 * lib/data/refund-writes.ts. What may be contested and what a case holds (only the amount in dispute, only by a
 * customer's case, only of the provider's share not yet transferred): lib/domain/refund-dispute-rules.ts.
 */
import type { Identity } from '../auth/identity';
import { OPEN_DISPUTE_STATUSES } from '../domain/disputes';
import { formatMoney } from '../domain/money';
import { planRefundCase, REFUND_CASE_ESCALATION_HOURS, refundCaseStatus } from '../domain/refund-case';
import { contestableCents, decideContest, escalationCutoff, isEscalationDue, type ContestingParty } from '../domain/refund-dispute-rules';
import { TransitionRefused } from '../domain/state-machine';
import { bookingsWithRefundCase } from '../data/booking-queries';
import type { BookingRecord, RefundCaseQueue, RefundDisputeCase } from '../data/records';
import { writeRefundCase } from '../data/refund-writes';
import { queryPage, repo } from '../data/repository';
import { decodePageCursor, encodePageCursor } from './page-cursor';
import { AppError } from '../http/errors';
import type { RefundCaseRow, RefundContest } from '../http/refund-processor';
import { actingAs, authorize, mayDo } from './access';
import type { Deps } from '../ports';

const alreadyOpen = (bookingId: string, openedAt?: string) =>
  new AppError('CONFLICT', 'A refund dispute is already open for this booking', { bookingId, ...(openedAt ? { openedAt } : {}) });
const noneOpen = (bookingId: string) => new AppError('CONFLICT', 'No open refund dispute for this booking', { bookingId });

/** Why there is nothing to contest, in the caller's terms. */
function nothingToContest(booking: BookingRecord, party: ContestingParty): AppError {
  const message =
    (booking.refunds?.length ?? 0) === 0
      ? 'There is nothing to contest: no refund has been decided on this booking'
      : party === 'CUSTOMER'
        ? 'There is nothing to contest: everything paid for this booking has been refunded'
        : 'There is nothing to contest: no money was refunded on this booking';
  return new AppError('CONFLICT', message, { reason: 'NOTHING_TO_CONTEST', bookingId: booking.id });
}

/** How many times an opening refused by a concurrent change of the booking is decided again. */
const OPEN_ATTEMPTS = 3;

/**
 * The customer or provider contests a refund decision: `amountCents` in dispute (default: the most they may). A case
 * for an admin; a customer's case holds that amount of the provider's share not yet transferred, nothing else.
 */
export async function disputeRefund(
  deps: Deps,
  caller: Identity,
  bookingId: string,
  input: { reason: string; amountCents?: number | undefined },
): Promise<RefundDisputeCase> {
  let booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'contestRefund', {
    details: { bookingId },
    forbidden: "Only the booking's customer or provider can contest a refund decision",
  });
  const role = actingAs(caller, 'booking', booking, 'contestRefund') as ContestingParty;
  for (let attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++) {
    const from = refundCaseStatus(booking.refundDispute);
    try {
      planRefundCase('OPEN_CASE', role, from);
    } catch (err) {
      if (err instanceof TransitionRefused) throw alreadyOpen(bookingId, booking.refundDispute?.openedAt);
      throw err;
    }
    const decision = decideContest(booking, role, input.amountCents);
    if (!decision.ok) {
      if (decision.reason === 'NOTHING_TO_CONTEST') throw nothingToContest(booking, role);
      const most = formatMoney({ amountCents: decision.contestableCents, currency: booking.currency });
      throw new AppError('BAD_REQUEST', `At most ${most} of this booking's refund can be contested`, {
        field: 'amountCents',
        reason: decision.reason,
        requestedCents: input.amountCents,
        contestableCents: decision.contestableCents,
        currency: booking.currency,
      });
    }
    const now = deps.clock.now();
    const { amountCents, heldCents } = decision;
    const written = await writeRefundCase(deps, bookingId, {
      transition: 'OPEN_CASE',
      actor: role,
      actorId: caller.userId,
      from,
      refundCase: {
        openedBy: caller.userId,
        openedByRole: role,
        reason: input.reason,
        openedAt: now.toISOString(),
        amountCents,
        heldCents,
        currency: booking.currency,
      },
      decidedOn: { booking, holds: heldCents > 0 },
      details: { reason: input.reason, amountCents, heldCents, currency: booking.currency },
      now,
    });
    if (written) return written.refundDispute!;
    // Opened by the other party, refunded, or claimed by a payout run since the read: decide again from now.
    booking = (await repo.booking(deps, bookingId))!;
    if (booking.refundDispute?.status === 'OPEN') throw alreadyOpen(bookingId, booking.refundDispute.openedAt);
  }
  throw new AppError('CONFLICT', 'A payout of this booking is being made right now; try again in a few minutes', {
    reason: 'PAYOUT_IN_PROGRESS',
    bookingId,
  });
}

/** What the caller could contest on this booking now (GET_REFUND_STATUS), or null when they may not contest. */
export function contestFor(caller: Identity, booking: BookingRecord): RefundContest | null {
  if (!mayDo(caller, 'booking', booking, 'contestRefund')) return null;
  const role = actingAs(caller, 'booking', booking, 'contestRefund') as ContestingParty;
  const maxCents = contestableCents(booking, role);
  const decision = maxCents > 0 ? decideContest(booking, role, maxCents) : undefined;
  return { role, maxCents, heldAtMaxCents: decision?.ok ? decision.heldCents : 0, currency: booking.currency };
}

/**
 * An admin closes the case: what it held is released (the next payout run transfers it). A hold older cases set on
 * the whole booking (payoutHold) is lifted unless a chargeback is open.
 */
export async function resolveRefundDispute(deps: Deps, admin: Identity, bookingId: string, resolution: string): Promise<RefundDisputeCase> {
  const booking = await repo.booking(deps, bookingId);
  authorize(admin, 'booking', booking, 'resolveRefundDispute', { details: { bookingId } });
  const open = booking.refundDispute;
  if (open?.status !== 'OPEN') throw noneOpen(bookingId);
  const now = deps.clock.now();
  const { status: _open, ...opened } = open;
  const chargebackOpen = (OPEN_DISPUTE_STATUSES as readonly string[]).includes(booking.chargebackStatus ?? '');
  const olderCaseHold = open.heldCents === undefined && booking.payoutHold === true;
  const written = await writeRefundCase(deps, bookingId, {
    transition: 'RESOLVE_CASE',
    actor: 'ADMIN',
    actorId: admin.userId,
    from: 'OPEN',
    refundCase: { ...opened, resolvedBy: admin.userId, resolvedAt: now.toISOString(), resolution },
    sameCaseOpenedAt: open.openedAt,
    ...(olderCaseHold && !chargebackOpen ? { payoutHold: false } : {}),
    details: { resolution, releasedCents: open.heldCents ?? 0, ...(open.currency ? { currency: open.currency } : {}) },
    now,
  });
  // Resolved (or re-opened) by someone else between the read and the write.
  if (!written) throw noneOpen(bookingId);
  return written.refundDispute!;
}

interface EscalationResult {
  escalated: number;
  failed: number;
}

/**
 * The scheduled run's step: every case still open `hours` after it was opened is escalated to the admins (escalatedAt,
 * RefundCaseEscalated), once however often the run repeats (the table's guard: escalatedAt absent).
 */
export async function escalateOverdueRefundCases(deps: Deps, hours = REFUND_CASE_ESCALATION_HOURS): Promise<EscalationResult> {
  const now = deps.clock.now();
  const due = await bookingsWithRefundCase(deps, 'OPEN', { openedBy: escalationCutoff(now, hours) });
  const result: EscalationResult = { escalated: 0, failed: 0 };
  for (const { id } of due) {
    try {
      // The index may lag: decide from the booking itself.
      const c = (await repo.booking(deps, id))?.refundDispute;
      if (c?.status !== 'OPEN' || c.escalatedAt || !isEscalationDue(c.openedAt, now, hours)) continue;
      const { status: _open, ...opened } = c;
      const written = await writeRefundCase(deps, id, {
        transition: 'ESCALATE_CASE',
        actor: 'SYSTEM',
        from: 'OPEN',
        refundCase: { ...opened, escalatedAt: now.toISOString() },
        sameCaseOpenedAt: c.openedAt,
        details: {
          openedAt: c.openedAt,
          openedByRole: c.openedByRole,
          hoursOpen: Math.floor((now.getTime() - Date.parse(c.openedAt)) / 3_600_000),
          heldCents: c.heldCents ?? 0,
          ...(c.amountCents !== undefined ? { amountCents: c.amountCents } : {}),
          ...(c.currency ? { currency: c.currency } : {}),
        },
        now,
      });
      if (written) result.escalated++;
    } catch (err) {
      result.failed++;
      console.error(JSON.stringify({ level: 'error', msg: 'refund-case-escalation', bookingId: id, error: String(err) }));
    }
  }
  return result;
}

/**
 * The admins' queue of open refund cases a page at a time: the ESCALATED partition of Booking.byRefundCase, then the
 * OPEN one (or one of them), each by when the case was opened, oldest first unless newest is asked. The cursor is the
 * position in a partition, or the partition to start the next page at.
 */
export async function refundCaseQueue(
  deps: Deps,
  q: { state?: RefundCaseQueue | undefined; order?: 'newest' | 'oldest' | undefined; limit: number; cursor?: string | undefined },
): Promise<{ refundCases: RefundCaseRow[]; nextCursor?: string }> {
  const newestFirst = q.order === 'newest';
  const states: readonly RefundCaseQueue[] = q.state ? [q.state] : ['ESCALATED', 'OPEN'];
  const scope = `refund-cases:${q.state ?? 'all'}:${newestFirst ? 'newest' : 'oldest'}`;
  const start = decodePageCursor(scope, q.cursor);
  let i = start ? states.findIndex((s) => s === start.refundCaseState) : 0;
  const keyed = typeof start?.id === 'string' && typeof start.refundCaseOpenedAt === 'string';
  if (i < 0 || (start && Object.keys(start).length > 1 && !keyed))
    throw new AppError('VALIDATION_FAILED', 'This page link is no longer valid: load the list again', { cursor: q.cursor });
  let resume =
    start && keyed ? { id: start.id, refundCaseState: start.refundCaseState, refundCaseOpenedAt: start.refundCaseOpenedAt } : undefined;
  const found: BookingRecord[] = [];
  const done = (next: Record<string, unknown> | undefined) => {
    const nextCursor = encodePageCursor(scope, next);
    return { refundCases: found.flatMap(refundCaseRow), ...(nextCursor ? { nextCursor } : {}) };
  };
  for (; i < states.length; i++) {
    const query = { index: 'byRefundCase', key: 'refundCaseState', value: states[i]!, newestFirst, limit: q.limit - found.length };
    const page = await queryPage<BookingRecord>(deps, 'Booking', query, resume);
    found.push(...page.items);
    if (page.nextCursor) return done(page.nextCursor);
    resume = undefined;
    const following = states[i + 1];
    if (found.length >= q.limit) return done(following ? { refundCaseState: following } : undefined);
  }
  return done(undefined);
}

function refundCaseRow(b: BookingRecord): RefundCaseRow[] {
  const c = b.refundDispute;
  if (c?.status !== 'OPEN') return [];
  return [
    {
      bookingId: b.id,
      serviceTitle: b.serviceTitle,
      customerEmail: b.customerEmail,
      providerId: b.providerId,
      bookingStatus: b.status,
      currency: b.currency,
      openedByRole: c.openedByRole,
      reason: c.reason,
      openedAt: c.openedAt,
      ...(c.escalatedAt ? { escalatedAt: c.escalatedAt } : {}),
      amountCents: c.amountCents ?? null,
      heldCents: c.heldCents ?? 0,
    },
  ];
}
