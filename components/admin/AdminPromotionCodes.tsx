'use client';

import { useId, useState, type FormEvent } from 'react';
import { SUPPORTED_CURRENCIES, type Currency } from '@/lib/domain/money';
import { promotionAdminApi } from '@/lib/client/api';
import { mediumDateTime, money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { PromotionCodeView } from '@/lib/http/promotions';
import { TextField } from '@/components/ui/TextField';
import { ErrorAlert, Spinner } from '@/components/ui/States';
import { DataTable, Pager } from './DataTable';
import { usePagedList } from './usePagedList';
import { useFilterPush } from './useUrlFilters';

const discountWords = (c: PromotionCodeView) =>
  c.discountKind === 'PERCENT' ? `${c.percentOff ?? 0}% off` : `${money(c.amountOffCents ?? 0, c.currency ?? 'usd')} off`;

/**
 * /admin/promotions: create promotion codes (percent or amount off, expiry, limit, first-time customers only), see
 * how often each was used (a page at a time, filtered by state, in the URL), and deactivate one. Bookings are discounted by the platform (its fee bears the discount);
 * memberships and credit packages by Stripe.
 */
/** The list's filter, from the page's URL (`?state=expired&order=oldest`). */
export interface PromotionCodesFilter {
  state?: 'active' | 'deactivated' | 'expired' | undefined;
  order: 'newest' | 'oldest';
}

const STATES = [
  ['active', 'Active'],
  ['deactivated', 'Deactivated'],
  ['expired', 'Expired'],
] as const;

const statusWords = (c: PromotionCodeView) =>
  !c.active ? 'Deactivated' : c.expiresAt && Date.parse(c.expiresAt) <= Date.now() ? 'Expired' : 'Active';

export function AdminPromotionCodes({ filter }: { filter: PromotionCodesFilter }) {
  const { state, order } = filter;
  const setFilters = useFilterPush({ state, order: order === 'newest' ? undefined : order });
  const { list, page, goTo } = usePagedList(`${state ?? ''}|${order}`, (cursor, signal) =>
    promotionAdminApi(
      'ADMIN_LIST_PROMOTION_CODES',
      { ...(state ? { state } : {}), order, limit: 50, ...(cursor ? { cursor } : {}) },
      { signal },
    ),
  );
  const [busyCode, setBusyCode] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);

  const deactivate = async (code: string) => {
    setBusyCode(code);
    setListError(null);
    try {
      await promotionAdminApi('ADMIN_DEACTIVATE_PROMOTION_CODE', { code });
      list.reload();
    } catch (err) {
      setListError(errorMessage(err));
    } finally {
      setBusyCode(null);
    }
  };

  return (
    <section aria-labelledby="promotions-heading">
      <h1 id="promotions-heading">Promotion codes</h1>
      <p>
        A code takes a percentage or an amount off a booking, a membership&apos;s first payment or a credit package, once per customer. On
        bookings the platform bears the discount, up to its 8% fee; the provider&apos;s share never changes.
      </p>
      <NewCodeForm onCreated={list.reload} />
      <h2>Codes</h2>
      <div className="list-filters">
        <div className="field">
          <label htmlFor="promotion-state">State</label>
          <select id="promotion-state" value={state ?? ''} onChange={(e) => setFilters({ state: e.target.value })}>
            <option value="">Any</option>
            {STATES.map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="promotion-order">Order</label>
          <select id="promotion-order" value={order} onChange={(e) => setFilters({ order: e.target.value === 'oldest' ? 'oldest' : '' })}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </div>
      </div>
      <ErrorAlert message={listError} />
      <DataTable
        caption="Promotion codes"
        list={list}
        rows={list.loading ? undefined : list.data?.promotionCodes}
        rowKey={(c) => c.code}
        empty={state ? 'No promotion codes in this state' : 'No promotion codes yet'}
        headers={['Code', 'Discount', 'Used', 'Expires', 'Who', 'Status', '']}
        render={(c) => [
          <span key="code" className="mono">
            {c.code}
          </span>,
          discountWords(c),
          `${c.redemptionCount}${c.maxRedemptions !== undefined ? ` of ${c.maxRedemptions}` : ''}`,
          c.expiresAt ? mediumDateTime(c.expiresAt) : 'Never',
          c.firstTimeOnly ? 'First-time customers' : 'Everyone',
          statusWords(c),
          c.active ? (
            <button
              key="deactivate"
              type="button"
              className="button button--secondary"
              disabled={busyCode !== null}
              onClick={() => void deactivate(c.code)}
              aria-label={`Deactivate ${c.code}`}
            >
              {busyCode === c.code ? <Spinner small /> : 'Deactivate'}
            </button>
          ) : null,
        ]}
      />
      <Pager page={page} nextCursor={list.loading ? undefined : list.data?.nextCursor} onPage={goTo} />
    </section>
  );
}

function NewCodeForm({ onCreated }: { onCreated: () => void }) {
  const id = useId();
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<'PERCENT' | 'AMOUNT'>('PERCENT');
  const [value, setValue] = useState('');
  const [currency, setCurrency] = useState<Currency>('usd');
  const [expires, setExpires] = useState('');
  const [limit, setLimit] = useState('');
  const [firstTimeOnly, setFirstTimeOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setCreated(null);
    const n = Number(value);
    if (!code.trim() || !value.trim() || !Number.isFinite(n)) {
      setError(kind === 'PERCENT' ? 'Enter a code and a whole percentage.' : 'Enter a code and an amount.');
      return;
    }
    setBusy(true);
    try {
      const res = await promotionAdminApi('ADMIN_CREATE_PROMOTION_CODE', {
        code: code.trim(),
        ...(kind === 'PERCENT' ? { percentOff: Math.round(n) } : { amountOffCents: Math.round(n * 100), currency }),
        ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}),
        ...(limit.trim() ? { maxRedemptions: Number(limit) } : {}),
        firstTimeOnly,
      });
      setCreated(`Created ${res.promotionCode.code}: ${discountWords(res.promotionCode)}.`);
      setCode('');
      setValue('');
      setLimit('');
      setExpires('');
      onCreated();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-busy={busy} aria-labelledby={`${id}-title`} className="card">
      <h2 id={`${id}-title`}>New code</h2>
      <div className="field-row">
        <TextField id={`${id}-code`} label="Code" name="code" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
        <div className="field">
          <label htmlFor={`${id}-kind`}>Discount</label>
          <select
            id={`${id}-kind`}
            className="select"
            value={kind}
            onChange={(e) => setKind(e.target.value === 'AMOUNT' ? 'AMOUNT' : 'PERCENT')}
          >
            <option value="PERCENT">Percent off</option>
            <option value="AMOUNT">Amount off</option>
          </select>
        </div>
        <TextField
          id={`${id}-value`}
          label={kind === 'PERCENT' ? 'Percent' : 'Amount'}
          name="value"
          inputMode="decimal"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        {kind === 'AMOUNT' ? (
          <div className="field">
            <label htmlFor={`${id}-currency`}>Currency</label>
            <select
              id={`${id}-currency`}
              className="select"
              value={currency}
              onChange={(e) => setCurrency(SUPPORTED_CURRENCIES.find((c) => c === e.target.value) ?? 'usd')}
            >
              {SUPPORTED_CURRENCIES.map((c) => (
                <option key={c} value={c}>
                  {c.toUpperCase()}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <div className="field-row">
        <TextField
          id={`${id}-expires`}
          label="Expires (optional)"
          name="expires"
          type="datetime-local"
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
        />
        <TextField
          id={`${id}-limit`}
          label="Redemption limit (optional)"
          name="limit"
          inputMode="numeric"
          value={limit}
          onChange={(e) => setLimit(e.target.value)}
        />
      </div>
      <div className="field">
        <label>
          <input type="checkbox" name="firstTimeOnly" checked={firstTimeOnly} onChange={(e) => setFirstTimeOnly(e.target.checked)} />{' '}
          First-time customers only
        </label>
      </div>
      <ErrorAlert message={error} />
      {created ? (
        <p className="alert alert--success" role="status">
          {created}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        {busy ? (
          <>
            <Spinner small /> Creating…
          </>
        ) : (
          'Create code'
        )}
      </button>
    </form>
  );
}
