import { CreateTableCommand, DescribeTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Group, Identity } from '../auth/identity';
import { hashPassword, verifyPassword } from '../auth/local-session';
import { isConditionalCheckFailed, modelFields } from '../data/items';
import type { UserProfileRecord } from '../data/records';
import type { TableNames } from '../data/tables';
import { AppError } from '../http/errors';
import type { Deps, Directory } from '../ports';

/**
 * Local sign-in accounts: what Cognito holds in AWS. A local-only table (not an Amplify model),
 * keyed by lower-cased email.
 */
interface LocalAccount {
  email: string;
  userId: string;
  displayName: string;
  groups: Group[];
  passwordHash: string;
}

export const localAccountsTable = (suffix: string) => `LocalAccount-${suffix}`;
/** The accounts table that goes with a set of model tables (same suffix; what the seed uses too). */
export const localAccountsTableFor = (tables: Pick<TableNames, 'UserProfile'>) =>
  localAccountsTable(tables.UserProfile.replace(/^UserProfile-/, ''));

export async function getLocalAccount(db: DynamoDBDocumentClient, table: string, email: string): Promise<LocalAccount | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: { email: email.toLowerCase() }, ConsistentRead: true }));
  return out.Item as LocalAccount | undefined;
}

/**
 * Adds a group to the account of that user (idempotent). The token's email finds the account; its userId must
 * match, so a token can only ever change its own account.
 */
async function addGroupToLocalAccount(
  db: DynamoDBDocumentClient,
  table: string,
  userId: string,
  email: string,
  group: Group,
): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { email: email.toLowerCase() },
        UpdateExpression: 'SET #groups = list_append(if_not_exists(#groups, :empty), :group)',
        ConditionExpression: 'attribute_exists(email) AND userId = :userId AND NOT contains(#groups, :name)',
        ExpressionAttributeNames: { '#groups': 'groups' },
        ExpressionAttributeValues: { ':empty': [], ':group': [group], ':name': group, ':userId': userId },
      }),
    );
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
    const account = await getLocalAccount(db, table, email);
    if (!account || account.userId !== userId)
      throw new AppError('NOT_FOUND', 'No sign-in account was found for you. Please sign up again.');
    // else: already a member
  }
}

/** The Directory port on local accounts. */
export function localDirectory(db: DynamoDBDocumentClient, table: string): Directory {
  return {
    addToGroup: (userId, email, group) => addGroupToLocalAccount(db, table, userId, email, group),
    // Local sessions live only as tokens: the revocation list alone ends them.
    signOutEverywhere: async () => undefined,
    deleteUser: (userId, email) => deleteLocalAccount(db, table, userId, email),
  };
}

/** Removes the sign-in account of that user (only theirs: the email key must carry the same userId); idempotent. */
async function deleteLocalAccount(db: DynamoDBDocumentClient, table: string, userId: string, email: string): Promise<void> {
  try {
    await db.send(
      new DeleteCommand({
        TableName: table,
        Key: { email: email.toLowerCase() },
        ConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
      }),
    );
  } catch (err) {
    // Already deleted (or the address now belongs to someone else): nothing of this user's is left to remove.
    if (!isConditionalCheckFailed(err)) throw err;
  }
}

/**
 * The identity a session should carry now (groups from the account, not the old token), for the same user only:
 * undefined when the token's email has no account or the account belongs to another userId.
 */
export async function currentLocalIdentity(
  db: DynamoDBDocumentClient,
  table: string,
  identity: Identity,
): Promise<(Identity & { displayName: string }) | undefined> {
  const account = await getLocalAccount(db, table, identity.email);
  if (!account || account.userId !== identity.userId) return undefined;
  return { userId: account.userId, email: account.email, groups: account.groups, displayName: account.displayName };
}

interface LocalSignup {
  email: string;
  password: string;
  displayName: string;
}

/**
 * Local sign-up: the sign-in account (unique by email) and the user's profile. The profile is written only
 * after the account claimed the email, so a refused sign-up writes nothing.
 */
export async function signUpLocal(
  deps: Pick<Deps, 'db' | 'tables' | 'clock' | 'ids'>,
  table: string,
  input: LocalSignup,
): Promise<{ identity: Identity; displayName: string }> {
  const email = input.email.trim().toLowerCase();
  const displayName = input.displayName.trim();
  const userId = deps.ids.newId('user');
  const created = await createLocalAccount(deps.db, table, { email, userId, displayName, groups: [], password: input.password });
  if (!created) throw new AppError('CONFLICT', 'An account with this email already exists. Log in instead.', { field: 'email' });
  const profile: UserProfileRecord = { ...modelFields('UserProfile', userId, deps.clock.now()), owner: userId, email, displayName };
  await deps.db.send(
    new PutCommand({ TableName: deps.tables.UserProfile, Item: profile, ConditionExpression: 'attribute_not_exists(id)' }),
  );
  return { identity: { userId, email, groups: [] }, displayName };
}

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

const DUMMY_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(64).toString('base64');
