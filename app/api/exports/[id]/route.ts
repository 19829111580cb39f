import { exportDownload } from '@/lib/server/export-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** An admin's CSV export, for a signed link that has not expired (ADMIN_EXPORT_LINK makes them). */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return exportDownload(req, id);
}
