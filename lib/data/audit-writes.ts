/** The audit log's one write: an entry is added once (its id is fresh) and never changed. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { newItemPut } from './expressions';
import type { AuditLogRecord } from './records';
import type { DataDeps } from './transact';

export async function putAuditEntry(deps: DataDeps, record: AuditLogRecord): Promise<void> {
  await deps.db.send(new PutCommand(newItemPut(deps.tables.AuditLog, record)));
}
