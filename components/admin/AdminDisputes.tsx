'use client';

/**
 * The chargebacks queue: disputes by evidence due date (soonest first), their status in words, the time left to
 * respond, the booking, and a per-dispute evidence form (AdminDisputeEvidenceForm).
 */
import Link from 'next/link';
import { Fragment, useCallback, useEffect, useState } from 'react';
import { disputeOutcome, disputeReasonWords, disputeStatusWords, evidenceRefusal, timeLeftText } from '@/lib/domain/disputes';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/States';
import { AdminDisputeEvidenceForm } from './AdminDisputeEvidenceForm';
import { cents, refundApi } from './api';

export interface DisputeRow {
  id: string;
  bookingId: string;
  amountCents: number;
  currency: string;
  status: string;
  reason: string;
  evidenceDueBy: string;
  evidence?: Record<string, string>;
  evidenceSubmissionCount?: number;
  evidenceSubmittedAt?: string;
}

const when = (iso: string) => new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

function evidenceWords(d: DisputeRow): string {
  if (d.evidenceSubmittedAt) return `Submitted ${when(d.evidenceSubmittedAt)}`;
  if ((d.evidenceSubmissionCount ?? 0) > 0) return 'Submitted';
  return d.evidence && Object.keys(d.evidence).length > 0 ? 'Draft saved' : 'None yet';
}

export function AdminDisputes() {
  const [includeClosed, setIncludeClosed] = useState(false);
  const [rows, setRows] = useState<DisputeRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    refundApi<{ disputes: DisputeRow[] }>('ADMIN_LIST_DISPUTES', { includeClosed })
      .then((r) => setRows(r.disputes))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [includeClosed]);
  useEffect(() => {
    setRows(null);
    load();
  }, [load]);

  const now = new Date();
  return (
    <section aria-labelledby="disputes-heading">
      <h1 id="disputes-heading">Disputes</h1>
      <p>Chargebacks on booking payments, the soonest evidence deadline first. The booking&apos;s payout is frozen while a dispute is open.</p>
      <label>
        <input type="checkbox" checked={includeClosed} onChange={(e) => setIncludeClosed(e.target.checked)} /> Include won and lost
      </label>
      {notice ? <p role="status">{notice}</p> : null}
      {error ? (
        <ErrorState message={error} onRetry={load} />
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
                    <td>{cents(d.amountCents, d.currency)}</td>
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
                            setRows((current) => current?.map((r) => (r.id === saved.id ? { ...r, ...saved } : r)) ?? null);
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
