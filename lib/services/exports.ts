/**
 * Admins' CSV exports: a request writes the job (QUEUED) with its ExportRequested event in one transaction; the
 * exports consumer (./export-writer.ts) writes the file in the background; a READY job is downloaded through a
 * short-lived link from the export store (Deps.exports). No export passes through a function's response.
 */
import type { Identity } from '../auth/identity';
import { createExportJob, exportJob, exportJobsOf, type ExportJobRecord } from '../data/export-jobs';
import { EXPORT_KEEP_DAYS, EXPORT_LINK_SECONDS, exportFileName, exportRangeProblem, type ExportKind } from '../domain/exports';
import { AppError } from '../http/errors';
import type { ExportJobView } from '../http/exports';
import type { Deps } from '../ports';
import { decodePageCursor, encodePageCursor } from './page-cursor';

export function exportJobView(job: ExportJobRecord): ExportJobView {
  return {
    id: job.id,
    kind: job.kind,
    from: job.from,
    to: job.to,
    status: job.status,
    createdAt: job.createdAt,
    fileName: exportFileName(job.kind, job.from, job.to),
    ...(job.rowCount !== undefined ? { rowCount: job.rowCount } : {}),
    ...(job.bytes !== undefined ? { bytes: job.bytes } : {}),
    ...(job.error ? { error: job.error } : {}),
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
  };
}

/** ADMIN_REQUEST_EXPORT: a range of UTC days (at most 366) of one kind; the file follows in the background. */
export async function requestExport(deps: Deps, admin: Identity, input: { kind: ExportKind; from: string; to: string }) {
  const problem = exportRangeProblem(input.from, input.to);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { from: input.from, to: input.to });
  const now = deps.clock.now();
  const job = await createExportJob(
    deps,
    {
      id: deps.ids.newId('exp'),
      kind: input.kind,
      from: input.from,
      to: input.to,
      requestedBy: admin.userId,
      expiresAt: Math.floor(now.getTime() / 1000) + EXPORT_KEEP_DAYS * 86_400,
    },
    { role: 'ADMIN', id: admin.userId },
    now,
  );
  return { export: exportJobView(job) };
}

/** ADMIN_LIST_EXPORTS: the caller's exports, newest first, a page at a time. */
export async function listExports(deps: Deps, admin: Identity, q: { limit: number; cursor?: string | undefined }) {
  const scope = `exports:${admin.userId}`;
  const page = await exportJobsOf(deps, admin.userId, q.limit, decodePageCursor(scope, q.cursor));
  const nextCursor = encodePageCursor(scope, page.nextCursor);
  return { exports: page.items.map(exportJobView), ...(nextCursor ? { nextCursor } : {}) };
}

/** ADMIN_EXPORT_LINK: a download link for a READY export, valid a few minutes. */
export async function exportLink(deps: Deps, input: { exportId: string }) {
  const job = await exportJob(deps, input.exportId);
  if (!job) throw new AppError('NOT_FOUND', 'No such export', { exportId: input.exportId });
  if (job.status !== 'READY' || !job.objectKey)
    throw new AppError('CONFLICT', job.status === 'FAILED' ? 'This export failed: request it again' : 'This export is not ready yet', {
      exportId: job.id,
      status: job.status,
    });
  if (!deps.exports) throw new AppError('MISCONFIGURED', 'Exports are not set up on this deployment');
  const fileName = exportFileName(job.kind, job.from, job.to);
  const url = await deps.exports.link(job.objectKey, EXPORT_LINK_SECONDS, fileName);
  const expiresAt = new Date(deps.clock.now().getTime() + EXPORT_LINK_SECONDS * 1000).toISOString();
  return { url, expiresAt, fileName };
}
