'use client';

/**
 * The disputes page: the open refund disputes (AdminRefundCases: escalated first), then the chargebacks queue: disputes
 * by evidence due date (soonest first, or latest), their status in words, the time left to respond, the booking, and a
 * per-dispute evidence form (AdminDisputeEvidenceForm). Both lists page on the server; their filters are the URL's.
 */
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { DISPUTE_STATUSES, type DisputeStatus } from '@/lib/domain/dispute-record';
import { disputeOutcome, disputeReasonWords, disputeStatusWords, evidenceRefusal, timeLeftText } from '@/lib/domain/disputes';
import type { DisputeRow } from '@/lib/client/admin-views';
import { refundApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/States';
import { AdminDisputeEvidenceForm } from './AdminDisputeEvidenceForm';
import { AdminRefundCases, type RefundCaseFilter } from './AdminRefundCases';
import { Pager } from './DataTable';
import { usePagedList } from './usePagedList';
import { useFilterPush } from './useUrlFilters';

const when = (iso: string) => new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

function evidenceWords(d: DisputeRow): string {
  if (d.evidenceSubmittedAt) return `Submitted ${when(d.evidenceSubmittedAt)}`;
  if ((d.evidenceSubmissionCount ?? 0) > 0) return 'Submitted';
  return d.evidence && Object.keys(d.evidence).length > 0 ? 'Draft saved' : 'None yet';
}

/** Which chargebacks: the open ones (default), every open and decided one, or one status. */
export type DisputeShown = 'open' | 'all' | DisputeStatus;
export interface DisputeFilter {
  shown: DisputeShown;
  order: 'soonest' | 'latest';
}

export function AdminDisputes({ filter, cases }: { filter: DisputeFilter; cases: RefundCaseFilter }) {
  const setFilters = useFilterPush({
    disputes: filter.shown === 'open' ? undefined : filter.shown,
    due: filter.order === 'soonest' ? undefined : filter.order,
    cases: cases.state,
    caseOrder: cases.order === 'oldest' ? undefined : cases.order,
  });
  const { shown, order } = filter;
  const { list, page, goTo } = usePagedList(`${shown}|${order}`, (cursor, signal) =>
    refundApi(
      'ADMIN_LIST_DISPUTES',
      {
        ...(shown === 'open' ? {} : shown === 'all' ? { includeClosed: true } : { status: shown }),
        order,
        limit: 25,
        ...(cursor ? { cursor } : {}),
      },
      { signal },
    ),
  );
  const rows = list.loading ? undefined : list.data?.disputes;
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const now = new Date();
  return (
    <section aria-labelledby="disputes-heading">
      <h1 id="disputes-heading">Disputes</h1>
      <AdminRefundCases
        filter={cases}
        onFilter={(c) => setFilters({ cases: c.state, caseOrder: c.order === 'oldest' ? undefined : c.order })}
      />
      <h2>Chargebacks</h2>
      <p>Chargebacks on booking payments by evidence deadline. The booking&apos;s payout is frozen while a dispute is open.</p>
      <div className="list-filters">
        <div className="field">
          <label htmlFor="dispute-shown">Show</label>
          <select
            id="dispute-shown"
            value={shown}
            onChange={(e) => setFilters({ disputes: e.target.value === 'open' ? undefined : e.target.value })}
          >
            <option value="open">Open disputes</option>
            <option value="all">Open, won and lost</option>
            {DISPUTE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {disputeStatusWords(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dispute-order">Evidence due</label>
          <select
            id="dispute-order"
            value={order}
            onChange={(e) => setFilters({ due: e.target.value === 'latest' ? 'latest' : undefined })}
          >
            <option value="soonest">Soonest first</option>
            <option value="latest">Latest first</option>
          </select>
        </div>
      </div>
      {notice ? <p role="status">{notice}</p> : null}
      {list.error !== undefined ? (
        <ErrorState title="We couldn't load the chargebacks" message={errorMessage(list.error)} onRetry={list.reload} />
      ) : !rows ? (
        <LoadingState label="Loading the chargebacks…" />
      ) : rows.length === 0 ? (
        <EmptyState title={page > 0 ? 'No more disputes' : shown === 'open' ? 'No open disputes' : 'No disputes'} />
      ) : (
        <div className="table-scroll" role="region" aria-label="Chargebacks" tabIndex={0}>
          <table className="data-table">
            <caption className="visually-hidden">Chargebacks</caption>
            <thead>
              <tr>
                <th scope="col">Evidence due</th>
                <th scope="col">Status</th>
                <th scope="col">Amount</th>
                <th scope="col">Reason</th>
                <th scope="col">Booking</th>
                <th scope="col">Evidence</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => {
                const open = disputeOutcome(d.status) === 'OPEN';
                const canRespond = evidenceRefusal(d.status, d.evidenceSubmissionCount ?? 0) === null && !d.evidenceSubmittedAt;
                return (
                  <Fragment key={d.id}>
                    <tr data-dispute-id={d.id}>
                      <td>
                        {when(d.evidenceDueBy)}
                        {open ? <div>{timeLeftText(d.evidenceDueBy, now)}</div> : null}
                      </td>
                      <td>{disputeStatusWords(d.status)}</td>
                      <td>{money(d.amountCents, d.currency)}</td>
                      <td>{disputeReasonWords(d.reason)}</td>
                      <td>
                        <Link href={`/admin/bookings/${encodeURIComponent(d.bookingId)}`}>View booking</Link>
                      </td>
                      <td>{evidenceWords(d)}</td>
                      <td>
                        {canRespond ? (
                          <button type="button" aria-expanded={openId === d.id} onClick={() => setOpenId(openId === d.id ? null : d.id)}>
                            {openId === d.id ? 'Close evidence form' : 'Respond with evidence'}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                    {openId === d.id && canRespond ? (
                      <tr>
                        <td colSpan={7}>
                          <AdminDisputeEvidenceForm
                            dispute={d}
                            onSaved={(saved, submitted) => {
                              if (submitted) {
                                setNotice(`Evidence submitted: the dispute is now ${disputeStatusWords(saved.status).toLowerCase()}.`);
                                setOpenId(null);
                              }
                              list.setData((current) => ({
                                ...current,
                                disputes: current.disputes.map((r) => (r.id === saved.id ? { ...r, ...saved } : r)),
                              }));
                            }}
                          />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} nextCursor={list.loading ? undefined : list.data?.nextCursor} onPage={goTo} />
    </section>
  );
}
