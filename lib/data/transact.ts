import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../services/deps';

export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** All or nothing: a money effect is written whole or not at all. */
export async function transactWrite(deps: Pick<Deps, 'db'>, items: TxItem[]): Promise<void> {
  if (items.length === 0) return;
  await deps.db.send(new TransactWriteCommand({ TransactItems: items }));
}
