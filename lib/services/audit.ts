/**
 * The audit log: a view over the domain events, newest first. Everything (every aggregate, the byMonth index walked
 * backwards month by month), or one aggregate's history (byAggregate); optionally only admin actions, or only one
 * actor role. Admins' actions are AdminActionTaken events (lib/data/admin-actions.ts), written with the change where
 * the change is one transaction, otherwise right after it succeeded.
 */
import { z } from 'zod';
import type { Identity } from '../auth/identity';
import type { ActorRole, AggregateType, DomainEvent, DomainEventType, EventDetails } from '../domain/events';
import { recordAdminAction, type AdminAction } from '../data/admin-actions';
import { aggregateEventsNewestFirst, monthOf, recentEventsNewestFirst, type EventFilter } from '../data/event-queries';
import { toDomainEvent } from '../data/outbox';
import type { RefundSummary } from '../data/records';
import { repo } from '../data/repository';
import { AppError } from '../http/errors';
import type { Deps } from '../ports';

/** Months in a row without any event after which the walk back through the log stops (it has begun). */
const EMPTY_MONTHS_TO_END = 12;
/** What one page may read of the walk over everything: a sparse filter gives a short page with a cursor to read on. */
const MONTHS_PER_PAGE = 6;
const QUERIES_PER_PAGE = 8;

/** The AdminActionTaken event on its own, once the admin's action succeeded. */
export async function recordAudit(deps: Deps, admin: Identity, entry: Omit<AdminAction, 'adminId'>): Promise<void> {
  await recordAdminAction(deps, { ...entry, adminId: admin.userId }, deps.clock.now());
}

/** A refund as an admin action's flat details. */
export function refundAuditDetails(refund: RefundSummary, currency: string): EventDetails {
  return {
    refundRequestId: refund.refundRequestId,
    refundCents: refund.refundCents,
    currency,
    platformFeeRefundCents: refund.platformFeeRefundCents,
    providerReversalCents: refund.providerReversalCents,
    ...(refund.providerCompensationCents ? { providerCompensationCents: refund.providerCompensationCents } : {}),
    ...(refund.creditsReturned ? { creditsReturned: refund.creditsReturned } : {}),
    ...(refund.stripeRefundId ? { stripeRefundId: refund.stripeRefundId } : {}),
  };
}

interface AuditQuery {
  /** One aggregate's history (both or neither). */
  aggregateType?: AggregateType | undefined;
  aggregateId?: string | undefined;
  adminActionsOnly?: boolean | undefined;
  /** One event type (AdminActionTaken is what adminActionsOnly asks for). */
  eventType?: DomainEventType | undefined;
  actorRole?: ActorRole | undefined;
  limit: number;
  /** The previous page's `cursor`. */
  cursor?: string | undefined;
}

/** An event as the audit page shows it: the actor's email when a person acted and their profile is known. */
type AuditEntry = DomainEvent & { actorEmail?: string };

export interface AuditPage {
  entries: AuditEntry[];
  /** Present when older entries match: pass it back for the next page. */
  cursor?: string;
}

// The cursor: the filter it pages (`f`), where the last page ended (its month, in the walk over everything, and the
// empty months just before it) and the key of the last event read.
const cursorShape = z
  .object({
    f: z.string().max(300),
    e: z.number().int().min(0).max(EMPTY_MONTHS_TO_END).optional(),
    m: z
      .string()
      .regex(/^\d{4}-\d{2}$/)
      .optional(),
    s: z.string().min(1).optional(),
    i: z.string().min(1).optional(),
  })
  .strict();
type CursorFields = z.infer<typeof cursorShape>;

const encodeCursor = (c: CursorFields) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(
  cursor: string,
  byAggregate: boolean,
  filterKey: string,
): { month?: string | undefined; emptyMonths?: number | undefined; after?: { sequence: string; id: string } } {
  let fields: CursorFields;
  try {
    fields = cursorShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Invalid cursor', { field: 'cursor' });
  }
  // A cursor belongs to the list and filter that made it; a half key is no key.
  if (
    fields.f !== filterKey ||
    byAggregate === Boolean(fields.m) ||
    Boolean(fields.s) !== Boolean(fields.i) ||
    (byAggregate && !fields.s)
  ) {
    throw new AppError('VALIDATION_FAILED', 'Invalid cursor', { field: 'cursor' });
  }
  return { month: fields.m, emptyMonths: fields.e, ...(fields.s && fields.i ? { after: { sequence: fields.s, id: fields.i } } : {}) };
}

export async function listAudit(deps: Deps, q: AuditQuery): Promise<AuditPage> {
  if (Boolean(q.aggregateType) !== Boolean(q.aggregateId)) {
    throw new AppError('VALIDATION_FAILED', 'Give both the aggregate type and its id, or neither', { field: 'aggregateId' });
  }
  if (q.adminActionsOnly && q.eventType && q.eventType !== 'AdminActionTaken') {
    throw new AppError('VALIDATION_FAILED', 'Admin actions are AdminActionTaken events: choose that type or clear it', {
      field: 'eventType',
    });
  }
  const type = q.adminActionsOnly ? 'AdminActionTaken' : q.eventType;
  const filter: EventFilter = { ...(type ? { type } : {}), ...(q.actorRole ? { actorRole: q.actorRole } : {}) };
  const filterKey = [q.aggregateType ?? '', q.aggregateId ?? '', type ?? '', q.actorRole ?? ''].join('|');
  const byAggregate = Boolean(q.aggregateType && q.aggregateId);
  const from = q.cursor ? decodeCursor(q.cursor, byAggregate, filterKey) : {};
  let records;
  let cursor: string | undefined;
  if (q.aggregateType && q.aggregateId) {
    const page = await aggregateEventsNewestFirst(
      deps,
      { type: q.aggregateType, id: q.aggregateId },
      { limit: q.limit, after: from.after, filter },
    );
    records = page.events;
    if (page.next) cursor = encodeCursor({ f: filterKey, s: page.next.sequence, i: page.next.id });
  } else {
    const page = await recentEventsNewestFirst(
      deps,
      {
        month: from.month ?? monthOf(deps.clock.now()),
        ...(from.after ? { after: from.after } : {}),
        ...(from.emptyMonths ? { emptyMonths: from.emptyMonths } : {}),
      },
      { limit: q.limit, filter, emptyMonthsToEnd: EMPTY_MONTHS_TO_END, maxMonths: MONTHS_PER_PAGE, maxQueries: QUERIES_PER_PAGE },
    );
    records = page.events;
    const next = page.next;
    if (next)
      cursor = encodeCursor({
        f: filterKey,
        m: next.month,
        ...(next.emptyMonths ? { e: next.emptyMonths } : {}),
        ...(next.after ? { s: next.after.sequence, i: next.after.id } : {}),
      });
  }
  const emails = await actorEmails(
    deps,
    records.flatMap((r) => (r.actorId ? [r.actorId] : [])),
  );
  return {
    entries: records.map((r) => {
      const email = r.actorId ? emails.get(r.actorId) : undefined;
      return { ...toDomainEvent(r), ...(email ? { actorEmail: email } : {}) };
    }),
    ...(cursor ? { cursor } : {}),
  };
}

/** Who the people in a page are (one read per person; a page names few). */
async function actorEmails(deps: Deps, userIds: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(userIds)];
  const profiles = await Promise.all(unique.map((id) => repo.userProfile(deps, id)));
  return new Map(profiles.flatMap((p) => (p?.email ? [[p.id, p.email] as const] : [])));
}
