'use client';

/**
 * The open refund disputes (DISPUTE_REFUND) on the admin disputes page: escalated cases first (still open after the
 * escalation time, with an "Escalated" badge), then the rest, oldest first; who contested, the amount in dispute and
 * what the case holds of the provider's payout. Resolving is done on the booking.
 */
import Link from 'next/link';
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

export function AdminRefundCases({ cases }: { cases: RefundCaseRow[] }) {
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
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.bookingId} data-refund-case={c.bookingId}>
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
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
