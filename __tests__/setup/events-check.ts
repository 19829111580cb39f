import {
  eventsCheckProblems,
  type CheckedCreditTransaction,
  type CheckedCustomer,
  type CheckedEvent,
  type CheckedLedgerLine,
  type CheckedStatusRecord,
  type EventsProblem,
  type StatusAggregate,
} from '../../lib/domain/events-check';
import type { ModelName, TableNames } from '../../lib/data/tables';
import type { DynamoClients } from '../../lib/local/dynamodb';
import { scanAll } from './ledger-check';

/**
 * The events check (lib/domain/events-check.ts) on one set of tables: every ledger line has its LedgerLineWritten
 * event, every record with a status ends in the status its events say, every credit balance is the sum of its
 * CreditBalanceChanged deltas. A change that skipped its event is reported.
 *
 * A test fixture that writes a record straight into its table (bypassing the writers, to start a test in some status)
 * marks it with `testFixture: '<why>'`; such a record needs no creation event, and its later transitions are checked.
 */
export async function eventsProblemMessages(clients: DynamoClients, tables: TableNames): Promise<string[]> {
  return (await eventsProblemsOf(clients, tables)).map((p) => `${p.rule} ${p.subject} in ${tables.DomainEvent}: ${p.message}`);
}

/** The records with a status, by table. */
const STATUS_TABLES: readonly [ModelName, StatusAggregate][] = [
  ['Booking', 'Booking'],
  ['Payout', 'Payout'],
  ['Dispute', 'Dispute'],
  ['CreditPurchase', 'CreditPurchase'],
  ['Subscription', 'Membership'],
];

/** What disagrees between these tables and their events (empty: every change has its event). */
export async function eventsProblemsOf(clients: DynamoClients, tables: TableNames): Promise<EventsProblem[]> {
  const [rows, ledgerLines, customers, creditTransactions, ...statusRecords] = await Promise.all([
    scanAll<Partial<CheckedEvent>>(clients, {
      TableName: tables.DomainEvent,
      ProjectionExpression: '#t, aggregateType, aggregateId, #q, payload',
      ExpressionAttributeNames: { '#t': 'type', '#q': 'sequence' },
    }),
    scanAll<CheckedLedgerLine>(clients, { TableName: tables.Transaction, ProjectionExpression: 'id, bookingId, amountCents, currency' }),
    scanAll<CheckedCustomer>(clients, { TableName: tables.Customer, ProjectionExpression: 'id, creditBalance' }),
    scanAll<CheckedCreditTransaction>(clients, { TableName: tables.CreditTransaction, ProjectionExpression: 'id, userId, credits' }),
    ...STATUS_TABLES.map(async ([model, aggregateType]) =>
      (
        await scanAll<Omit<CheckedStatusRecord, 'aggregateType'>>(clients, {
          TableName: tables[model],
          ProjectionExpression: 'id, #s, testFixture',
          ExpressionAttributeNames: { '#s': 'status' },
        })
      ).map((r): CheckedStatusRecord => ({ ...r, aggregateType })),
    ),
  ]);
  // A malformed row (a consumer test plants one) is not an event of any record: it has no aggregate to disagree with.
  const events = rows.flatMap((r): CheckedEvent[] =>
    r.type && r.aggregateType && r.aggregateId
      ? [{ type: r.type, aggregateType: r.aggregateType, aggregateId: r.aggregateId, sequence: r.sequence ?? '', payload: r.payload ?? {} }]
      : [],
  );
  return eventsCheckProblems({ events, ledgerLines, customers, creditTransactions, records: statusRecords.flat() });
}
