/**
 * The rate limits' counters (lib/services/rate-limits.ts): one table every instance of the action functions shares,
 * so a limit holds across Lambda instances. Its layout is rate-limiter-flexible's RateLimiterDynamo (RATE_LIMIT_TABLE
 * in lib/data/tables.ts): string key `key`, and `expire` (epoch seconds) as the TTL attribute, so DynamoDB deletes
 * counters whose window has ended. Created here, never by the library.
 */
import { RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { RATE_LIMIT_TABLE } from '../lib/data/tables';

/** What counting takes: the library's consume is one UpdateItem (GetItem for reading a count); it never deletes here. */
export const RATE_LIMIT_ACTIONS = ['dynamodb:GetItem', 'dynamodb:UpdateItem'] as const;

interface CountingFunction {
  addEnvironment(key: string, value: string): void;
  resources: { lambda: IFunction };
}

/** In the functions' own stack, so the name and the grant never cross stacks. */
export function addRateLimitTable(stack: Stack, functions: readonly CountingFunction[]): Table {
  const table = new Table(stack, 'RateLimits', {
    partitionKey: { name: RATE_LIMIT_TABLE.partitionKey, type: AttributeType.STRING },
    timeToLiveAttribute: RATE_LIMIT_TABLE.ttlAttribute,
    billingMode: BillingMode.PAY_PER_REQUEST,
    // counters that expire within a day: nothing to keep when the backend is deleted
    removalPolicy: RemovalPolicy.DESTROY,
  });
  for (const fn of functions) {
    fn.addEnvironment(RATE_LIMIT_TABLE.envVar, table.tableName);
    fn.resources.lambda.addToRolePolicy(new PolicyStatement({ actions: [...RATE_LIMIT_ACTIONS], resources: [table.tableArn] }));
  }
  return table;
}

/**
 * The web app's account routes (sign-in, sign-up, codes) count in the same table: the Hosting compute role may read,
 * count and, after a right password, delete an account's count. The server reads the table's name from the outputs
 * (custom.hosting.rateLimitTableName) or RATE_LIMIT_TABLE_NAME.
 */
export function hostingRateLimitPolicy(stack: Stack, table: Table): ManagedPolicy {
  return new ManagedPolicy(stack, 'AccountRateLimits', {
    description: 'Lets the marketplace web app count sign-ins and sign-ups in the rate-limit table',
    statements: [new PolicyStatement({ actions: [...RATE_LIMIT_ACTIONS, 'dynamodb:DeleteItem'], resources: [table.tableArn] })],
  });
}
