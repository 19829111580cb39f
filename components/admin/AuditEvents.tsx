'use client';

/**
 * The audit log in the admin area: the domain events newest first (ADMIN_AUDIT_LOG), a page at a time. The audit page
 * filters by aggregate and to admin actions (the filter lives in the URL, so a filtered view can be linked); a
 * booking's page shows the same list for that booking (its History).
 */
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { AGGREGATE_TYPES, type AggregateType } from '@/lib/domain/events';
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
import { errorMessage } from '@/lib/client/http';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { DayActivityPanel } from './DayActivity';

export interface AuditFilter {
  aggregateType?: string | undefined;
  aggregateId?: string | undefined;
  adminActionsOnly?: boolean | undefined;
}

const PAGE_SIZE = 25;

/**
 * One page of events for `filter`, with Older / Newer. `aggregateShown: false` leaves out the aggregate column (a
 * booking's own history). `refreshKey` reloads from the newest page when it changes.
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
  const query = JSON.stringify({ ...aggregate, adminActionsOnly });
  // Which page is shown: the cursors of the pages before it (the first page has none) and its own. Paging belongs to
  // one filter and one refresh: a new one starts from the newest page.
  const pagingKey = `${query}|${refreshKey}`;
  const [paging, setPaging] = useState<{ key: string; previous: (string | undefined)[]; cursor?: string | undefined }>({
    key: pagingKey,
    previous: [],
  });
  const { previous, cursor } = paging.key === pagingKey ? paging : { previous: [], cursor: undefined };
  const load = useLoad(
    (signal) =>
      refundApi('ADMIN_AUDIT_LOG', { ...aggregate, adminActionsOnly, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }, { signal }),
    `${pagingKey}|${cursor ?? ''}`,
  );
  const page = load.loading ? undefined : load.data;

  if (load.error !== undefined)
    return <ErrorState title="Could not load the events" message={errorMessage(load.error)} onRetry={load.reload} />;
  if (!page) return <LoadingState label="Loading events…" />;
  const zone = viewerTimeZone();
  return (
    <div>
      {page.entries.length === 0 ? (
        <EmptyState title={cursor ? 'No older events' : empty} />
      ) : (
        <table aria-label={label}>
          <caption className="small">{timeZoneCaption(zone)}</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              {aggregateShown ? <th scope="col">About</th> : null}
              <th scope="col">By</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {page.entries.map((e) => (
              <tr key={e.id}>
                <td style={{ whiteSpace: 'nowrap' }}>
                  <time dateTime={e.occurredAt}>{eventTime(e.occurredAt, zone)}</time>
                </td>
                <td>{eventTypeWords(e.type)}</td>
                {aggregateShown ? (
                  <td>
                    {aggregateWords(e.aggregateType)} <Link href={aggregateHref(e.aggregateType, e.aggregateId)}>{e.aggregateId}</Link>
                  </td>
                ) : null}
                <td>{actorWords(e)}</td>
                <td>{eventSummary(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label={`${label} pages`} style={{ display: 'flex', gap: 8, marginTop: 8 }}>
        {previous.length > 0 ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setPaging({ key: pagingKey, previous: previous.slice(0, -1), cursor: previous.at(-1) })}
          >
            Newer
          </button>
        ) : null}
        {page.cursor ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setPaging({ key: pagingKey, previous: [...previous, cursor], cursor: page.cursor })}
          >
            Older
          </button>
        ) : null}
      </nav>
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
      ...(adminActionsOnly ? { adminActionsOnly: 'true' } : {}),
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
        <label>
          <input type="checkbox" checked={adminActionsOnly} onChange={(e) => setAdminActionsOnly(e.target.checked)} /> Admin actions only
        </label>
        <button type="submit" className="button">
          Show events
        </button>
        {filtered || initial.adminActionsOnly ? <Link href={pathname}>Show all events</Link> : null}
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
              : 'No events yet'
        }
      />
    </section>
  );
}
