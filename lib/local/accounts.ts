import { CreateTableCommand, DescribeTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Group } from '../auth/identity';
import { hashPassword, verifyPassword } from '../auth/local-session';
import { isConditionalCheckFailed } from '../data/items';

/**
 * Local sign-in accounts: what Cognito holds in AWS. A local-only table (not an Amplify model),
 * keyed by lower-cased email.
 */
export interface LocalAccount {
  email: string;
  userId: string;
  displayName: string;
  groups: Group[];
  passwordHash: string;
}

export const localAccountsTable = (suffix: string) => `LocalAccount-${suffix}`;

export async function ensureLocalAccountsTable(db: DynamoDBDocumentClient, table: string): Promise<void> {
  try {
    await db.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'email', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  await db.send(new DescribeTableCommand({ TableName: table }));
}

/** Creates the account unless that email exists; returns false when it already did. */
export async function createLocalAccount(
  db: DynamoDBDocumentClient,
  table: string,
  account: Omit<LocalAccount, 'passwordHash'> & { password: string },
): Promise<boolean> {
  const { password, ...rest } = account;
  const item: LocalAccount = { ...rest, email: rest.email.toLowerCase(), passwordHash: await hashPassword(password) };
  try {
    await db.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(email)' }));
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

/** The account if the password matches; the same undefined for an unknown email or a wrong password. */
export async function authenticateLocalAccount(
  db: DynamoDBDocumentClient,
  table: string,
  email: string,
  password: string,
): Promise<LocalAccount | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: { email: email.toLowerCase() } }));
  const account = out.Item as LocalAccount | undefined;
  if (!account) {
    // Spend the same time as a real check so response timing doesn't reveal which emails exist.
    await verifyPassword(password, DUMMY_HASH);
    return undefined;
  }
  return (await verifyPassword(password, account.passwordHash)) ? account : undefined;
}

const DUMMY_HASH =
  'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(64).toString('base64');
