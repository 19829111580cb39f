'use client';

import { useEffect, useId, useState, type FormEvent } from 'react';
import { exportAdminApi } from '@/lib/client/api';
import { mediumDateTime } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { EXPORT_KINDS, MAX_EXPORT_DAYS, type ExportKind } from '@/lib/domain/exports';
import type { ExportJobView } from '@/lib/http/exports';
import { TextField } from '@/components/ui/TextField';
import { ErrorAlert, Spinner } from '@/components/ui/States';
import { DataTable, Pager } from './DataTable';
import { usePagedList } from './usePagedList';

const KIND_WORDS: Record<ExportKind, string> = {
  bookings: 'Bookings',
  ledger: 'Ledger lines',
  payouts: 'Payouts',
  refunds: 'Refunds',
};

/** How often the list is read again while an export is being written. */
const POLL_MS = 1500;

export function exportStatusWords(e: ExportJobView): string {
  if (e.status === 'QUEUED') return 'Queued…';
  if (e.status === 'READY') return `Ready: ${e.rowCount ?? 0} ${e.rowCount === 1 ? 'row' : 'rows'}`;
  return `Failed: ${e.error ?? 'unknown reason'}`;
}

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * /admin/exports: ask for a CSV of bookings, ledger lines, payouts or refunds over UTC days; the file is written in
 * the background (the list is read again while one is queued) and downloaded through a link valid a few minutes.
 */
export function AdminExports() {
  const paged = usePagedList('exports', (cursor, signal) => exportAdminApi('ADMIN_LIST_EXPORTS', cursor ? { cursor } : {}, { signal }));
  const { list } = paged;
  const rows = list.data?.exports;
  const anyQueued = rows?.some((e) => e.status === 'QUEUED') ?? false;
  const [downloading, setDownloading] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  useEffect(() => {
    if (!anyQueued || list.loading) return;
    const timer = setTimeout(list.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [anyQueued, list.loading, list.reload]);

  const download = async (e: ExportJobView) => {
    setDownloading(e.id);
    setDownloadError(null);
    try {
      const link = await exportAdminApi('ADMIN_EXPORT_LINK', { exportId: e.id });
      // an attachment: the browser saves it and stays on this page
      window.location.assign(link.url);
    } catch (err) {
      setDownloadError(errorMessage(err));
    } finally {
      setDownloading(null);
    }
  };

  return (
    <section aria-labelledby="exports-heading">
      <h1 id="exports-heading">Exports</h1>
      <p>
        CSV files of bookings, ledger lines, payouts or refunds for a range of days (UTC, both included, at most {MAX_EXPORT_DAYS}). Every
        amount is in integer minor units and as a decimal, with its currency. Files are written in the background; a download link works for
        a few minutes, and exports are kept for 30 days.
      </p>
      <NewExportForm
        onRequested={() => {
          paged.goTo(0);
          list.reload();
        }}
      />
      <h2>Your exports</h2>
      <ErrorAlert message={downloadError} />
      <p className="visually-hidden" aria-live="polite">
        {anyQueued ? 'An export is being written.' : ''}
      </p>
      <DataTable
        caption="Exports"
        list={list}
        rows={rows}
        headers={['Requested', 'Kind', 'Days', 'Status', '']}
        rowKey={(e) => e.id}
        empty="No exports yet"
        render={(e) => [
          mediumDateTime(e.createdAt),
          KIND_WORDS[e.kind],
          e.from === e.to ? e.from : `${e.from} to ${e.to}`,
          exportStatusWords(e),
          e.status === 'READY' ? (
            <button
              type="button"
              className="button button--secondary"
              disabled={downloading !== null}
              onClick={() => void download(e)}
              aria-label={`Download ${e.fileName}`}
            >
              {downloading === e.id ? <Spinner small /> : 'Download'}
            </button>
          ) : null,
        ]}
      />
      <Pager page={paged.page} nextCursor={list.data?.nextCursor} onPage={paged.goTo} />
    </section>
  );
}

function NewExportForm({ onRequested }: { onRequested: () => void }) {
  const id = useId();
  const [kind, setKind] = useState<ExportKind>('ledger');
  const [from, setFrom] = useState(daysAgo(29));
  const [to, setTo] = useState(today());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [requested, setRequested] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setRequested(null);
    if (!from || !to) {
      setError('Choose the first and the last day.');
      return;
    }
    setBusy(true);
    try {
      const res = await exportAdminApi('ADMIN_REQUEST_EXPORT', { kind, from, to });
      setRequested(`Export of ${KIND_WORDS[res.export.kind].toLowerCase()} requested: it appears below when it is ready.`);
      onRequested();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-busy={busy} aria-labelledby={`${id}-title`} className="card">
      <h2 id={`${id}-title`}>New export</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>What</label>
          <select
            id={`${id}-kind`}
            className="select"
            value={kind}
            onChange={(e) => setKind(EXPORT_KINDS.find((k) => k === e.target.value) ?? 'ledger')}
          >
            {EXPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_WORDS[k]}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${id}-from`}
          label="First day (UTC)"
          name="from"
          type="date"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <TextField id={`${id}-to`} label="Last day (UTC)" name="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      <ErrorAlert message={error} />
      {requested ? (
        <p role="status" className="muted">
          {requested}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        {busy ? <Spinner small /> : 'Request export'}
      </button>
    </form>
  );
}
