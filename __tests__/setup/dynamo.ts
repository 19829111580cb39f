import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { localTableNames, type TableNames } from '../../lib/data/tables';
import { createDynamoClients, type DynamoClients } from '../../lib/local/dynamodb';
import { ensureTables } from '../../lib/local/tables';
import { checkTablesAfterThisFile } from './table-checks';
import './provided';

/** Helpers for integration tests on the run's DynamoDB Local (started by __tests__/setup/integration.ts). */

export function dynamoEndpoint(): string {
  return inject('dynamodbEndpoint');
}

/** Clients for the run's DynamoDB Local. Call `client.destroy()` in afterAll if you like; the process ends anyway. */
export function testDynamoClients(): DynamoClients {
  return createDynamoClients(dynamoEndpoint());
}

/** The shared tables every file sees (created by the global setup). */
export function sharedTableNames(): TableNames {
  return localTableNames(inject('tableSuffix'));
}

/**
 * Fresh, empty tables for one test file (or one test): `<Model>-<label>-<random>`. Files run in parallel, so
 * a test that lists or counts rows should use its own tables. After the file, every booking in them must have a
 * balanced ledger and every change in them its event (./table-checks.ts).
 */
export async function createIsolatedTables(clients: DynamoClients, label = 'iso'): Promise<TableNames> {
  const names = localTableNames(`${label}-${randomUUID().slice(0, 8)}`);
  await ensureTables(clients.client, names);
  checkTablesAfterThisFile(names);
  return names;
}
