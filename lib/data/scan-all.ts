/**
 * Every item a scan returns, page after page (consistent reads). Only for offline jobs over whole tables (the daily
 * reconciliation, the rollups' rebuild): never on a request path.
 */
import { ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DataDeps } from './transact';

export async function scanAll<T>(deps: DataDeps, input: ScanCommandInput): Promise<T[]> {
  const items: T[] = [];
  let startKey: ScanCommandInput['ExclusiveStartKey'];
  do {
    const out = await deps.db.send(new ScanCommand({ ...input, ConsistentRead: true, ExclusiveStartKey: startKey }));
    items.push(...((out.Items ?? []) as T[]));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}
