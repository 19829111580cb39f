import type { TestProject } from 'vitest/node';
import { localTableNames, MODEL_NAMES, TABLES } from '../../lib/data/tables';
import { createDynamoClients, LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION, startDynamoDbLocal } from '../../lib/local/dynamodb';
import { ensureJava } from '../../lib/local/prerequisites';
import { startMailDev } from '../../lib/local/maildev';
import { ensureTables } from '../../lib/local/tables';
import './provided';

/**
 * Global setup of the `integration` project: ONE in-memory DynamoDB Local for the whole run, on a free port,
 * with the tables of lib/data/tables.ts (suffix `test`). Tests get the endpoint with `inject('dynamodbEndpoint')`
 * or process.env.DYNAMODB_ENDPOINT. Files run in parallel against it: a file that needs tables to itself
 * uses `createIsolatedTables()` from __tests__/setup/dynamo.ts.
 */
export const INTEGRATION_TABLE_SUFFIX = 'test';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureJava();
  const dynamo = await startDynamoDbLocal({ inMemory: true });
  try {
    const { client } = createDynamoClients(dynamo.endpoint);
    await ensureTables(client, localTableNames(INTEGRATION_TABLE_SUFFIX));
    client.destroy();
  } catch (error) {
    await dynamo.stop();
    throw error;
  }

  // One MailDev for the run: every stack's mail lands in it; tests find theirs by recipient and booking.
  const maildev = await startMailDev().catch(async (error: unknown) => {
    await dynamo.stop();
    throw error;
  });
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  project.provide('maildevUrl', maildev.webUrl);
  project.provide('tableSuffix', INTEGRATION_TABLE_SUFFIX);
  const names = localTableNames(INTEGRATION_TABLE_SUFFIX);
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SMTP_PORT: String(maildev.smtpPort),
    MAILDEV_URL: maildev.webUrl,
    TABLE_SUFFIX: INTEGRATION_TABLE_SUFFIX,
    // Never real AWS from a test, whatever the developer's shell holds.
    AWS_REGION: LOCAL_AWS_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
    ...Object.fromEntries(MODEL_NAMES.map((model) => [TABLES[model].envVar, names[model]])),
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  return async () => {
    await maildev.stop();
    await dynamo.stop();
  };
}
