'use client';

/**
 * The reconciliation page: what the daily comparison of our ledger with Stripe found (open, or resolved by a later
 * run), each with its Stripe object id, the ledger lines behind it and both amounts, in words.
 */
import { useState } from 'react';
import type { MismatchCategory, MismatchKind } from '@/lib/domain/reconciliation';
import type { ReconciliationMismatchView } from '@/lib/http/reconciliation';
import { refundApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

const CATEGORY_WORDS: Record<MismatchCategory, string> = {
  CHARGE: 'Charge',
  REFUND: 'Refund',
  APPLICATION_FEE_REFUND: 'Application fee refund',
  TRANSFER: 'Transfer to the provider',
  TRANSFER_REVERSAL: 'Transfer reversal',
  PAYOUT: 'Payout to the provider’s bank',
  DISPUTE: 'Chargeback',
  CREDIT_BALANCE: 'Credit balance',
};

const KIND_WORDS: Record<MismatchKind, string> = {
  MISSING_IN_STRIPE: 'In our ledger, not at Stripe',
  MISSING_IN_LEDGER: 'At Stripe, not in our ledger',
  AMOUNT_DIFFERS: 'Amounts differ',
  CURRENCY_DIFFERS: 'Currencies differ',
};

const when = (iso: string) => new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

function amountWords(a: ReconciliationMismatchView['ledger']): string {
  if (!a) return 'nothing';
  return a.currency === 'credits' ? `${a.amountMinor.toLocaleString('en-US')} credits` : money(a.amountMinor, a.currency);
}

export function AdminReconciliation() {
  const [status, setStatus] = useState<'OPEN' | 'RESOLVED'>('OPEN');
  const list = useLoad((signal) => refundApi('ADMIN_LIST_RECONCILIATION_MISMATCHES', { status }, { signal }), status);
  const rows = list.data?.mismatches;
  return (
    <section aria-labelledby="reconciliation-heading">
      <h1 id="reconciliation-heading">Reconciliation with Stripe</h1>
      <p>
        Every day the payout run compares each booking&apos;s ledger with Stripe&apos;s charge, refunds, transfers, reversals and disputes,
        each provider&apos;s payouts with their Stripe account, and each credit balance with its history. What differs is listed here until
        a later run finds it put right.
      </p>
      <label>
        Show{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value === 'RESOLVED' ? 'RESOLVED' : 'OPEN')}>
          <option value="OPEN">Open mismatches</option>
          <option value="RESOLVED">Resolved mismatches</option>
        </select>
      </label>
      {list.error !== undefined ? (
        <ErrorState message={`The mismatches could not be loaded: ${errorMessage(list.error)}`} onRetry={list.reload} />
      ) : !rows ? (
        <LoadingState label="Loading the reconciliation…" />
      ) : rows.length === 0 ? (
        <EmptyState title={status === 'OPEN' ? 'Our books agree with Stripe' : 'No resolved mismatches yet'}>
          <p>
            {status === 'OPEN'
              ? 'The last reconciliation found no mismatch.'
              : 'Mismatches appear here once a later run finds them put right.'}
          </p>
        </EmptyState>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Difference</th>
              <th scope="col">Our ledger</th>
              <th scope="col">Stripe</th>
              <th scope="col">Account</th>
              <th scope="col">Stripe object</th>
              <th scope="col">Seen</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.key} data-mismatch-key={m.key}>
                <td>{CATEGORY_WORDS[m.category]}</td>
                <td>{KIND_WORDS[m.kind]}</td>
                <td>
                  {amountWords(m.ledger)}
                  {m.ledgerLineIds.length > 0 ? <div>lines: {m.ledgerLineIds.join(', ')}</div> : null}
                </td>
                <td>{m.category === 'CREDIT_BALANCE' ? `balance ${amountWords(m.actual)}` : amountWords(m.actual)}</td>
                <td>{m.account}</td>
                <td>{m.stripeObjectId ?? '—'}</td>
                <td>
                  first {when(m.firstSeenAt)}, last {when(m.lastSeenAt)}
                  {m.resolvedAt ? <div>resolved {when(m.resolvedAt)}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
