'use client';

/**
 * The open refund disputes (DISPUTE_REFUND) on the admin disputes page, a page at a time from the server: escalated
 * cases first (still open after the escalation time, with an "Escalated" badge), then the rest, oldest opened first; who contested, the amount in dispute and
 * what the case holds of the provider's payout, and the decision: approve (refunds the amount in dispute) or deny (closes
 * with a note); either releases what the case held.
 */
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { refundApi } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/http';
import type { RefundCaseRow } from '@/lib/http/refund-processor';
import { mediumDateTime, money } from '@/lib/client/format';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/States';
import { Pager } from './DataTable';
import { usePagedList } from './usePagedList';

const PARTY_WORDS: Record<RefundCaseRow['openedByRole'], string> = {
  CUSTOMER: 'Customer (wants more refunded)',
  PROVIDER: 'Provider (contests a refund given)',
};

function heldWords(c: RefundCaseRow): string {
  if (c.heldCents > 0) return `${money(c.heldCents, c.currency)} of the provider's payout`;
  return c.openedByRole === 'PROVIDER' ? 'Nothing (the refund already left)' : 'Nothing (the provider was already paid)';
}

/** Which open cases the desk shows (the URL's `cases` and `caseOrder`): escalated then open, or one state. */
export interface RefundCaseFilter {
  state?: 'ESCALATED' | 'OPEN' | undefined;
  order: 'oldest' | 'newest';
}

