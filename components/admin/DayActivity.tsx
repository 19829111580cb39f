'use client';

/**
 * A day's activity at a glance (ADMIN_ACTIVITY): how many events of each kind happened today (UTC), as labelled bars
 * with their numbers. The counts come from the tally consumer, so they trail the events by a second or so.
 */
import { useId } from 'react';
import { refundApi } from '@/lib/client/api';
import { eventTypeWords } from '@/lib/client/event-words';
import { errorMessage } from '@/lib/client/http';
import { ErrorState, LoadingState } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

/** The kinds shown; the rest are summed into one line so the panel stays short. */
const SHOWN = 8;

export function DayActivityPanel() {
  const id = useId();
  const load = useLoad((signal) => refundApi('ADMIN_ACTIVITY', {}, { signal }));
  const activity = load.data;

  if (load.error !== undefined)
    return <ErrorState title="Could not load today's activity" message={errorMessage(load.error)} onRetry={load.reload} />;
  if (!activity) return <LoadingState label="Loading today's activity…" />;

  const shown = activity.counts.slice(0, SHOWN);
  const others = activity.counts.slice(SHOWN).reduce((sum, c) => sum + c.count, 0);
  const largest = Math.max(1, ...shown.map((c) => c.count), others);
  const rows = others > 0 ? [...shown, { eventType: 'other', count: others }] : shown;
  return (
    <section aria-labelledby={`${id}-heading`} className="card" style={{ marginBottom: 16 }}>
      <h2 id={`${id}-heading`}>Today&apos;s activity</h2>
      <p className="muted">
        {activity.total === 0
          ? `Nothing has happened yet on ${activity.day} (UTC).`
          : `${activity.total} event${activity.total === 1 ? '' : 's'} on ${activity.day} (UTC).`}
      </p>
      {rows.length > 0 ? (
        <table aria-label={`Events on ${activity.day} by kind`} style={{ width: '100%', borderCollapse: 'collapse' }}>
          <tbody>
            {rows.map((row) => (
              <tr key={row.eventType}>
                <th scope="row" style={{ textAlign: 'left', fontWeight: 'normal', padding: '2px 8px 2px 0', whiteSpace: 'nowrap' }}>
                  {row.eventType === 'other' ? 'Everything else' : eventTypeWords(row.eventType)}
                </th>
                <td style={{ width: '100%', padding: '2px 0' }}>
                  <div
                    aria-hidden="true"
                    style={{
                      height: 10,
                      borderRadius: 4,
                      background: 'var(--color-brand)',
                      width: `${Math.max(2, (row.count / largest) * 100)}%`,
                    }}
                  />
                </td>
                <td style={{ textAlign: 'right', paddingLeft: 8, fontVariantNumeric: 'tabular-nums' }}>{row.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
