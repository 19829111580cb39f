/**
 * CSV exports end to end on the local stack: an admin requests a ledger and a bookings export of today after two paid
 * bookings and a partial refund; the exports consumer (on the event stream) writes the files; each CSV line agrees to
 * the cent with the stored ledger lines / bookings; the signed route serves the file and refuses expired or tampered
 * links; a redelivered or concurrently delivered ExportRequested writes one file and one READY job; non-admins and
 * bad ranges are refused.
 */
import { readdir } from 'node:fs/promises';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJob } from '../../../lib/data/export-jobs';
import { toDomainEvent } from '../../../lib/data/outbox';
import type { BookingRecord, TransactionRecord } from '../../../lib/data/records';
import { minorToDecimal } from '../../../lib/domain/exports';
import type { ExportJobView, ExportResponses } from '../../../lib/http/exports';
import { exportsFolder, signExportLink } from '../../../lib/local/export-store';
import { localEnv } from '../../../lib/local/runtime';
import { exportDownload } from '../../../lib/server/export-route';
import { consumeEvent, consumerNamed } from '../../../lib/services/event-consumers';
import { eventsOfAggregate } from '../support/events';
import { startTestStack, type TestStack } from '../support/local-stack';
import { parseCsv } from '../../setup/csv';
import { CLEANING, paidBooking, refundCall, tokens } from '../refunds/support';

let stack: TestStack;
let t: ReturnType<typeof tokens>;
let linkSecret: string;
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startTestStack('admin-exports');
  t = tokens(stack);
  // the route reads the installation's secret from the environment: this stack's, derived as the app derives it
  linkSecret = localEnv({ LOCAL_SESSION_SECRET: stack.sessionSecret, STRIPE_WEBHOOK_SECRET: 'whsec_unused' }).EXPORT_LINK_SECRET;
  process.env.EXPORT_LINK_SECRET = linkSecret;
  const portrait = await paidBooking(stack);
  await paidBooking(stack, CLEANING);
  const refunded = await refundCall(
    stack,
    'PROCESS_REFUND',
    { bookingId: portrait.id, refundAmount: 2_501, reason: 'partial', requestId: 'req-exports' },
    t.admin,
  );
  expect(refunded.status).toBe(200);
}, 120_000);
afterAll(async () => stack?.close());

const call = <A extends keyof ExportResponses>(action: A, payload: object, token = t.admin) =>
  refundCall<ExportResponses[A] & { code?: string; error?: string }>(stack, action, payload, token);

const asObjects = (rows: string[][]) => rows.slice(1).map((r) => Object.fromEntries(rows[0]!.map((h, i) => [h, r[i] ?? ''])));

async function requestReady(kind: string): Promise<ExportJobView> {
  const res = await call('ADMIN_REQUEST_EXPORT', { kind, from: today(), to: today() });
  expect(res.status).toBe(200);
  expect(res.body.export).toMatchObject({ kind, status: 'QUEUED' });
  await stack.events.drained();
  const job = await exportJob(stack.deps, res.body.export.id);
  expect(job?.status, job?.error).toBe('READY');
  const listed = await call('ADMIN_LIST_EXPORTS', {});
  const view = listed.body.exports.find((e) => e.id === res.body.export.id)!;
  expect(view).toMatchObject({ status: 'READY', rowCount: job!.rowCount, bytes: job!.bytes });
  return view;
}

/** Downloads through ADMIN_EXPORT_LINK and the app's route, as the browser does. */
async function download(exportId: string): Promise<{ res: Response; text: string }> {
  const link = await call('ADMIN_EXPORT_LINK', { exportId });
  expect(link.status).toBe(200);
  expect(Date.parse(link.body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
  const res = await exportDownload(new Request(`http://localhost${link.body.url}`), exportId);
  return { res, text: await res.text() };
}

async function scan<T>(table: string): Promise<T[]> {
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await stack.deps.db.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey }));
    items.push(...((out.Items ?? []) as T[]));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

