'use client';

/**
 * The audit log in the admin area: the domain events newest first (ADMIN_AUDIT_LOG), a page at a time. The audit page
 * filters by aggregate, event type, actor role and to admin actions (the filter lives in the URL, so a filtered view can be linked); a
 * booking's page shows the same list for that booking (its History).
 */
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { Fragment, useId, useState, type FormEvent } from 'react';
import { ACTOR_ROLES, AGGREGATE_TYPES, DOMAIN_EVENT_TYPES, type AggregateType } from '@/lib/domain/events';
import { refundApi } from '@/lib/client/api';
import {
  actorWords,
  aggregateHref,
  aggregateWords,
  eventSummary,
  eventTime,
  eventTypeWords,
  timeZoneCaption,
  viewerTimeZone,
} from '@/lib/client/event-words';
import { DataTable, Pager } from './DataTable';
import { DayActivityPanel } from './DayActivity';
import { usePagedList } from './usePagedList';

export interface AuditFilter {
  aggregateType?: string | undefined;
  aggregateId?: string | undefined;
  adminActionsOnly?: boolean | undefined;
  eventType?: string | undefined;
  actorRole?: string | undefined;
}

const PAGE_SIZE = 25;

/**
 * One page of events for `filter` from the server, with the Pager. `aggregateShown: false` leaves out the aggregate
 * column (a booking's own history). `refreshKey` reloads from the newest page when it changes. A sparse filter over
 * everything may bring a short page (the server reads a bounded number of months per page): "Next page" reads on.
 */
export function AuditEventList({
  filter,
  label,
  empty,
  aggregateShown = true,
  refreshKey = 0,
}: {
  filter: AuditFilter;
  label: string;
  empty: string;
  aggregateShown?: boolean;
  refreshKey?: number;
}) {
  const aggregateType = AGGREGATE_TYPES.find((t) => t === filter.aggregateType);
  const aggregate: { aggregateType?: AggregateType; aggregateId?: string } =
    aggregateType && filter.aggregateId ? { aggregateType, aggregateId: filter.aggregateId } : {};
  const adminActionsOnly = filter.adminActionsOnly === true;
  const eventType = adminActionsOnly ? undefined : DOMAIN_EVENT_TYPES.find((t) => t === filter.eventType);
  const actorRole = ACTOR_ROLES.find((r) => r === filter.actorRole);
  const query = { ...aggregate, adminActionsOnly, ...(eventType ? { eventType } : {}), ...(actorRole ? { actorRole } : {}) };
  const { list, page, goTo } = usePagedList(`${JSON.stringify(query)}|${refreshKey}`, async (cursor, signal) => {
    const found = await refundApi('ADMIN_AUDIT_LOG', { ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }, { signal });
    return { entries: found.entries, ...(found.cursor ? { nextCursor: found.cursor } : {}) };
  });
  const zone = viewerTimeZone();
  const data = list.loading ? undefined : list.data;
  return (
    <div>
      <p className="muted small">{timeZoneCaption(zone)}</p>
      <DataTable
        caption={label}
        list={list}
        rows={data?.entries}
        rowKey={(e) => e.id}
        empty={page > 0 ? (data?.nextCursor ? 'No matching events in these months: read on with Next page' : 'No older events') : empty}
        headers={['Time', 'Event', ...(aggregateShown ? ['About'] : []), 'By', 'Details']}
        render={(e) => [
          <time key="t" dateTime={e.occurredAt} style={{ whiteSpace: 'nowrap' }}>
            {eventTime(e.occurredAt, zone)}
          </time>,
          eventTypeWords(e.type),
          ...(aggregateShown
            ? [
                <Fragment key="a">
                  {aggregateWords(e.aggregateType)} <Link href={aggregateHref(e.aggregateType, e.aggregateId)}>{e.aggregateId}</Link>
                </Fragment>,
              ]
            : []),
          actorWords(e),
          eventSummary(e),
        ]}
      />
      {data && data.entries.length === 0 && page === 0 && data.nextCursor ? (
        <p className="muted small">No matching events in the latest months read; older months may have some.</p>
      ) : null}
      <Pager page={page} nextCursor={data?.nextCursor} onPage={goTo} />
    </div>
  );
}

