/**
 * `GET /api/exports/<id>?name=…&expires=…&signature=…`: an admin's CSV export at home, for a link ADMIN_EXPORT_LINK made
 * (the signature is the proof: the link was given to an admin and works a few minutes). Expired or tampered: 403.
 * In AWS the links are S3's presigned URLs and this route has nothing to serve.
 */
import { AppError, toHttpResponse } from '../http/errors';
import { marketplaceMode } from './mode';
import { toResponse } from './routes';

const REFUSALS = {
  expired: (exportId: string) =>
    new AppError('FORBIDDEN', 'This download link has expired: get a new one from the exports page', { exportId }),
  invalid: (exportId: string) => new AppError('FORBIDDEN', 'This download link is not valid', { exportId }),
  missing: (exportId: string) => new AppError('NOT_FOUND', 'This export is no longer kept', { exportId }),
};

export async function exportDownload(req: Request, exportId: string): Promise<Response> {
  try {
    if (marketplaceMode() === 'aws') throw new AppError('NOT_FOUND', 'Exports are downloaded from their storage link in AWS');
    const query = new URL(req.url).searchParams;
    const { localExportDownload } = await import('../local/app');
    const file = await localExportDownload(exportId, {
      name: query.get('name'),
      expires: query.get('expires'),
      signature: query.get('signature'),
    });
    if (file.outcome !== 'valid') throw REFUSALS[file.outcome](exportId);
    return new Response(file.body, {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9_.-]/g, '')}"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (err) {
    return toResponse(toHttpResponse(err));
  }
}
