/**
 * One page of an admin list's index query (byCreatedMonth / byStatusListShard, sort key createdAt): a createdAt range
 * as part of the key condition, and equality filters (currency, a set of statuses) as a FilterExpression. DynamoDB
 * applies `limit` before the filter, so a page may hold fewer rows than asked with more to read (`nextCursor`).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ModelName } from './tables';
import type { DataDeps } from './transact';

export interface ListQuery {
  index: 'byCreatedMonth' | 'byStatusListShard';
  key: 'createdMonth' | 'statusListShard';
  value: string;
  /** Inclusive createdAt bounds (ISO). */
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  newestFirst: boolean;
  limit: number;
  /** attribute → the value it must equal, or the values it must be one of. */
  filters?: Record<string, string | readonly string[] | undefined>;
}

export async function queryListPage<T>(
  deps: DataDeps,
  model: ModelName,
  q: ListQuery,
  cursor?: Record<string, unknown>,
): Promise<{ items: T[]; scanned: number; nextCursor?: Record<string, unknown> }> {
  const names: Record<string, string> = { '#pk': q.key, '#sk': 'createdAt' };
  const values: Record<string, unknown> = { ':pk': q.value };
  let condition = '#pk = :pk';
  if (q.createdFrom !== undefined && q.createdTo !== undefined) {
    condition += ' AND #sk BETWEEN :from AND :to';
    values[':from'] = q.createdFrom;
    values[':to'] = q.createdTo;
  } else if (q.createdFrom !== undefined) {
    condition += ' AND #sk >= :from';
    values[':from'] = q.createdFrom;
  } else if (q.createdTo !== undefined) {
    condition += ' AND #sk <= :to';
    values[':to'] = q.createdTo;
  } else {
    delete names['#sk'];
  }
  const filters: string[] = [];
  Object.entries(q.filters ?? {}).forEach(([attr, want], i) => {
    if (want === undefined) return;
    names[`#f${i}`] = attr;
    const options = typeof want === 'string' ? [want] : want;
    const placeholders = options.map((v, j) => {
      values[`:f${i}_${j}`] = v;
      return `:f${i}_${j}`;
    });
    filters.push(`#f${i} IN (${placeholders.join(', ')})`);
  });
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.tables[model],
      IndexName: q.index,
      KeyConditionExpression: condition,
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: !q.newestFirst,
      Limit: q.limit,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  return {
    items: (out.Items ?? []) as T[],
    scanned: out.ScannedCount ?? 0,
    ...(out.LastEvaluatedKey ? { nextCursor: out.LastEvaluatedKey } : {}),
  };
}