export function AdminRefundCases({ filter, onFilter }: { filter: RefundCaseFilter; onFilter: (f: RefundCaseFilter) => void }) {
  const [resolving, setResolving] = useState<string | null>(null);
  const { state, order } = filter;
  const { list, page, goTo } = usePagedList(`${state ?? ''}|${order}`, (cursor, signal) =>
    refundApi('ADMIN_LIST_REFUND_CASES', { ...(state ? { state } : {}), order, limit: 25, ...(cursor ? { cursor } : {}) }, { signal }),
  );
  const cases = list.loading ? undefined : list.data?.refundCases;
  return (
    <section aria-labelledby="refund-cases-heading">
      <h2 id="refund-cases-heading">Contested refunds</h2>
      <p>
        Refund decisions a customer or provider contests. A case holds only the amount in dispute, and only of the provider&apos;s payout
        not yet made; cases open too long are escalated and listed first.
      </p>
      <div className="list-filters">
        <div className="field">
          <label htmlFor="refund-case-state">Cases</label>
          <select
            id="refund-case-state"
            value={state ?? ''}
            onChange={(e) =>
              onFilter({ order, state: e.target.value === 'ESCALATED' || e.target.value === 'OPEN' ? e.target.value : undefined })
            }
          >
            <option value="">Escalated, then open</option>
            <option value="ESCALATED">Escalated only</option>
            <option value="OPEN">Not escalated only</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="refund-case-order">Opened</label>
          <select
            id="refund-case-order"
            value={order}
            onChange={(e) => onFilter({ state, order: e.target.value === 'newest' ? 'newest' : 'oldest' })}
          >
            <option value="oldest">Oldest first</option>
            <option value="newest">Newest first</option>
          </select>
        </div>
      </div>
      {list.error !== undefined ? (
        <ErrorState title="We couldn't load the contested refunds" message={errorMessage(list.error)} onRetry={list.reload} />
      ) : !cases ? (
        <LoadingState label="Loading the contested refunds…" />
      ) : cases.length === 0 ? (
        <EmptyState title={page > 0 ? 'No more contested refunds' : 'No contested refunds open'} />
      ) : (
        <div className="table-scroll" role="region" aria-label="Contested refunds" tabIndex={0}>
          <table className="data-table">
            <caption className="visually-hidden">Contested refunds</caption>
            <thead>
              <tr>
                <th scope="col">Opened</th>
                <th scope="col">State</th>
                <th scope="col">Contested by</th>
                <th scope="col">In dispute</th>
                <th scope="col">Held</th>
                <th scope="col">Reason</th>
                <th scope="col">Booking</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <Fragment key={c.bookingId}>
                  <tr data-refund-case={c.bookingId}>
                    <td>{mediumDateTime(c.openedAt)}</td>
                    <td>
                      {c.escalatedAt ? (
                        <span className="badge badge--danger" title={`Escalated ${mediumDateTime(c.escalatedAt)}`}>
                          Escalated
                        </span>
                      ) : (
                        <span className="badge badge--info">Open</span>
                      )}
                    </td>
                    <td>{PARTY_WORDS[c.openedByRole]}</td>
                    <td>{c.amountCents === null ? 'Not stated' : money(c.amountCents, c.currency)}</td>
                    <td>{heldWords(c)}</td>
                    <td>{c.reason}</td>
                    <td>
                      <Link href={`/admin/bookings/${encodeURIComponent(c.bookingId)}`}>{c.serviceTitle}</Link>
                      <div>{c.customerEmail}</div>
                    </td>
                    <td>
                      <button
                        type="button"
                        aria-expanded={resolving === c.bookingId}
                        onClick={() => setResolving(resolving === c.bookingId ? null : c.bookingId)}
                      >
                        {resolving === c.bookingId ? 'Close' : 'Decide'}
                      </button>
                    </td>
                  </tr>
                  {resolving === c.bookingId ? (
                    <tr>
                      <td colSpan={8}>
                        <ResolveForm
                          refundCase={c}
                          onResolved={() => {
                            setResolving(null);
                            list.reload();
                          }}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} nextCursor={list.loading ? undefined : list.data?.nextCursor} onPage={goTo} />
    </section>
  );
}

type Decision = 'APPROVE' | 'DENY';

/** The desk's decision: approve refunds the amount in dispute (a customer's case with an amount), deny closes with the note. */
function ResolveForm({ refundCase: c, onResolved }: { refundCase: RefundCaseRow; onResolved: () => void }) {
  const [resolution, setResolution] = useState('');
  const [busy, setBusy] = useState<Decision | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A double click approves (and refunds) once: the server derives the refund's request id from the case.
  const approvable = c.openedByRole === 'CUSTOMER' && c.amountCents !== null && c.amountCents > 0;
  const decide = async (decision: Decision) => {
    setBusy(decision);
    setError(null);
    try {
      await refundApi('ADMIN_RESOLVE_REFUND_DISPUTE', { bookingId: c.bookingId, resolution: resolution.trim(), decision });
      onResolved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  const ready = busy === null && resolution.trim().length >= 3;
  return (
    <form
      aria-label={`Decide the contested refund of booking ${c.bookingId}`}
      onSubmit={(e) => {
        e.preventDefault();
        void decide('DENY');
      }}
      style={{ display: 'grid', gap: 8, maxWidth: 520 }}
    >
      <p>
        {approvable
          ? `Approving refunds ${money(c.amountCents ?? 0, c.currency)} to the customer; denying closes the case with your note. `
          : 'Close the case with your note (refund on the booking page first if some money should go back). '}
        Either way {c.heldCents > 0 ? money(c.heldCents, c.currency) : 'nothing'} held of the provider&apos;s payout is released.
      </p>
      <label>
        Note
        <textarea required minLength={3} maxLength={500} value={resolution} onChange={(e) => setResolution(e.target.value)} />
      </label>
      <div style={{ display: 'flex', gap: 8 }}>
        {approvable ? (
          <button type="button" className="button" disabled={!ready} onClick={() => void decide('APPROVE')}>
            {busy === 'APPROVE' ? 'Refunding…' : `Approve: refund ${money(c.amountCents ?? 0, c.currency)}`}
          </button>
        ) : null}
        <button type="submit" className="button button--secondary" disabled={!ready}>
          {busy === 'DENY' ? 'Closing…' : 'Deny and close'}
        </button>
      </div>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}
