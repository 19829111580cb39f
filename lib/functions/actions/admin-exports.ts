/** The admins' CSV exports (refund-processor, with the admin dashboard): request, list, download link. */
import { exportRequests as req } from '../../http/exports';
import { exportLink, listExports, requestExport } from '../../services/exports';
import { action, requireCaller } from '../dispatch';

export const adminExportActions = {
  ADMIN_REQUEST_EXPORT: action({
    access: 'ADMIN',
    schema: req.ADMIN_REQUEST_EXPORT,
    run: (ctx, input) => requestExport(ctx.deps, requireCaller(ctx), input),
  }),
  ADMIN_LIST_EXPORTS: action({
    access: 'ADMIN',
    schema: req.ADMIN_LIST_EXPORTS,
    run: (ctx, input) => listExports(ctx.deps, requireCaller(ctx), input),
  }),
  ADMIN_EXPORT_LINK: action({
    access: 'ADMIN',
    schema: req.ADMIN_EXPORT_LINK,
    run: (ctx, input) => exportLink(ctx.deps, input),
  }),
};
