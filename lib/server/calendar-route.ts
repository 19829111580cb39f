/**
 * `GET /api/bookings/<id>/calendar`: the booking's invite as a download (.ics), with the UID its emails use, so a
 * calendar that imported either updates one event. Read through booking-processor's GET_BOOKING with the caller's
 * token, so the same access rule decides who may download it. A GET changes nothing, so it takes no guarded body.
 */
import { bookingInvite } from '../email/calendar';
import { toHttpResponse, type HttpResponse } from '../http/errors';
import type { BookingResponses } from '../http/booking-processor';
import { invokeFunction } from './invoke';
import { marketplaceMode } from './mode';
import { callerToken, toResponse } from './routes';

export async function bookingCalendarDownload(req: Request, bookingId: string): Promise<Response> {
  try {
    const token = marketplaceMode() === 'aws' ? await (await import('./aws-session')).awsCallerToken(req) : callerToken(req);
    const res: HttpResponse = await invokeFunction('booking-processor', { action: 'GET_BOOKING', payload: { bookingId }, token });
    if (res.statusCode !== 200) return toResponse(res);
    const { booking } = JSON.parse(res.body) as BookingResponses['GET_BOOKING'];
    const ics = bookingInvite({
      bookingId: booking.id,
      title: booking.service.title,
      startIso: booking.dateTime.start,
      endIso: booking.dateTime.end,
      // a download is the booking as it is now: its SEQUENCE is now, never below an email's about an earlier change
      changedAtIso: new Date().toISOString(),
      cancelled: booking.status === 'CANCELLED',
    });
    return new Response(ics, {
      status: 200,
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `attachment; filename="booking-${booking.id.replace(/[^A-Za-z0-9_-]/g, '')}.ics"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (err) {
    return toResponse(toHttpResponse(err));
  }
}