/** The audit page: the filter form (its values are the URL's) and the list. */
export function AdminAudit({ initial }: { initial: AuditFilter }) {
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const [aggregateType, setAggregateType] = useState(initial.aggregateType ?? '');
  const [aggregateId, setAggregateId] = useState(initial.aggregateId ?? '');
  const [adminActionsOnly, setAdminActionsOnly] = useState(initial.adminActionsOnly === true);
  const [eventType, setEventType] = useState(initial.eventType ?? '');
  const [actorRole, setActorRole] = useState(initial.actorRole ?? '');
  const [formError, setFormError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const idText = aggregateId.trim();
    if (Boolean(aggregateType) !== Boolean(idText)) {
      setFormError(aggregateType ? 'Enter the id of the record to show its events.' : 'Choose what kind of record this id is.');
      return;
    }
    setFormError(null);
    const params = new URLSearchParams({
      ...(aggregateType ? { aggregateType, aggregateId: idText } : {}),
      ...(adminActionsOnly ? { adminActionsOnly: 'true' } : eventType ? { eventType } : {}),
      ...(actorRole ? { actorRole } : {}),
    });
    router.push(params.size ? `${pathname}?${params.toString()}` : pathname);
  }

  const filtered = Boolean(initial.aggregateType && initial.aggregateId);
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h1 id={`${id}-heading`}>Audit log</h1>
      <p>Everything that happened, newest first: changes, money movements and admins&apos; actions with their reasons.</p>
      <DayActivityPanel />
      <form
        onSubmit={submit}
        aria-label="Filter events"
        style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'flex-end', marginBottom: 12 }}
      >
        <div className="field">
          <label htmlFor={`${id}-type`}>Record type</label>
          <select id={`${id}-type`} className="select" value={aggregateType} onChange={(e) => setAggregateType(e.target.value)}>
            <option value="">Any</option>
            {AGGREGATE_TYPES.map((t) => (
              <option key={t} value={t}>
                {aggregateWords(t)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-id`}>Record id</label>
          <input
            id={`${id}-id`}
            className="input"
            value={aggregateId}
            onChange={(e) => setAggregateId(e.target.value)}
            placeholder="e.g. a booking id"
            aria-invalid={formError ? true : undefined}
            aria-describedby={formError ? `${id}-error` : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-event`}>Event</label>
          <select
            id={`${id}-event`}
            className="select"
            value={adminActionsOnly ? '' : eventType}
            disabled={adminActionsOnly}
            onChange={(e) => setEventType(e.target.value)}
          >
            <option value="">Any</option>
            {DOMAIN_EVENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {eventTypeWords(t)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-actor`}>By</label>
          <select id={`${id}-actor`} className="select" value={actorRole} onChange={(e) => setActorRole(e.target.value)}>
            <option value="">Anyone</option>
            {ACTOR_ROLES.map((r) => (
              <option key={r} value={r}>
                {actorWords({ actor: { role: r } })}
              </option>
            ))}
          </select>
        </div>
        <label>
          <input type="checkbox" checked={adminActionsOnly} onChange={(e) => setAdminActionsOnly(e.target.checked)} /> Admin actions only
        </label>
        <button type="submit" className="button">
          Show events
        </button>
        {filtered || initial.adminActionsOnly || initial.eventType || initial.actorRole ? (
          <Link href={pathname}>Show all events</Link>
        ) : null}
        {formError ? (
          <p id={`${id}-error`} role="alert" className="field__error">
            {formError}
          </p>
        ) : null}
      </form>
      <AuditEventList
        filter={initial}
        label="Audit events"
        empty={
          filtered
            ? `No events for ${aggregateWords(initial.aggregateType ?? '').toLowerCase()} ${initial.aggregateId}${initial.adminActionsOnly ? ' by admins' : ''}`
            : initial.adminActionsOnly
              ? 'No admin actions yet'
              : initial.eventType || initial.actorRole
                ? 'No matching events'
                : 'No events yet'
        }
      />
    </section>
  );
}
