/**
 * ExportJob rows: written QUEUED with their ExportRequested event in one transaction, then READY (with the file's key,
 * size and row count) or FAILED by the exports consumer, only from QUEUED. Each row expires with its file (TTL).
 */
import type { ExportKind, ExportStatus } from '../domain/exports';
import type { EventActor } from '../domain/events';
import { newItemPut, updateInput } from './expressions';
import { modelFields, type ModelItem } from './items';
import { eventItem } from './outbox';
import { getItem, queryPage } from './repository';
import type { DataDeps, TableDeps, TxItem } from './transact';
import { transactWrite } from './transact';

export interface ExportJobRecord extends ModelItem {
  __typename: 'ExportJob';
  kind: ExportKind;
  /** First and last UTC day (YYYY-MM-DD), inclusive. */
  from: string;
  to: string;
  requestedBy: string;
  status: ExportStatus;
  rowCount?: number;
  /** The file in the export store (`exports/<id>.csv`). */
  objectKey?: string;
  bytes?: number;
  error?: string;
  finishedAt?: string;
  /** Epoch seconds: DynamoDB's TTL removes the row then. */
  expiresAt: number;
}

export async function createExportJob(
  deps: DataDeps,
  job: { id: string; kind: ExportKind; from: string; to: string; requestedBy: string; expiresAt: number },
  actor: EventActor,
  now: Date,
): Promise<ExportJobRecord> {
  const record: ExportJobRecord = { ...modelFields('ExportJob', job.id, now), ...job, status: 'QUEUED' };
  await transactWrite(deps, [
    { Put: newItemPut(deps.tables.ExportJob, record) },
    eventItem(
      deps,
      {
        type: 'ExportRequested',
        aggregateType: 'Export',
        aggregateId: job.id,
        actor,
        payload: { exportId: job.id, kind: job.kind, from: job.from, to: job.to },
      },
      now,
    ),
  ]);
  return record;
}

export const exportJob = (deps: DataDeps, id: string) => getItem<ExportJobRecord>(deps, 'ExportJob', id);

/** The job's outcome, only while it is QUEUED (a second delivery cannot overwrite a finished job). */
export function finishExportItem(
  deps: TableDeps,
  id: string,
  outcome: { status: 'READY'; rowCount: number; objectKey: string; bytes: number } | { status: 'FAILED'; error: string },
  now: Date,
): TxItem {
  const iso = now.toISOString();
  return {
    Update: updateInput(deps.tables.ExportJob, { id }, { set: { ...outcome, finishedAt: iso, updatedAt: iso } }, [
      { attr: 'status', eq: 'QUEUED' },
    ]),
  };
}

/** One requester's exports, newest first, a page at a time. */
export function exportJobsOf(deps: DataDeps, requestedBy: string, limit: number, cursor?: Record<string, unknown>) {
  return queryPage<ExportJobRecord>(
    deps,
    'ExportJob',
    { index: 'byRequester', key: 'requestedBy', value: requestedBy, newestFirst: true, limit },
    cursor,
  );
}
