/**
 * Reading back what the ledger writer wrote, by id (consistent reads, not the byBooking index, which lags): a builder
 * inside commitWithRetry drops the lines that already exist, so a line shared with another writer (a transfer
 * reversal's, also written by the transfer.reversed webhook) or one written by an earlier attempt is never a
 * refused duplicate that cancels the whole transaction.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ledgerLineId, type LedgerEntry } from './ledger-writer';
import type { DataDeps } from './transact';

export async function unwrittenLedgerEntries(deps: DataDeps, entries: readonly LedgerEntry[]): Promise<LedgerEntry[]> {
  const written = await Promise.all(
    entries.map(async (e) => {
      const out = await deps.db.send(
        new GetCommand({
          TableName: deps.tables.Transaction,
          Key: { id: ledgerLineId(e.account, e.type, e.reference) },
          ConsistentRead: true,
        }),
      );
      return out.Item !== undefined;
    }),
  );
  return entries.filter((_, i) => !written[i]);
}
