import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type CreateTableCommandInput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import {
  localRateLimitTableFor,
  localTableNames,
  MODEL_NAMES,
  RATE_LIMIT_TABLE,
  TABLES,
  type IndexDefinition,
  type ModelName,
  type TableDefinition,
  type TableNames,
} from '../data/tables';

/**
 * Creates the local tables from lib/data/tables.ts — the same definitions production deploys — so keys
 * and indexes cannot drift, and the rate-limit table that goes with them (RATE_LIMIT_TABLE, TTL on). Idempotent:
 * existing tables are kept (with their data); an index added to TABLES since the table was created is added to it.
 */

interface EnsureTablesResult {
  created: string[];
  existing: string[];
  /** `<table>.<index>` for indexes added to existing tables. */
  indexesAdded: string[];
}

const ACTIVE_TIMEOUT_MS = 60_000;

export async function ensureTables(client: DynamoDBClient, names: TableNames = localTableNames()): Promise<EnsureTablesResult> {
  const result: EnsureTablesResult = { created: [], existing: [], indexesAdded: [] };
  await Promise.all([
    ...MODEL_NAMES.map((model) => ensureTable(client, model, names[model], result)),
    ensureRateLimitTable(client, localRateLimitTableFor(names), result),
  ]);
  return result;
}

/** The rate-limit counters' table: keyed on `key`, items expire through the TTL on `expire` (as amplify/rate-limits.ts). */
async function ensureRateLimitTable(client: DynamoDBClient, tableName: string, result: EnsureTablesResult): Promise<void> {
  const { partitionKey, ttlAttribute } = RATE_LIMIT_TABLE;
  const table = await describe(client, tableName);
  if (table) {
    result.existing.push(tableName);
    const hash = table.KeySchema?.find((key) => key.KeyType === 'HASH')?.AttributeName;
    if (hash !== partitionKey || table.KeySchema?.length !== 1) {
      throw new Error(
        `table ${tableName} exists with key ${hash}, but the rate limits need ${partitionKey}: delete the local data (.data/dynamodb)`,
      );
    }
  } else {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: partitionKey, AttributeType: 'S' }],
          KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
        }),
      );
      result.created.push(tableName);
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error; // created concurrently: fine
      result.existing.push(tableName);
    }
  }
  await waitUntilActive(client, tableName);
  const ttl = (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
  if (ttl?.TimeToLiveStatus === 'ENABLED' && ttl.AttributeName === ttlAttribute) return;
  try {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true } }),
    );
  } catch (error) {
    // a concurrent caller enabled it first (DynamoDB refuses a second TTL change while one is in progress)
    const now = (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
    if (now?.AttributeName !== ttlAttribute) throw error;
  }
}

async function ensureTable(client: DynamoDBClient, model: ModelName, tableName: string, result: EnsureTablesResult): Promise<void> {
  const definition = TABLES[model];
  const table = await describe(client, tableName);
  if (!table) {
    try {
      await client.send(new CreateTableCommand(createTableInput(definition, tableName)));
      result.created.push(tableName);
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error; // created concurrently: fine
      result.existing.push(tableName);
    }
  } else {
    result.existing.push(tableName);
    assertSameKeys(table, definition, tableName);
    if (definition.stream && !table.StreamSpecification?.StreamEnabled) {
      // a table created before its stream was declared (a persistent dev database)
      await waitUntilActive(client, tableName);
      await client.send(
        new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } }),
      );
    }
    const present = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of definition.indexes) {
      if (present.has(index.name)) continue;
      await waitUntilActive(client, tableName); // one index change at a time
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: attributeDefinitions(definition),
          GlobalSecondaryIndexUpdates: [{ Create: globalSecondaryIndex(index) }],
        }),
      );
      result.indexesAdded.push(`${tableName}.${index.name}`);
    }
  }
  await waitUntilActive(client, tableName);
}

/** CreateTable input for one table definition (exported for tests and tools). */
function createTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions(definition),
    KeySchema: [{ AttributeName: definition.partitionKey, KeyType: 'HASH' }],
    ...(definition.indexes.length > 0 ? { GlobalSecondaryIndexes: definition.indexes.map(globalSecondaryIndex) } : {}),
    ...(definition.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } } : {}),
  };
}

function globalSecondaryIndex(index: IndexDefinition): GlobalSecondaryIndex {
  return {
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
    ],
    Projection: { ProjectionType: 'ALL' },
  };
}

/** Every key attribute of the table and its indexes, once, all strings. */
function attributeDefinitions(definition: TableDefinition): AttributeDefinition[] {
  const names = new Set<string>([definition.partitionKey]);
  for (const index of definition.indexes) {
    names.add(index.partitionKey);
    if (index.sortKey) names.add(index.sortKey);
  }
  return [...names].map((AttributeName) => ({ AttributeName, AttributeType: 'S' }));
}

function assertSameKeys(table: TableDescription, definition: TableDefinition, tableName: string): void {
  const hash = table.KeySchema?.find((key) => key.KeyType === 'HASH')?.AttributeName;
  const range = table.KeySchema?.find((key) => key.KeyType === 'RANGE')?.AttributeName;
  if (hash !== definition.partitionKey || range !== undefined) {
    throw new Error(
      `table ${tableName} exists with key ${hash}${range ? `+${range}` : ''}, but lib/data/tables.ts says ${definition.partitionKey}: delete the local data (.data/dynamodb) and start again`,
    );
  }
  for (const index of definition.indexes) {
    const existing = table.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === index.name);
    if (!existing) continue;
    const indexHash = existing.KeySchema?.find((key) => key.KeyType === 'HASH')?.AttributeName;
    const indexRange = existing.KeySchema?.find((key) => key.KeyType === 'RANGE')?.AttributeName;
    if (indexHash !== index.partitionKey || indexRange !== index.sortKey) {
      throw new Error(
        `index ${tableName}.${index.name} exists with key ${indexHash}${indexRange ? `+${indexRange}` : ''}, but lib/data/tables.ts says ${index.partitionKey}${index.sortKey ? `+${index.sortKey}` : ''}: delete the local data (.data/dynamodb) and start again`,
      );
    }
  }
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** Waits until the table and each of its indexes are ACTIVE. */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const table = await describe(client, tableName);
    const active = table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table && active) return table;
    if (Date.now() > deadline) throw new Error(`table ${tableName} did not become ACTIVE within ${ACTIVE_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
