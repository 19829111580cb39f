'use client';

/**
 * The reconciliation page: what the daily comparison of our ledger with Stripe found (open, or resolved by a later
 * run), each with its Stripe object id, the ledger lines behind it and both amounts, in words; a page at a time,
 * the status and order in the URL.
 */
import { Fragment } from 'react';
import type { MismatchCategory, MismatchKind } from '@/lib/domain/reconciliation';
import type { ReconciliationMismatchView } from '@/lib/http/reconciliation';
import { refundApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { EmptyState } from '@/components/ui/States';
import { DataTable, Pager } from './DataTable';
import { usePagedList } from './usePagedList';
import { useFilterPush } from './useUrlFilters';

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

/** The list's filter, from the page's URL (`?status=RESOLVED&order=oldest`). */
export interface ReconciliationFilter {
  status: 'OPEN' | 'RESOLVED';
  order: 'newest' | 'oldest';
}

export function AdminReconciliation({ filter }: { filter: ReconciliationFilter }) {
  const { status, order } = filter;
  const setFilters = useFilterPush({ status: status === 'OPEN' ? undefined : status, order: order === 'newest' ? undefined : order });
  const { list, page, goTo } = usePagedList(`${status}|${order}`, (cursor, signal) =>
    refundApi('ADMIN_LIST_RECONCILIATION_MISMATCHES', { status, order, limit: 50, ...(cursor ? { cursor } : {}) }, { signal }),
  );
  const rows = list.loading ? undefined : list.data?.mismatches;
  return (
    <section aria-labelledby="reconciliation-heading">
      <h1 id="reconciliation-heading">Reconciliation with Stripe</h1>
      <p>
        Every day the payout run compares each booking&apos;s ledger with Stripe&apos;s charge, refunds, transfers, reversals and disputes,
        each provider&apos;s payouts with their Stripe account, and each credit balance with its history. What differs is listed here until
        a later run finds it put right.
      </p>
      <div className="list-filters">
        <div className="field">
          <label htmlFor="mismatch-status">Show</label>
          <select
            id="mismatch-status"
            value={status}
            onChange={(e) => setFilters({ status: e.target.value === 'RESOLVED' ? 'RESOLVED' : '' })}
          >
            <option value="OPEN">Open mismatches</option>
            <option value="RESOLVED">Resolved mismatches</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="mismatch-order">Order</label>
          <select id="mismatch-order" value={order} onChange={(e) => setFilters({ order: e.target.value === 'oldest' ? 'oldest' : '' })}>
            <option value="newest">Last seen, newest first</option>
            <option value="oldest">Last seen, oldest first</option>
          </select>
        </div>
      </div>
      {rows && rows.length === 0 && page === 0 ? (
        <EmptyState title={status === 'OPEN' ? 'Our books agree with Stripe' : 'No resolved mismatches yet'}>
          <p>
            {status === 'OPEN'
              ? 'The last reconciliation found no mismatch.'
              : 'Mismatches appear here once a later run finds them put right.'}
          </p>
        </EmptyState>
      ) : (
        <DataTable
          caption="Reconciliation mismatches"
          list={list}
          rows={rows}
          rowKey={(m) => m.key}
          empty="No more mismatches"
          headers={['What', 'Difference', 'Our ledger', 'Stripe', 'Account', 'Stripe object', 'Seen']}
          render={(m) => [
            CATEGORY_WORDS[m.category],
            KIND_WORDS[m.kind],
            <Fragment key="ledger">
              {amountWords(m.ledger)}
              {m.ledgerLineIds.length > 0 ? <div>lines: {m.ledgerLineIds.join(', ')}</div> : null}
            </Fragment>,
            m.category === 'CREDIT_BALANCE' ? `balance ${amountWords(m.actual)}` : amountWords(m.actual),
            m.account,
            m.stripeObjectId ?? '—',
            <Fragment key="seen">
              first {when(m.firstSeenAt)}, last {when(m.lastSeenAt)}
              {m.resolvedAt ? <div>resolved {when(m.resolvedAt)}</div> : null}
            </Fragment>,
          ]}
        />
      )}
      <Pager page={page} nextCursor={list.loading ? undefined : list.data?.nextCursor} onPage={goTo} />
    </section>
  );
}
