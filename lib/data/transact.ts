import { PutCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { newItemPut } from './expressions';
import type { TableNames } from './tables';
import { isConditionalCheckFailed, transactionCancellationReasons } from './items';

export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What every writer in lib/data needs: the document client. */
interface DbClient {
  db: DynamoDBDocumentClient;
}

/** All or nothing: a money effect is written whole or not at all. */
export async function transactWrite(deps: DbClient, items: TxItem[]): Promise<void> {
  if (items.length === 0) return;
  // A writer's items are a list (a change and its event): spread them, never nest them.
  if (items.some((item) => Array.isArray(item))) throw new Error("transactWrite: a nested list of items (spread the writer's items)");
  await deps.db.send(new TransactWriteCommand({ TransactItems: items }));
}

interface CommitOptions {
  /** How many times the transaction is built and tried (default 4). */
  attempts?: number;
  /**
   * Called with the cancellation reasons of a refused attempt; return false to stop retrying and rethrow (e.g. when the
   * refusal is final: an idempotent write already done).
   */
  retryWhen?: (reasons: string[], attempt: number) => boolean;
}

/**
 * The one commit path for transactions that may race: build from fresh reads, commit, and when a concurrent writer got
 * there first (TransactionCanceledException) build again from the new state. `build` returning [] commits nothing
 * (the state already says the work is done). A refusal on the last attempt is rethrown.
 */
export async function commitWithRetry(
  deps: DbClient,
  build: (attempt: number) => Promise<TxItem[]>,
  options: CommitOptions = {},
): Promise<void> {
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    const items = await build(attempt);
    try {
      await transactWrite(deps, items);
      return;
    } catch (err) {
      const reasons = transactionCancellationReasons(err);
      if (!reasons || attempt >= attempts || (options.retryWhen && !options.retryWhen(reasons, attempt))) throw err;
      // jittered backoff, so two racing writers do not collide again in lockstep
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

/** Writes a new item unless its id exists: true when this call wrote it (a lost race or a retry answers false). */
export async function putIfAbsent(deps: DbClient, tableName: string, item: object): Promise<boolean> {
  try {
    await deps.db.send(new PutCommand(newItemPut(tableName, item)));
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

/** What a writer needs to build items (table names) and, to send them, the client. */
export interface TableDeps {
  tables: TableNames;
}
export type DataDeps = DbClient & TableDeps;
