/**
 * The exports consumer: for each ExportRequested event it reads the job's range through index queries, writes the CSV
 * to the export store (`exports/<id>.csv`) and marks the job READY with its row count and size, in one transaction
 * with its receipt, so a redelivered event finds the receipt and writes nothing again. The file is written before
 * that commit under the job's own key: a second delivery racing the first rewrites the same bytes, and only one
 * commit wins. A job that cannot be made (no store, a range no longer valid, a read or write that failed) ends
 * FAILED with the reason: the admin asks again.
 */
import { exportJob, finishExportItem, type ExportJobRecord } from '../data/export-jobs';
import { bookingsCreatedByDay, ledgerLinesByDay } from '../data/export-reads';
import type { BookingRecord, TransactionRecord } from '../data/records';
import { csvLine, exportFileName, exportRangeProblem, moneyColumns, type CsvValue, type ExportKind } from '../domain/exports';
import type { LedgerEntryType } from '../domain/ledger';
import type { ConsumerDeps, ConsumerEffects, EventConsumer } from './event-consumers';

/** Every ledger line type, for the ledger export (the `satisfies` keeps the list whole when a type is added). */
const ALL_LINE_TYPES = Object.keys({
  CHARGE: true,
  PLATFORM_FEE: true,
  PROVIDER_EARNING: true,
  TRANSFER: true,
  PAYOUT: true,
  REFUND: true,
  FEE_REFUND: true,
  TRANSFER_REVERSAL: true,
  DISPUTE: true,
  PAYOUT_FAILED: true,
  CREDIT_PURCHASE: true,
  CREDIT_SPEND: true,
  CREDIT_RETURN: true,
  CREDIT_PURCHASE_REFUND: true,
  DISCOUNT: true,
  PROVIDER_DEBT: true,
  MEMBERSHIP_PAYMENT: true,
} satisfies Record<LedgerEntryType, true>) as LedgerEntryType[];

/** The ledger line types of each line-based export. */
const LINE_TYPES_OF: Record<Exclude<ExportKind, 'bookings'>, readonly LedgerEntryType[]> = {
  ledger: ALL_LINE_TYPES,
  refunds: ['REFUND', 'FEE_REFUND'],
  payouts: ['PAYOUT', 'PAYOUT_FAILED'],
};

export const LINE_HEADER = [
  'created_at',
  'line_id',
  'type',
  'account',
  'provider_id',
  'stripe_object_id',
  'description',
  'amount_minor',
  'amount',
  'currency',
] as const;

export const BOOKING_HEADER = [
  'created_at',
  'booking_id',
  'status',
  'service_id',
  'service_title',
  'service_category',
  'provider_id',
  'customer_id',
  'start_date_time',
  'end_date_time',
  'total_minor',
  'total',
  'platform_fee_minor',
  'platform_fee',
  'provider_earnings_minor',
  'provider_earnings',
  'currency',
] as const;

const lineRow = (l: TransactionRecord): CsvValue[] => {
  const [minor, decimal, currency] = moneyColumns(l.amountCents, l.currency);
  return [l.createdAt, l.id, l.type, l.bookingId, l.providerId, l.stripeObjectId, l.description, minor, decimal, currency];
};

const bookingRow = (b: BookingRecord): CsvValue[] => {
  const [total, totalDecimal] = moneyColumns(b.totalAmountCents, b.currency);
  const [fee, feeDecimal] = moneyColumns(b.platformFeeCents, b.currency);
  const [earnings, earningsDecimal] = moneyColumns(b.providerEarningsCents, b.currency);
  return [
    b.createdAt,
    b.id,
    b.status,
    b.serviceId,
    b.serviceTitle,
    b.serviceCategory,
    b.providerId,
    b.customerId,
    b.startDateTime,
    b.endDateTime,
    ...[total, totalDecimal, fee, feeDecimal, earnings, earningsDecimal],
    b.currency.toLowerCase(),
  ];
};

/** The job's CSV (header first) and its number of data rows, built from the range's pages as they are read. */
export async function buildExportCsv(deps: ConsumerDeps, job: Pick<ExportJobRecord, 'kind' | 'from' | 'to'>) {
  const chunks: string[] = [];
  let rows = 0;
  if (job.kind === 'bookings') {
    chunks.push(csvLine(BOOKING_HEADER));
    for await (const page of bookingsCreatedByDay(deps, job)) {
      for (const b of page) chunks.push(csvLine(bookingRow(b)));
      rows += page.length;
    }
  } else {
    chunks.push(csvLine(LINE_HEADER));
    for await (const page of ledgerLinesByDay(deps, LINE_TYPES_OF[job.kind], job)) {
      for (const l of page) chunks.push(csvLine(lineRow(l)));
      rows += page.length;
    }
  }
  return { body: chunks.join(''), rows };
}

export const exportObjectKey = (exportId: string) => `exports/${exportId}.csv`;

async function writeExport(deps: ConsumerDeps, job: ExportJobRecord): Promise<ConsumerEffects> {
  const now = () => deps.clock.now();
  try {
    if (!deps.exports) throw new Error('no export store is configured for the event consumers');
    const problem = exportRangeProblem(job.from, job.to);
    if (problem) throw new Error(problem);
    const { body, rows } = await buildExportCsv(deps, job);
    const objectKey = exportObjectKey(job.id);
    await deps.exports.put(objectKey, body, {
      contentType: 'text/csv; charset=utf-8',
      fileName: exportFileName(job.kind, job.from, job.to),
    });
    const bytes = Buffer.byteLength(body, 'utf8');
    return { items: [finishExportItem(deps, job.id, { status: 'READY', rowCount: rows, objectKey, bytes }, now())] };
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 300);
    console.error(`exports: ${job.id} failed: ${error}`);
    return { items: [finishExportItem(deps, job.id, { status: 'FAILED', error }, now())] };
  }
}

export const exportsConsumer: EventConsumer = {
  name: 'exports',
  handlers: {
    ExportRequested: async (deps, event) => {
      const job = await exportJob(deps, event.payload.exportId);
      // a job already finished (or gone with its TTL) has nothing left to do
      if (!job || job.status !== 'QUEUED') return { items: [] };
      return writeExport(deps, job);
    },
  },
};
