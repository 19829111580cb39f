import { bookingCalendarDownload } from '@/lib/server/calendar-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The booking's calendar invite (.ics) for its customer, provider or an admin. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return bookingCalendarDownload(req, id);
}
