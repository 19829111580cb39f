import { ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterAll, inject } from 'vitest';
import { unbalancedBookings, type CheckedBooking, type CheckedLine } from '../../lib/domain/ledger-check';
import type { TableNames } from '../../lib/data/tables';
import { createDynamoClients, type DynamoClients } from '../../lib/local/dynamodb';
import './provided';

/**
 * The ledger check over every integration scenario: after each test file, every booking in the tables this file
 * created (createIsolatedTables registers them here) must have a ledger that balances to the cent
 * (lib/domain/ledger-check.ts). Only the file's own tables are read, so files running in parallel on the one
 * DynamoDB Local never see each other's half-finished bookings. Two scans per table (bookings, ledger lines).
 *
 * Importing this module registers the check on the importing file (__tests__/setup/dynamo.ts imports it). The hook is
 * registered before the file's own afterAll hooks, so with vitest's default stacked hook order it runs after them.
 */
const tablesOfThisFile: TableNames[] = [];

export function checkLedgersOf(tables: TableNames): void {
  tablesOfThisFile.push(tables);
}

afterAll(async () => {
  if (tablesOfThisFile.length === 0) return;
  const clients = createDynamoClients(inject('dynamodbEndpoint'));
  try {
    const problems: string[] = [];
    for (const tables of tablesOfThisFile) {
      const { unbalanced, lines } = await ledgersOf(clients, tables);
      for (const u of unbalanced) {
        const own = lines.filter((l) => l.bookingId === u.bookingId).map((l) => `${l.id} ${l.amountCents}`);
        problems.push(`booking ${u.bookingId} (${u.status}) in ${tables.Booking}: ${JSON.stringify(u.flow)}\n  lines: ${own.join(', ')}`);
      }
    }
    if (problems.length > 0) throw new Error(`Unbalanced booking ledger(s) after this file:\n${problems.join('\n')}`);
  } finally {
    clients.client.destroy();
  }
});

async function ledgersOf(clients: DynamoClients, tables: TableNames) {
  const [bookings, lines] = await Promise.all([
    scanAll<CheckedBooking>(clients, { TableName: tables.Booking, ProjectionExpression: 'id, #s, chargebackStatus', ExpressionAttributeNames: { '#s': 'status' } }),
    scanAll<CheckedLine & { id: string }>(clients, { TableName: tables.Transaction, ProjectionExpression: 'id, bookingId, #t, amountCents', ExpressionAttributeNames: { '#t': 'type' } }),
  ]);
  return { unbalanced: unbalancedBookings(bookings, lines), lines };
}

/** The bookings of these tables whose ledger does not balance. */
export async function unbalancedLedgers(clients: DynamoClients, tables: TableNames) {
  return (await ledgersOf(clients, tables)).unbalanced;
}

/** Every item a scan returns (consistent reads, all pages). */
export async function scanAll<T>(clients: DynamoClients, input: ScanCommandInput): Promise<T[]> {
  const items: T[] = [];
  let startKey: ScanCommandInput['ExclusiveStartKey'];
  do {
    const out = await clients.doc.send(new ScanCommand({ ...input, ConsistentRead: true, ExclusiveStartKey: startKey }));
    items.push(...((out.Items ?? []) as T[]));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}
