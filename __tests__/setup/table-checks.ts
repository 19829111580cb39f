import { afterAll, inject } from 'vitest';
import type { TableNames } from '../../lib/data/tables';
import { createDynamoClients } from '../../lib/local/dynamodb';
import { eventsProblemMessages } from './events-check';
import { ledgerProblemMessages } from './ledger-check';
import './provided';

/**
 * The checks over every integration scenario: after each test file, the tables that file created (createIsolatedTables
 * registers them here) must hold balanced ledgers (./ledger-check.ts) and every change's event (./events-check.ts).
 * Only the file's own tables are read, so files running in parallel on the one DynamoDB Local never see each other's
 * half-finished work.
 *
 * Importing this module registers the hook on the importing file (__tests__/setup/dynamo.ts imports it). It is
 * registered before the file's own afterAll hooks, so with vitest's default stacked hook order it runs after them.
 */
const tablesOfThisFile: TableNames[] = [];

export function checkTablesAfterThisFile(tables: TableNames): void {
  tablesOfThisFile.push(tables);
}

const CHECKS = [
  { failure: 'Unbalanced booking ledger(s)', problemsOf: ledgerProblemMessages },
  { failure: 'Change(s) without their events', problemsOf: eventsProblemMessages },
];

afterAll(async () => {
  if (tablesOfThisFile.length === 0) return;
  const clients = createDynamoClients(inject('dynamodbEndpoint'));
  try {
    const failures: string[] = [];
    for (const check of CHECKS) {
      const problems = (await Promise.all(tablesOfThisFile.map((tables) => check.problemsOf(clients, tables)))).flat();
      if (problems.length > 0) failures.push(`${check.failure} after this file:\n${problems.join('\n')}`);
    }
    if (failures.length > 0) throw new Error(failures.join('\n\n'));
  } finally {
    clients.client.destroy();
  }
});
