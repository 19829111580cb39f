/**
 * The admins' CSV exports (refund-processor, ADMIN group only): request one for a range of UTC days, list one's
 * exports, and get a short-lived download link for a ready one. The file never passes through the function's answer.
 */
import { z } from 'zod';
import { EXPORT_KINDS, type ExportKind, type ExportStatus } from '../domain/exports';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day as YYYY-MM-DD');

export const exportRequests = {
  /** `from`..`to`: UTC days, inclusive, at most 366 (checked by the service: a 400 with the reason). */
  ADMIN_REQUEST_EXPORT: z.object({ kind: z.enum(EXPORT_KINDS as [ExportKind, ...ExportKind[]]), from: day, to: day }).strict(),
  ADMIN_LIST_EXPORTS: z
    .object({ limit: z.number().int().min(1).max(100).default(20), cursor: z.string().min(1).max(2000).optional() })
    .strict(),
  ADMIN_EXPORT_LINK: z.object({ exportId: z.string().regex(/^exp_[A-Za-z0-9]{6,64}$/, 'exportId: an export id') }).strict(),
};

export interface ExportJobView {
  id: string;
  kind: ExportKind;
  from: string;
  to: string;
  status: ExportStatus;
  createdAt: string;
  /** What the browser saves it as. */
  fileName: string;
  /** READY: data rows (the header line not counted) and the file's size. */
  rowCount?: number;
  bytes?: number;
  /** FAILED: why, in words. */
  error?: string;
  finishedAt?: string;
}

export interface ExportResponses {
  ADMIN_REQUEST_EXPORT: { export: ExportJobView };
  ADMIN_LIST_EXPORTS: { exports: ExportJobView[]; nextCursor?: string };
  /** `url`: relative (the app's signed route) at home, absolute (S3, presigned) in AWS. */
  ADMIN_EXPORT_LINK: { url: string; expiresAt: string; fileName: string };
}
