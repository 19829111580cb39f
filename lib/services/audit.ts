/** The audit log of admin actions (AuditLog model): who, when, what, why. Written after the action succeeded. */
import type { Identity } from '../auth/identity';
import { putAuditEntry } from '../data/audit-writes';
import { modelFields } from '../data/items';
import type { AuditLogRecord } from '../data/records';
import { queryPage } from '../data/repository';
import type { Deps } from './deps';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  reason?: string | undefined;
  details?: unknown;
}

export async function recordAudit(deps: Deps, actor: Identity, entry: AuditEntry): Promise<AuditLogRecord> {
  const now = deps.clock.now();
  const record: AuditLogRecord = {
    ...modelFields('AuditLog', deps.ids.newId('audit'), now),
    logPartition: 'AUDIT',
    actorId: actor.userId,
    actorEmail: actor.email,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.details !== undefined ? { details: JSON.parse(JSON.stringify(entry.details)) as unknown } : {}),
  };
  await putAuditEntry(deps, record);
  return record;
}

/** Newest first; `targetId` narrows to one booking (byTarget index). */
export async function listAudit(deps: Deps, opts: { targetId?: string | undefined; limit: number; cursor?: Record<string, unknown> | undefined }) {
  return opts.targetId
    ? queryPage<AuditLogRecord>(deps, 'AuditLog', { index: 'byTarget', key: 'targetId', value: opts.targetId, newestFirst: true, limit: opts.limit }, opts.cursor)
    : queryPage<AuditLogRecord>(deps, 'AuditLog', { index: 'byLogPartition', key: 'logPartition', value: 'AUDIT', newestFirst: true, limit: opts.limit }, opts.cursor);
}