describe('CSV exports', () => {
  it('a ledger export of today holds every ledger line of today, each to the cent with its currency', async () => {
    const job = await requestReady('ledger');
    const { res, text } = await download(job.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="ledger-${today()}-to-${today()}.csv"`);
    const rows = asObjects(parseCsv(text));
    const ledger = (await scan<TransactionRecord>(stack.tables.Transaction)).filter((l) => l.createdAt.startsWith(today()));
    expect(ledger.length).toBeGreaterThanOrEqual(8);
    expect(rows).toHaveLength(ledger.length);
    expect(job.rowCount).toBe(ledger.length);
    for (const line of ledger) {
      const row = rows.find((r) => r.line_id === line.id);
      expect(row, line.id).toMatchObject({
        type: line.type,
        account: line.bookingId,
        amount_minor: String(line.amountCents),
        amount: minorToDecimal(line.amountCents, line.currency),
        currency: line.currency,
        created_at: line.createdAt,
      });
      expect(Number(row!.amount) * 100).toBeCloseTo(line.amountCents, 6);
    }
    // the refund of $25.01 is there to the cent, with its fee part
    expect(rows.filter((r) => r.type === 'REFUND').map((r) => r.amount)).toEqual(['25.01']);
    expect(rows.filter((r) => r.type === 'FEE_REFUND').map((r) => r.amount)).toEqual(['2.00']);
    const sum = (type: string) => rows.filter((r) => r.type === type).reduce((s, r) => s + Number(r.amount_minor), 0);
    expect(sum('CHARGE')).toBe(ledger.filter((l) => l.type === 'CHARGE').reduce((s, l) => s + l.amountCents, 0));
  });

  it('a bookings export of today lists the bookings made today with their amounts', async () => {
    const job = await requestReady('bookings');
    const { text } = await download(job.id);
    const rows = asObjects(parseCsv(text));
    const bookings = (await scan<BookingRecord>(stack.tables.Booking)).filter((b) => b.createdAt.startsWith(today()));
    expect(rows.map((r) => r.booking_id).sort()).toEqual(bookings.map((b) => b.id).sort());
    for (const b of bookings) {
      expect(rows.find((r) => r.booking_id === b.id)).toMatchObject({
        status: b.status,
        total_minor: String(b.totalAmountCents),
        total: minorToDecimal(b.totalAmountCents, b.currency),
        platform_fee: minorToDecimal(b.platformFeeCents, b.currency),
        provider_earnings: minorToDecimal(b.providerEarningsCents, b.currency),
        currency: b.currency,
      });
    }
  });

  it('a refunds export holds only the refund lines; a range with nothing is the header alone', async () => {
    const refunds = asObjects(parseCsv((await download((await requestReady('refunds')).id)).text));
    expect(refunds.map((r) => r.type).sort()).toEqual(['FEE_REFUND', 'REFUND']);
    const res = await call('ADMIN_REQUEST_EXPORT', { kind: 'payouts', from: '2020-01-01', to: '2020-12-31' });
    await stack.events.drained();
    const job = await exportJob(stack.deps, res.body.export.id);
    expect(job).toMatchObject({ status: 'READY', rowCount: 0 });
    expect(parseCsv((await download(job!.id)).text)).toHaveLength(1);
  });

  it('a redelivered ExportRequested changes nothing; concurrent deliveries of a new one write one file, one READY job', async () => {
    const done = await requestReady('refunds');
    const before = await exportJob(stack.deps, done.id);
    const [stored] = await eventsOfAggregate(stack.deps, 'Export', done.id);
    const exportsConsumer = consumerNamed('exports')!;
    expect(await consumeEvent(stack.deps, exportsConsumer, toDomainEvent(stored!))).toBe('duplicate');
    expect(await exportJob(stack.deps, done.id)).toEqual(before);

    const fresh = await call('ADMIN_REQUEST_EXPORT', { kind: 'ledger', from: today(), to: today() });
    const [event] = await eventsOfAggregate(stack.deps, 'Export', fresh.body.export.id);
    const outcomes = await Promise.all([1, 2, 3].map(() => consumeEvent(stack.deps, exportsConsumer, toDomainEvent(event!))));
    await stack.events.drained();
    expect(outcomes.filter((o) => o === 'applied').length).toBeLessThanOrEqual(1);
    expect(outcomes.filter((o) => o !== 'applied').every((o) => o === 'duplicate')).toBe(true);
    expect(await exportJob(stack.deps, fresh.body.export.id)).toMatchObject({ status: 'READY', rowCount: expect.any(Number) });
    // one file, no temporary file left behind by the deliveries that lost
    const files = (await readdir(exportsFolder())).filter((f) => f.startsWith(fresh.body.export.id));
    expect(files).toEqual([`${fresh.body.export.id}.csv`]);
    expect(await consumeEvent(stack.deps, exportsConsumer, toDomainEvent(event!))).toBe('duplicate');
  });

  it('the route refuses an expired or tampered link with a 403, and a made-up export with a 404', async () => {
    const job = await requestReady('payouts');
    const name = job.fileName;
    const past = Math.floor(Date.now() / 1000) - 1;
    const get = (query: string) => exportDownload(new Request(`http://localhost/api/exports/${job.id}?${query}`), job.id);
    const expired = await get(signExportLink(linkSecret, job.id, past, name));
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({
      code: 'FORBIDDEN',
      error: expect.stringContaining('expired'),
      details: { exportId: job.id },
    });
    const later = Math.floor(Date.now() / 1000) + 300;
    const good = new URLSearchParams(signExportLink(linkSecret, job.id, later, name));
    good.set('expires', String(later + 86_400));
    expect((await get(good.toString())).status).toBe(403);
    const forged = await get(signExportLink('not-this-installation-secret', job.id, later, name));
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: 'FORBIDDEN', error: 'This download link is not valid' });
    expect((await get('')).status).toBe(403);
    const made = 'exp_neverrequested0';
    const missing = await exportDownload(
      new Request(`http://localhost/api/exports/${made}?${signExportLink(linkSecret, made, later, 'x.csv')}`),
      made,
    );
    expect(missing.status).toBe(404);
  });

  it('refuses non-admins, bad ranges and kinds (400, nothing written), and links to exports not ready or unknown', async () => {
    for (const token of [t.customer, t.provider, t.stranger]) {
      expect((await call('ADMIN_REQUEST_EXPORT', { kind: 'ledger', from: today(), to: today() }, token)).status).toBe(403);
      expect((await call('ADMIN_LIST_EXPORTS', {}, token)).status).toBe(403);
    }
    expect((await call('ADMIN_REQUEST_EXPORT', { kind: 'ledger', from: today(), to: today() }, '')).status).toBe(401);
    const before = (await call('ADMIN_LIST_EXPORTS', { limit: 100 })).body.exports.length;
    for (const bad of [
      { kind: 'ledger', from: '2024-01-01', to: '2025-01-01' },
      { kind: 'ledger', from: '2026-01-02', to: '2026-01-01' },
      { kind: 'ledger', from: '2026-02-30', to: '2026-03-01' },
      { kind: 'ledger', from: 'yesterday', to: '2026-03-01' },
      { kind: 'customers', from: '2026-01-01', to: '2026-01-01' },
      { kind: 'ledger', from: '2026-01-01' },
    ]) {
      const res = await call('ADMIN_REQUEST_EXPORT', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', error: expect.any(String) });
    }
    expect((await call('ADMIN_LIST_EXPORTS', { limit: 100 })).body.exports).toHaveLength(before);
    expect((await call('ADMIN_EXPORT_LINK', { exportId: 'exp_neverrequested0' })).status).toBe(404);
    expect((await call('ADMIN_EXPORT_LINK', { exportId: '../etc/passwd' })).status).toBe(400);
  });

  it('lists the caller’s exports newest first, a page at a time', async () => {
    const first = await call('ADMIN_LIST_EXPORTS', { limit: 2 });
    expect(first.body.exports).toHaveLength(2);
    expect(first.body.nextCursor).toBeDefined();
    const second = await call('ADMIN_LIST_EXPORTS', { limit: 2, cursor: first.body.nextCursor });
    expect(second.body.exports[0]!.createdAt <= first.body.exports[1]!.createdAt).toBe(true);
    expect(second.body.exports.map((e) => e.id)).not.toContain(first.body.exports[0]!.id);
    expect((await call('ADMIN_LIST_EXPORTS', { cursor: 'bm90LWEtY3Vyc29y' })).status).toBe(400);
  });
});
