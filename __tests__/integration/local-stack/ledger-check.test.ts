import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTableNames, type TableNames } from '../../../lib/data/tables';
import { ensureTables } from '../../../lib/local/tables';
import { testDynamoClients } from '../../setup/dynamo';
import { unbalancedLedgers } from '../../setup/ledger-check';

/**
 * The after-file ledger check reads real tables and names the booking whose ledger does not balance. These tables are
 * made with ensureTables directly (not createIsolatedTables), so the planted imbalance does not fail this file's own
 * after-file check.
 */
const clients = testDynamoClients();
let tables: TableNames;

beforeAll(async () => {
  tables = localTableNames(`ledgercheck-${randomUUID().slice(0, 8)}`);
  await ensureTables(clients.client, tables);
});
afterAll(() => clients.client.destroy());

const put = (table: string, item: Record<string, unknown>) => clients.doc.send(new PutCommand({ TableName: table, Item: item }));
const line = (bookingId: string, type: string, amountCents: number) =>
  put(tables.Transaction, {
    id: `${bookingId}#${type}`,
    bookingId,
    type,
    amountCents,
    currency: 'usd',
    createdAt: '2026-01-01T00:00:00.000Z',
  });

describe('the after-file ledger check', () => {
  it('passes balanced ledgers and names the booking whose provider line is one cent short', async () => {
    await put(tables.Booking, { id: 'bk-ok', status: 'CONFIRMED' });
    await put(tables.Booking, { id: 'bk-bad', status: 'COMPLETED' });
    await put(tables.Booking, { id: 'bk-unpaid', status: 'PENDING_PAYMENT' });
    await Promise.all([line('bk-ok', 'CHARGE', 5_000), line('bk-ok', 'PLATFORM_FEE', 400), line('bk-ok', 'PROVIDER_EARNING', 4_600)]);
    await Promise.all([line('bk-bad', 'CHARGE', 5_000), line('bk-bad', 'PLATFORM_FEE', 400), line('bk-bad', 'PROVIDER_EARNING', 4_599)]);

    const found = await unbalancedLedgers(clients, tables);
    expect(found.map((f) => f.bookingId)).toEqual(['bk-bad']);
    expect(found[0]).toMatchObject({ status: 'COMPLETED', flow: { chargedCents: 5_000, platformFeeCents: 400, balanced: false } });
  });
});
