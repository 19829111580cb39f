'use client';

/**
 * The open refund disputes (DISPUTE_REFUND) on the admin disputes page: escalated cases first (still open after the
 * escalation time, with an "Escalated" badge), then the rest, oldest first; who contested, the amount in dispute and
 * what the case holds of the provider's payout, and resolving it (refund more on the booking's page first if that is the
 * decision; resolving releases what the case held).
 */
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { refundApi } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/http';
import type { RefundCaseRow } from '@/lib/http/refund-processor';
import { mediumDateTime, money } from '@/lib/client/format';
import { EmptyState } from '@/components/ui/States';

const PARTY_WORDS: Record<RefundCaseRow['openedByRole'], string> = {
  CUSTOMER: 'Customer (wants more refunded)',
  PROVIDER: 'Provider (contests a refund given)',
};

function heldWords(c: RefundCaseRow): string {
  if (c.heldCents > 0) return `${money(c.heldCents, c.currency)} of the provider's payout`;
  return c.openedByRole === 'PROVIDER' ? 'Nothing (the refund already left)' : 'Nothing (the provider was already paid)';
}

export function AdminRefundCases({ cases, onResolved }: { cases: RefundCaseRow[]; onResolved: () => void }) {
  const [resolving, setResolving] = useState<string | null>(null);
  return (
    <section aria-labelledby="refund-cases-heading">
      <h2 id="refund-cases-heading">Contested refunds</h2>
      <p>
        Refund decisions a customer or provider contests. A case holds only the amount in dispute, and only of the provider&apos;s payout
        not yet made; cases open too long are escalated and listed first.
      </p>
      {cases.length === 0 ? (
        <EmptyState title="No contested refunds open" />
      ) : (
        <table>
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
                      {resolving === c.bookingId ? 'Close' : 'Resolve'}
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
                          onResolved();
                        }}
                      />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ResolveForm({ refundCase: c, onResolved }: { refundCase: RefundCaseRow; onResolved: () => void }) {
  const [resolution, setResolution] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await refundApi('ADMIN_RESOLVE_REFUND_DISPUTE', { bookingId: c.bookingId, resolution: resolution.trim() });
      onResolved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      aria-label={`Resolve the contested refund of booking ${c.bookingId}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      style={{ display: 'grid', gap: 8, maxWidth: 520 }}
    >
      <p>
        Refund more on the <Link href={`/admin/bookings/${encodeURIComponent(c.bookingId)}`}>booking&apos;s page</Link> first if that is the
        decision. Resolving releases {c.heldCents > 0 ? money(c.heldCents, c.currency) : 'nothing'} held of the provider&apos;s payout.
      </p>
      <label>
        Decision
        <textarea required minLength={3} maxLength={500} value={resolution} onChange={(e) => setResolution(e.target.value)} />
      </label>
      <button type="submit" disabled={busy || resolution.trim().length < 3}>
        {busy ? 'Resolving…' : 'Resolve the case'}
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}
