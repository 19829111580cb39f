'use client';

/**
 * The disputes page: the open refund disputes (AdminRefundCases: escalated first), then the chargebacks queue: disputes
 * by evidence due date (soonest first), their status in words, the time left to respond, the booking, and a
 * per-dispute evidence form (AdminDisputeEvidenceForm).
 */
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { disputeOutcome, disputeReasonWords, disputeStatusWords, evidenceRefusal, timeLeftText } from '@/lib/domain/disputes';
import type { DisputeRow } from '@/lib/client/admin-views';
import { refundApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { AdminDisputeEvidenceForm } from './AdminDisputeEvidenceForm';
import { AdminRefundCases } from './AdminRefundCases';

const when = (iso: string) => new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

function evidenceWords(d: DisputeRow): string {
  if (d.evidenceSubmittedAt) return `Submitted ${when(d.evidenceSubmittedAt)}`;
  if ((d.evidenceSubmissionCount ?? 0) > 0) return 'Submitted';
  return d.evidence && Object.keys(d.evidence).length > 0 ? 'Draft saved' : 'None yet';
}

export function AdminDisputes() {
  const [includeClosed, setIncludeClosed] = useState(false);
  const list = useLoad((signal) => refundApi('ADMIN_LIST_DISPUTES', { includeClosed }, { signal }), String(includeClosed));
  const rows = list.data?.disputes;
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const now = new Date();
  return (
    <section aria-labelledby="disputes-heading">
      <h1 id="disputes-heading">Disputes</h1>
      {list.data ? <AdminRefundCases cases={list.data.refundCases} onResolved={list.reload} /> : null}
      <h2>Chargebacks</h2>
      <p>
        Chargebacks on booking payments, the soonest evidence deadline first. The booking&apos;s payout is frozen while a dispute is open.
      </p>
      <label>
        <input type="checkbox" checked={includeClosed} onChange={(e) => setIncludeClosed(e.target.checked)} /> Include won and lost
      </label>
      {notice ? <p role="status">{notice}</p> : null}
      {list.error !== undefined ? (
        <ErrorState message={errorMessage(list.error)} onRetry={list.reload} />
      ) : !rows ? (
        <LoadingState label="Loading disputes…" />
      ) : rows.length === 0 ? (
        <EmptyState title={includeClosed ? 'No disputes' : 'No open disputes'} />
      ) : (
        <table>
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
      )}
    </section>
  );
}
