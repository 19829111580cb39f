/**
 * What an export reads: index queries only, never a scan. Ledger lines of some types over a range of UTC days are
 * one Transaction.byTypeDay partition (`<type>#<day>`) per type and day; bookings created in the range are
 * Booking.byCreatedMonth (`YYYY-MM`) with each day's createdAt range. Pages are yielded as they are read, so the caller
 * turns them into CSV rows without holding every record at once.
 */
import { exportDays } from '../domain/exports';
import type { LedgerEntryType } from '../domain/ledger';
import type { BookingRecord, TransactionRecord } from './records';
import { queryIndex } from './repository';
import type { DataDeps } from './transact';

/** The partitions read in parallel: a year of every ledger type is a few thousand small queries. */
const IN_FLIGHT = 16;

/** The range's ledger lines of these types, a day at a time (oldest day first, each day in time order). */
export async function* ledgerLinesByDay(
  deps: DataDeps,
  types: readonly LedgerEntryType[],
  range: { from: string; to: string },
): AsyncGenerator<TransactionRecord[]> {
  const days = exportDays(range.from, range.to);
  for (let i = 0; i < days.length; i += Math.max(1, Math.floor(IN_FLIGHT / types.length))) {
    const chunk = days.slice(i, i + Math.max(1, Math.floor(IN_FLIGHT / types.length)));
    const perDay = await Promise.all(
      chunk.map(async (day) => {
        const sets = await Promise.all(
          types.map((type) =>
            queryIndex<TransactionRecord>(deps, 'Transaction', { index: 'byTypeDay', key: 'typeDay', value: `${type}#${day}` }),
          ),
        );
        return sets.flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      }),
    );
    for (const lines of perDay) if (lines.length > 0) yield lines;
  }
}

/** Bookings created in the range (UTC days), in every currency, in creation order. */
export async function* bookingsCreatedByDay(deps: DataDeps, range: { from: string; to: string }): AsyncGenerator<BookingRecord[]> {
  for (const day of exportDays(range.from, range.to)) {
    const created = await queryIndex<BookingRecord>(deps, 'Booking', {
      index: 'byCreatedMonth',
      key: 'createdMonth',
      value: day.slice(0, 7),
      sortKey: { name: 'createdAt', from: `${day}T00:00:00.000Z`, to: `${day}T23:59:59.999Z` },
    });
    const bookings = created.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    if (bookings.length > 0) yield bookings;
  }
}
