/** The audit log's one write: an entry is added once (its id is fresh) and never changed. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { buildExpression, ONLY_NEW } from './expressions';
import type { AuditLogRecord } from './records';
import type { DbClient } from './transact';
import type { TableNames } from './tables';

export async function putAuditEntry(deps: DbClient & { tables: TableNames }, record: AuditLogRecord): Promise<void> {
  await deps.db.send(new PutCommand({ TableName: deps.tables.AuditLog, Item: record, ...buildExpression(undefined, [ONLY_NEW]) }));
}
