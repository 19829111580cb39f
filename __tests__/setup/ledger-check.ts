import { ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { unbalancedBookings, type CheckedBooking, type CheckedLine } from '../../lib/domain/ledger-check';
import type { TableNames } from '../../lib/data/tables';
import type { DynamoClients } from '../../lib/local/dynamodb';

/** The ledger check (lib/domain/ledger-check.ts) on one set of tables: every booking's ledger balances to the cent. */
export async function ledgerProblemMessages(clients: DynamoClients, tables: TableNames): Promise<string[]> {
  const { unbalanced, lines } = await ledgersOf(clients, tables);
  return unbalanced.map((u) => {
    const own = lines.filter((l) => l.bookingId === u.bookingId).map((l) => `${l.id} ${l.amountCents}`);
    return `booking ${u.bookingId} (${u.status}) in ${tables.Booking}: ${JSON.stringify(u.flow)}\n  lines: ${own.join(', ')}`;
  });
}

async function ledgersOf(clients: DynamoClients, tables: TableNames) {
  const [bookings, lines] = await Promise.all([
    scanAll<CheckedBooking>(clients, {
      TableName: tables.Booking,
      ProjectionExpression: 'id, #s, chargebackStatus',
      ExpressionAttributeNames: { '#s': 'status' },
    }),
    scanAll<CheckedLine & { id: string }>(clients, {
      TableName: tables.Transaction,
      ProjectionExpression: 'id, bookingId, #t, amountCents',
      ExpressionAttributeNames: { '#t': 'type' },
    }),
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
