import { DynamoDB, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** DynamoDB Local accepts any credentials; fixed ones keep a developer's real AWS profile out of local runs. */
export const LOCAL_AWS_REGION = 'us-east-1';
export const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface DynamoClients {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

/** Low-level and document clients for a local endpoint (dummy credentials, us-east-1). */
export function createDynamoClients(endpoint: string): DynamoClients {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_REGION, credentials: LOCAL_AWS_CREDENTIALS });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, doc };
}

/** The aggregated client (method per operation) for a local endpoint: what rate-limiter-flexible's store calls. */
export function createAggregatedDynamoClient(endpoint: string): DynamoDB {
  return new DynamoDB({ endpoint, region: LOCAL_AWS_REGION, credentials: LOCAL_AWS_CREDENTIALS });
}
