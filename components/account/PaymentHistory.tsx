'use client';

import Link from 'next/link';
import { connectApi } from '@/lib/client/api';
import { mediumDateTime, money } from '@/lib/client/format';
import type { PaymentView } from '@/lib/http/stripe-connect';
import { Loaded } from '@/components/ui/Loaded';
import { useLoad } from '@/components/ui/useLoad';

const STATUS: Record<PaymentView['status'], { label: string; tone: string }> = {
  pending: { label: 'Pending', tone: 'warning' },
  succeeded: { label: 'Paid', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  canceled: { label: 'Canceled', tone: 'neutral' },
};
const KIND: Record<PaymentView['kind'], string> = { BOOKING: 'Booking', CREDIT_PURCHASE: 'Credits', MEMBERSHIP: 'Membership' };

/** /account/payments: every payment of the customer, newest first, with receipts. */
export function PaymentHistory() {
  const load = useLoad((signal) => connectApi('LIST_PAYMENTS', {}, { signal }));
  return (
    <Loaded load={load} label="Loading your payments…">
      {({ payments }) =>
        payments.length === 0 ? (
          <p className="muted">No payments yet.</p>
        ) : (
          // Wider than a phone: the table scrolls inside its own region (focusable, so the keyboard can scroll it too).
          <div className="table-scroll" role="region" aria-label="Your payments" tabIndex={0}>
            <table className="summary">
              <caption className="visually-hidden">Your payments, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">For</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Status</th>
                  <th scope="col">Receipt</th>
                </tr>
              </thead>
              <tbody>
                {payments.map((p) => (
                  <tr key={p.id}>
                    <td>{mediumDateTime(p.createdAt)}</td>
                    <td>
                      {KIND[p.kind]}:{' '}
                      {p.bookingId ? <Link href={`/bookings/${encodeURIComponent(p.bookingId)}`}>{p.description}</Link> : p.description}
                      {p.failureMessage ? <span className="small muted"> ({p.failureMessage})</span> : null}
                    </td>
                    <td>{money(p.amountCents, p.currency)}</td>
                    <td>
                      <span className={`badge badge--${STATUS[p.status].tone}`}>{STATUS[p.status].label}</span>
                    </td>
                    <td>
                      {p.receiptUrl ? (
                        <a href={p.receiptUrl} target="_blank" rel="noreferrer">
                          View receipt<span className="visually-hidden"> (opens in a new tab)</span>
                        </a>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </Loaded>
  );
}
