/** The audit log's one write: an entry is added once (its id is fresh) and never changed. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { newItemPut } from './expressions';
import type { AuditLogRecord } from './records';
import type { DbClient } from './transact';
import type { TableNames } from './tables';

export async function putAuditEntry(deps: DbClient & { tables: TableNames }, record: AuditLogRecord): Promise<void> {
  await deps.db.send(new PutCommand(newItemPut(deps.tables.AuditLog, record)));
}
