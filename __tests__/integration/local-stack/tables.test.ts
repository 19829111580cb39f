import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localRateLimitTableFor, localTableNames, MODEL_NAMES, RATE_LIMIT_TABLE, TABLES, type TableNames } from '../../../lib/data/tables';
import { ensureTables } from '../../../lib/local/tables';
import { createIsolatedTables, sharedTableNames, testDynamoClients } from '../../setup/dynamo';

const clients = testDynamoClients();
let names: TableNames;

beforeAll(async () => {
  names = await createIsolatedTables(clients, 'tables');
});

afterAll(() => {
  clients.client.destroy();
});

describe('the run’s DynamoDB Local', () => {
  it('is exposed to tests by inject() and process.env', () => {
    expect(inject('dynamodbEndpoint')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.DYNAMODB_ENDPOINT).toBe(inject('dynamodbEndpoint'));
  });

  it('has the shared tables created by the global setup', async () => {
    const shared = sharedTableNames();
    for (const model of MODEL_NAMES) {
      const { Table } = await clients.client.send(new DescribeTableCommand({ TableName: shared[model] }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(process.env[TABLES[model].envVar]).toBe(shared[model]);
    }
  });
});

describe('ensureTables', () => {
  it.each(MODEL_NAMES)('creates %s with the keys and indexes of TABLES', async (model) => {
    const definition = TABLES[model];
    const { Table } = await clients.client.send(new DescribeTableCommand({ TableName: names[model] }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);

    const indexes = (Table?.GlobalSecondaryIndexes ?? [])
      .map((index) => ({
        name: index.IndexName,
        partitionKey: index.KeySchema?.find((key) => key.KeyType === 'HASH')?.AttributeName,
        sortKey: index.KeySchema?.find((key) => key.KeyType === 'RANGE')?.AttributeName,
        projection: index.Projection?.ProjectionType,
        status: index.IndexStatus,
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    const expected = definition.indexes
      .map((index) => ({ name: index.name, partitionKey: index.partitionKey, sortKey: index.sortKey, projection: 'ALL', status: 'ACTIVE' }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(indexes).toEqual(expected);

    // Every key attribute is a string, declared once.
    const attributes = Object.fromEntries((Table?.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]));
    const keyNames = new Set([
      'id',
      ...definition.indexes.flatMap((index) => [index.partitionKey, ...(index.sortKey ? [index.sortKey] : [])]),
    ]);
    expect(attributes).toEqual(Object.fromEntries([...keyNames].map((name) => [name, 'S'])));
  });

  it('is idempotent: a second run creates nothing and keeps the data', async () => {
    await clients.doc.send(new PutCommand({ TableName: names.Service, Item: { id: 'svc_keep', title: 'kept' } }));
    const again = await ensureTables(clients.client, names);
    expect(again.created).toEqual([]);
    expect(again.indexesAdded).toEqual([]);
    expect([...again.existing].sort()).toEqual([...MODEL_NAMES.map((model) => names[model]), localRateLimitTableFor(names)].sort());
    const { Item } = await clients.doc.send(new GetCommand({ TableName: names.Service, Key: { id: 'svc_keep' } }));
    expect(Item).toEqual({ id: 'svc_keep', title: 'kept' });
  });

  it('runs concurrently without failing (tables created by a parallel caller count as existing)', async () => {
    const fresh = localTableNames(`race-${Date.now()}`);
    const results = await Promise.all([ensureTables(clients.client, fresh), ensureTables(clients.client, fresh)]);
    const created = results.flatMap((result) => result.created);
    expect(new Set(created).size).toBe(created.length);
    expect(created.length).toBeLessThanOrEqual(MODEL_NAMES.length + 1); // the models' and the rate limits'
  });

  it('creates the rate-limit table the way rate-limiter-flexible reads it: keyed on `key`, TTL on `expire`', async () => {
    const tableName = localRateLimitTableFor(names);
    expect(tableName).toBe(names.UserProfile.replace(/^UserProfile-/, 'RateLimit-'));
    const { Table } = await clients.client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([{ AttributeName: RATE_LIMIT_TABLE.partitionKey, KeyType: 'HASH' }]);
    expect(RATE_LIMIT_TABLE).toMatchObject({ partitionKey: 'key', ttlAttribute: 'expire' });
    const ttl = (await clients.client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
    expect(ttl).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expire' });
  });
});

describe('transactions (real DynamoDB Local, not dynalite)', () => {
  it('rejects a TransactWriteItems whose condition fails, with reasons, and writes nothing', async () => {
    await clients.doc.send(new PutCommand({ TableName: names.SlotHold, Item: { id: 'hold_taken', bookingId: 'bk_1' } }));

    const attempt = clients.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: names.Booking,
              Item: { id: { S: 'bk_2' }, status: { S: 'PENDING' } },
              ConditionExpression: 'attribute_not_exists(id)',
            },
          },
          {
            Put: {
              TableName: names.SlotHold,
              Item: { id: { S: 'hold_taken' }, bookingId: { S: 'bk_2' } },
              ConditionExpression: 'attribute_not_exists(id)',
            },
          },
        ],
      }),
    );

    const error = await attempt.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
    ]);

    const booking = await clients.client.send(new GetItemCommand({ TableName: names.Booking, Key: { id: { S: 'bk_2' } } }));
    expect(booking.Item).toBeUndefined();
    const hold = await clients.doc.send(new GetCommand({ TableName: names.SlotHold, Key: { id: 'hold_taken' } }));
    expect(hold.Item?.bookingId).toBe('bk_1');
  });
});
